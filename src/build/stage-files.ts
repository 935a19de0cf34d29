/** A scratch copy of the files some builds read, at the same relative paths, outside the user's repo. */
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface StagedTree {
  /** Where the repo root lies in the scratch copy (a real path). */
  root: string;
  /** Removes the scratch copy. */
  remove(): Promise<void>;
}

/**
 * Writes `files` (repo-relative; null = absent, not written) and creates `dirs` under a fresh temp dir. Files
 * outside the repo (`../…`) keep their place: the copy's root is nested as deep, under the real root's own
 * folder names, so `../x` and `../<repo>/y` resolve as they do in the repo.
 */
export async function stageFiles(files: ReadonlyMap<string, Buffer | null>, dirs: readonly string[], realRoot: string): Promise<StagedTree> {
  const scratch = await realpath(await mkdtemp(path.join(os.tmpdir(), 'fluxgen-stage-')));
  const remove = () => rm(scratch, { recursive: true, force: true });
  try {
    const up = Math.max(0, ...[...files.keys()].map((file) => /^(\.\.\/)*/.exec(file)![0].length / 3));
    const names = realRoot.split(path.sep).filter(Boolean);
    const root = path.join(scratch, ...names.slice(Math.max(0, names.length - up)));
    await mkdir(root, { recursive: true });
    for (const dir of dirs) await mkdir(path.join(root, dir), { recursive: true });
    for (const [file, content] of files) {
      if (content === null) continue;
      const target = path.join(root, file);
      if (!target.startsWith(`${scratch}${path.sep}`)) continue; // above the file system's root: nothing to mirror
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    return { root, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
