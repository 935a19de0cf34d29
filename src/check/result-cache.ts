/**
 * The cache of whole read-only runs (`check`, `regen --check`): what a run printed and how it ended, under `.fluxgen/cache/checks/`,
 * named by the hash of everything the run depends on — every file of the repo (by content; `.git`,
 * `node_modules` and fluxgen's caches, lock and journal aside; its records count), the flags, whether output is coloured, which kustomize would run,
 * and which fluxgen (its code and installed dependencies, by size and time). Such a run is a function of
 * those, so an unchanged repo gets the last run's output without discovery, builds, schemas or rules.
 * Like the build cache it lives only inside the repo root, never through a symlink; a repo of more than
 * MAX_FILES files is not cached (hashing it would cost what it saves).
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { kustomizeIdentity } from '../build/kustomize-identity.ts';
import { CACHE_DIR, CHECK_ENTRIES, writeCacheIgnore } from '../build/outcome-cache.ts';
import { resolveInsideRoot } from '../write/safe-path.ts';

const FORMAT = 'fluxgen-check-run/1';
const MAX_FILES = 20_000;
/** What a run neither reads nor depends on: git's store, installed packages, and fluxgen's caches, lock and journal (records count). */
const SKIPPED = new Set(['.git', 'node_modules', '.fluxgen/cache', '.fluxgen/flux', '.fluxgen/lock', '.fluxgen/lock.json']);
const SKIPPED_PREFIX = '.fluxgen/journal.json';

/** What a run printed, and the error it ended with (none: exit 0). */
export interface StoredRun {
  /** What was printed, in order: [1, text] on stdout, [2, text] on stderr. */
  output: [1 | 2, string][];
  failure?: { code: string; message: string; hint?: string; reported: boolean };
}

export interface RunCache {
  read(): Promise<StoredRun | undefined>;
  write(run: StoredRun): Promise<void>;
}

/** Every file under `dir` (repo-relative, sorted), or undefined past MAX_FILES or on a file it cannot list. */
async function listFiles(root: string, dir = '', found: string[] = []): Promise<string[] | undefined> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => undefined);
  if (!entries) return undefined;
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (SKIPPED.has(rel) || rel.startsWith(SKIPPED_PREFIX) || entry.name === 'node_modules') continue;
    if (entry.isDirectory()) {
      if (!(await listFiles(root, rel, found))) return undefined;
    } else {
      found.push(rel);
    }
    if (found.length > MAX_FILES) return undefined;
  }
  return found;
}

/** fluxgen's own identity: size and time of every file of its code and of its installed dependency tree. */
async function fluxgenIdentity(): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (path.dirname(dir) !== dir && !(await stat(path.join(dir, 'package.json')).catch(() => undefined))) dir = path.dirname(dir);
  const lines: string[] = [];
  for (const part of ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'dist', 'src']) {
    const files = (await stat(path.join(dir, part)).catch(() => undefined))?.isDirectory() ? ((await listFiles(path.join(dir, part))) ?? []).map((f) => `${part}/${f}`) : [part];
    for (const file of files) {
      const info = await stat(path.join(dir, file)).catch(() => undefined);
      lines.push(`${file}:${info ? `${info.size}:${info.mtimeMs}` : 'missing'}`);
    }
  }
  return lines.join('\n');
}

/** The key of a run over the repo at `root`, or undefined when the repo is too large to hash. */
async function runKey(root: string, options: unknown): Promise<string | undefined> {
  const files = await listFiles(root);
  if (!files) return undefined;
  const hash = createHash('sha256').update(`${FORMAT}\n${JSON.stringify(options)}\n${await kustomizeIdentity()}\n${await fluxgenIdentity()}\n`);
  for (const file of files) {
    const content = await readFile(path.join(root, file)).catch(() => null);
    hash.update(`${file}\0${content === null ? 'unreadable' : createHash('sha256').update(content).digest('hex')}\n`);
  }
  return hash.digest('hex');
}

async function inside(root: string, rel: string): Promise<string | undefined> {
  return resolveInsideRoot(root, rel).catch(() => undefined);
}

/** The cache of check runs at `root` with these options (flags, colour); undefined when the repo is not cacheable. */
export async function openRunCache(root: string, options: unknown): Promise<RunCache | undefined> {
  const key = await runKey(root, options);
  if (key === undefined) return undefined;
  return {
    async read() {
      const file = await inside(root, `${CHECK_ENTRIES}/${key}.json`);
      // O_NOFOLLOW: an entry that is a symlink is not read.
      const handle = file && (await open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined));
      if (!handle) return undefined;
      try {
        const run = JSON.parse(await handle.readFile('utf8')) as StoredRun;
        const now = new Date();
        await handle.utimes(now, now).catch(() => undefined); // a hit keeps the entry from pruning
        return Array.isArray(run.output) ? run : undefined;
      } catch {
        return undefined;
      } finally {
        await handle.close();
      }
    },
    async write(run) {
      const dir = await inside(root, CHECK_ENTRIES);
      const ignore = await inside(root, `${CACHE_DIR}/.gitignore`);
      if (dir === undefined || ignore === undefined) return;
      try {
        await mkdir(dir, { recursive: true });
        await writeCacheIgnore(ignore);
        const file = await inside(root, `${CHECK_ENTRIES}/${key}.json`);
        if (file !== undefined) await writeFileAtomic(file, JSON.stringify(run), { fsync: false });
      } catch {
        // a store that fails only costs the next run its shortcut
      }
    },
  };
}
