/** Whole-repo snapshots (files, folders, symlinks) to prove that a run changed nothing. */
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

export interface Snapshot {
  /** Relative path → content; a symlink as `symlink → <target>` (never followed). */
  files: Map<string, string>;
  /** Every folder, relative, sorted: catches empty leftovers that `files` cannot show. */
  dirs: string[];
}

/** Every file, symlink and folder under root, skipping the names in `skip` (e.g. `.git`) and the build cache. */
export async function snapshot(root: string, skip: readonly string[] = []): Promise<Snapshot> {
  const files = new Map<string, string>();
  const dirs: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (skip.includes(entry.name)) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (child === '.fluxgen/cache') continue; // the local build cache (git-ignored) is not repo content
      if (entry.isSymbolicLink()) files.set(child, `symlink → ${await readlink(path.join(root, child))}`);
      else if (entry.isDirectory()) {
        dirs.push(child);
        await walk(child);
      } else files.set(child, await readFile(path.join(root, child), 'latin1'));
    }
  };
  await walk('');
  // a .fluxgen/ that holds nothing but the build cache is not repo content either
  const kept = dirs.filter((dir) => dir !== '.fluxgen' || [...files.keys()].some((file) => file.startsWith('.fluxgen/')) || dirs.some((d) => d.startsWith('.fluxgen/')));
  return { files, dirs: kept.sort() };
}
