/**
 * The content-hash cache of build outcomes under `<repo>/.fluxgen/cache/`: one JSON file per successful
 * build, named by the hash of everything the build can read. It is read and written only inside the repo
 * root, never through a symlink (a symlinked `.fluxgen` turns the cache off), and carries its own
 * `.gitignore` (`*`), so it never shows up in `git status`.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { isFluxgenError } from '../errors.ts';
import { resolveInsideRoot } from '../write/safe-path.ts';
import type { BuildOutcome } from './build-outcome.ts';
import { debug } from './debug.ts';

export const CACHE_DIR = '.fluxgen/cache';
const ENTRIES = `${CACHE_DIR}/builds`;
/** Entries of the cache of whole check runs (check/result-cache.ts), pruned with the builds. */
export const CHECK_ENTRIES = `${CACHE_DIR}/checks`;
/** Entries of the per-folder cache (build-cache.ts), pruned here too until it is gone. */
const LEGACY_ENTRIES = `${CACHE_DIR}/kustomize`;
const FORMAT = 'fluxgen-build-outcome/1 --load-restrictor LoadRestrictionsNone';
const WEEK_MS = 7 * 24 * 3600 * 1000;

const hashes = new WeakMap<Buffer, string>();

function hashOf(content: Buffer): string {
  let hash = hashes.get(content);
  if (hash === undefined) hashes.set(content, (hash = createHash('sha256').update(content).digest('hex')));
  return hash;
}

/**
 * The key of a build: the format, the engine (which kustomize, by `kustomizeIdentity()`), the folder and
 * the hash of every input (sorted by path; null = a referenced path that does not exist, so creating it
 * changes the key). Independent of where the repo lives, so a staged copy and the repo share entries.
 */
export function outcomeKey(engine: string, dir: string, inputs: ReadonlyMap<string, Buffer | null>): string {
  const hash = createHash('sha256').update(`${FORMAT}\n${engine}\n${dir}\n`);
  for (const [file, content] of inputs) hash.update(`${file}\0${content === null ? 'missing' : hashOf(content)}\n`);
  return hash.digest('hex');
}

/** Writes the cache's `.gitignore` (`*`) at `file` unless it exists; 'wx' never follows a symlink nor rewrites a file. */
export async function writeCacheIgnore(file: string): Promise<void> {
  await open(file, 'wx').then(
    async (handle) => {
      await handle.writeFile('# fluxgen build cache: local only, safe to delete\n*\n');
      await handle.close();
    },
    () => undefined,
  );
}

/**
 * A cache entry's JSON when `valid` accepts it, else undefined. An entry that is a symlink is not read
 * (O_NOFOLLOW); a hit refreshes the entry's time, which keeps it from pruning.
 */
export async function readCacheEntry<Entry>(file: string, valid: (entry: Entry) => boolean): Promise<Entry | undefined> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const entry = JSON.parse(await handle.readFile('utf8')) as Entry;
    const now = new Date();
    await handle.utimes(now, now).catch(() => undefined);
    return valid(entry) ? entry : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** The resolved path of `relPath`, or undefined (with a debug line) when it would leave the root or pass a symlink. */
async function inside(root: string, relPath: string): Promise<string | undefined> {
  try {
    return await resolveInsideRoot(root, relPath);
  } catch (error) {
    debug(`build cache off: ${isFluxgenError(error) ? error.message : String(error)}`);
    return undefined;
  }
}

export interface OutcomeCache {
  /** The stored outcome of `key`, or undefined; a hit refreshes the entry's time (for pruning). */
  read(key: string): Promise<BuildOutcome | undefined>;
  /** Stores successful outcomes; a store that fails only costs a later build. */
  write(entries: Iterable<[string, BuildOutcome]>): Promise<void>;
}

/** The cache of the repo at `root`; reads find nothing and writes do nothing when `.fluxgen/cache` is not a real folder inside it. */
export function openOutcomeCache(root: string): OutcomeCache {
  let entries: Promise<string | undefined> | undefined;
  return {
    async read(key) {
      const dir = await (entries ??= inside(root, ENTRIES));
      if (dir === undefined) return undefined;
      return readCacheEntry<BuildOutcome>(path.join(dir, `${key}.json`), (outcome) => Array.isArray(outcome.objects));
    },
    async write(list) {
      const todo = [...list].filter(([, outcome]) => outcome.error === undefined && outcome.remote === undefined);
      if (todo.length === 0) return;
      try {
        const dir = await inside(root, ENTRIES);
        const ignore = await inside(root, `${CACHE_DIR}/.gitignore`);
        if (dir === undefined || ignore === undefined) return;
        await mkdir(dir, { recursive: true });
        await writeCacheIgnore(ignore);
        for (const [key, outcome] of todo) {
          // Per entry: write-file-atomic follows a symlink at the target, resolveInsideRoot refuses one.
          const file = await inside(root, `${ENTRIES}/${key}.json`);
          if (file !== undefined) await writeFileAtomic(file, JSON.stringify({ objects: outcome.objects }), { fsync: false });
        }
      } catch (error) {
        debug(`build cache: cannot store: ${(error as Error).message}`);
      }
    },
  };
}

/** Removes cache entries unused for `maxAgeMs` (default a week); each hit refreshes an entry's time. */
export async function pruneBuildCache(root: string, maxAgeMs = WEEK_MS): Promise<number> {
  const cutoff = Date.now() - maxAgeMs;
  let removed = 0;
  for (const relDir of [ENTRIES, CHECK_ENTRIES, LEGACY_ENTRIES]) {
    const dir = await inside(root, relDir);
    if (dir === undefined) continue;
    for (const name of await readdir(dir).catch(() => [])) {
      const info = await lstat(path.join(dir, name)).catch(() => undefined);
      if (info?.isFile() && info.mtimeMs < cutoff) {
        await rm(path.join(dir, name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}
