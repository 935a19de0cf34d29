/** The files a `kustomize build` of a directory can read: its tree, plus what its kustomization files reference outside it. */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { referencedEntries } from './kustomization-fields.ts';
import { KUSTOMIZATION_FILES } from './kustomize.ts';

export interface BuildInput {
  /** Relative to the root with `/`; `../` for files outside it. */
  path: string;
  /** The file's bytes, or null for a referenced path that does not exist (creating it must change the key). */
  content: Buffer | null;
}

const KUSTOMIZATION_NAMES: ReadonlySet<string> = new Set(KUSTOMIZATION_FILES);
const SKIP_DIRS = new Set(['.git']);
const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@|(github\.com|gitlab\.com|bitbucket\.org)\/)|\?ref=/i;

/**
 * Every file the build of `relDir` can read, sorted by path: the whole directory tree, and every
 * directory or file that a kustomization.yaml in it references by a relative path outside the tree
 * (resources, components, patches, generators…), followed recursively. Undefined when the build
 * reads a remote resource: its output depends on the network, so it must not be cached.
 */
export async function collectBuildInputs(root: string, relDir: string, skip: readonly string[] = []): Promise<BuildInput[] | undefined> {
  const skipped = new Set(skip.map((dir) => path.resolve(root, dir)));
  const files = new Map<string, Buffer | null>();
  const walked: string[] = [];
  const queue = [path.resolve(root, relDir)];
  for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
    if (walked.some((done) => isInside(dir!, done))) continue;
    walked.push(dir);
    for (const file of await listTree(dir, skipped, new Set())) {
      const content = files.get(file) ?? (await readFile(file));
      files.set(file, content);
      if (!KUSTOMIZATION_NAMES.has(path.basename(file))) continue;
      const refs = referencedPaths(content.toString('utf8'));
      if (refs === undefined) return undefined;
      for (const ref of refs) {
        const target = path.resolve(path.dirname(file), ref);
        if (walked.some((done) => isInside(target, done)) || files.has(target)) continue;
        const info = await stat(target).catch(() => undefined);
        if (info?.isDirectory()) queue.push(target);
        else files.set(target, info?.isFile() ? await readFile(target) : null);
      }
    }
  }
  return [...files]
    .map(([file, content]) => ({ path: path.relative(root, file).split(path.sep).join('/'), content }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function isInside(target: string, dir: string): boolean {
  const rel = path.relative(dir, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Every file under dir (symlinks followed once), skipping .git and the given directories. */
async function listTree(dir: string, skipped: ReadonlySet<string>, seen: Set<string>): Promise<string[]> {
  const real = await realpath(dir).catch(() => dir);
  if (seen.has(real) || skipped.has(dir)) return [];
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const info = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
    if (info?.isDirectory() && !SKIP_DIRS.has(entry.name)) found.push(...(await listTree(full, skipped, seen)));
    else if (info?.isFile()) found.push(full);
  }
  return found;
}

type Obj = Record<string, unknown>;

/** Local paths a kustomization file names; undefined when it names a remote resource. Unparsable → none (the build fails, uncached). */
export function referencedPaths(text: string): string[] | undefined {
  const doc = parseDocument(text);
  const k = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 100 }) as Obj | null) : null;
  if (k === null || typeof k !== 'object') return [];
  const local = referencedEntries(k);
  return local.some((ref) => REMOTE.test(ref)) ? undefined : local;
}
