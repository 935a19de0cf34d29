/** Listing the repo's files and cluster folders, the same way for every stage. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.fluxgen']);

/** Every YAML file under dir, relative to root with `/`, sorted. */
export async function listYamlFiles(root: string, dir = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) files.push(...(await listYamlFiles(root, rel)));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(rel);
  }
  return files;
}

/** The folder names under clusters/, sorted (none when clusters/ is missing). */
export async function clusterFolders(root: string): Promise<string[]> {
  return (await readdir(path.join(root, 'clusters'), { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
