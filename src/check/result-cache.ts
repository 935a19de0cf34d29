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
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Dirent } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { kustomizeIdentity } from '../build/kustomize-identity.ts';
import { CACHE_DIR, CHECK_ENTRIES, readCacheEntry, writeCacheIgnore } from '../build/outcome-cache.ts';
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

/**
 * Every file under `dir` (repo-relative, sorted), or undefined past MAX_FILES or on a folder it cannot
 * list. Synchronous on purpose, like the hashing below: hundreds of small reads, each awaited through the
 * thread pool, cost more in round trips than in reading.
 */
function listFiles(root: string, dir = '', found: string[] = []): string[] | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (SKIPPED.has(rel) || rel.startsWith(SKIPPED_PREFIX) || entry.name === 'node_modules') continue;
    if (entry.isDirectory()) {
      if (!listFiles(root, rel, found)) return undefined;
    } else {
      found.push(rel);
    }
    if (found.length > MAX_FILES) return undefined;
  }
  return found;
}

function statLine(file: string, name: string): string {
  try {
    const info = statSync(file);
    return `${name}:${info.size}:${info.mtimeMs}`;
  } catch {
    return `${name}:missing`;
  }
}

/**
 * fluxgen's own identity: size and time of its package files and of its code — the bundle (`dist/`) when
 * it runs from there, else the sources.
 */
function fluxgenIdentity(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let dir = here;
  while (path.dirname(dir) !== dir && !existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const code = path.relative(dir, here).split(path.sep)[0] === 'dist' ? 'dist' : 'src';
  const files = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', ...(listFiles(path.join(dir, code)) ?? []).map((f) => `${code}/${f}`)];
  return files.map((file) => statLine(path.join(dir, file), file)).join('\n');
}

/** A file's content hash; a symlink by its target (never followed), anything else (a FIFO, a socket) by its kind alone. */
function digestOf(file: string): string {
  try {
    const info = lstatSync(file);
    if (info.isSymbolicLink()) return `link:${readlinkSync(file)}`;
    if (!info.isFile()) return 'special';
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return 'unreadable';
  }
}

/** The key of a run over the repo at `root`, or undefined when the repo is too large to hash. */
async function runKey(root: string, options: unknown): Promise<string | undefined> {
  const files = listFiles(root);
  if (!files) return undefined;
  const hash = createHash('sha256').update(`${FORMAT}\n${JSON.stringify(options)}\n${await kustomizeIdentity()}\n${fluxgenIdentity()}\n`);
  for (const file of files) hash.update(`${file}\0${digestOf(path.join(root, file))}\n`);
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
      return file === undefined ? undefined : readCacheEntry<StoredRun>(file, (run) => Array.isArray(run.output));
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
