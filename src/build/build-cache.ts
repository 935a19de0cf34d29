/**
 * A content-hash cache of kustomize builds under `.fluxgen/cache/` in the infra repo. The cache
 * folder carries its own `.gitignore` (`*`), so it never shows up in `git status`, whatever the
 * repo's own ignore rules say.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { collectBuildInputs } from './build-inputs.ts';
import { kustomizeIdentity } from './kustomize-identity.ts';
import { CACHE_DIR } from './outcome-cache.ts';

export { CACHE_DIR };

const ENTRIES = `${CACHE_DIR}/kustomize`;
const FORMAT = 'fluxgen-build-cache/1 --load-restrictor LoadRestrictionsNone';

/** Builds `relDir` of the tree at `root` and returns kustomize's output. */
export type BuildFunction = (root: string, relDir: string) => Promise<string>;

export interface BuildCacheStats {
  hits: number;
  /** Builds that ran kustomize. */
  misses: number;
  /** Builds that read a remote resource: always run, never stored. */
  uncacheable: number;
}

const stats: BuildCacheStats = { hits: 0, misses: 0, uncacheable: 0 };

/** Counters of this process, for tests and FLUXGEN_DEBUG. */
export function buildCacheStats(): BuildCacheStats {
  return { ...stats };
}

function debug(line: string): void {
  if (process.env.FLUXGEN_DEBUG) process.stderr.write(`fluxgen: debug: ${line}\n`);
}

/**
 * The cache key of a build: the kustomize binary, the build flags, the directory and the hash of
 * every file the build can read (see collectBuildInputs). Independent of where `root` is, so a
 * staged copy and the repo share entries. Undefined when the build is not cacheable.
 */
export async function buildKey(root: string, relDir: string): Promise<string | undefined> {
  const dir = path.posix.normalize(relDir.replace(/^\.\/+/, '') || '.').replace(/(.)\/+$/, '$1');
  const inputs = await collectBuildInputs(root, dir, [CACHE_DIR]);
  if (inputs === undefined) return undefined;
  const hash = createHash('sha256').update(`${FORMAT}\n${await kustomizeIdentity()}\n${dir}\n`);
  for (const input of inputs) {
    const content = input.content === null ? 'missing' : createHash('sha256').update(input.content).digest('hex');
    hash.update(`${input.path}\0${content}\n`);
  }
  return hash.digest('hex');
}

/**
 * The build of `relDir`: from the cache of `cacheRoot` (default `root`) when every file it can read
 * is unchanged, else `build`, whose output is then stored. Failed builds are never stored; a cache
 * that cannot be read or written only costs a build.
 */
export async function cachedBuild(root: string, relDir: string, build: BuildFunction, options: { cacheRoot?: string } = {}): Promise<string> {
  const key = await buildKey(root, relDir);
  if (key === undefined) {
    stats.uncacheable++;
    debug(`build cache: ${relDir} reads a remote resource: not cached`);
    return build(root, relDir);
  }
  const cacheRoot = options.cacheRoot ?? root;
  const entry = path.join(cacheRoot, ENTRIES, `${key}.out`);
  const cached = await readFile(entry, 'utf8').catch(() => undefined);
  if (cached !== undefined) {
    stats.hits++;
    debug(`build cache hit ${relDir}`);
    const now = new Date();
    await utimes(entry, now, now).catch(() => undefined);
    return cached;
  }
  stats.misses++;
  debug(`build cache miss ${relDir}: kustomize build`);
  const output = await build(root, relDir);
  await store(cacheRoot, entry, output).catch((error: Error) => debug(`build cache: cannot store ${relDir}: ${error.message}`));
  return output;
}

async function store(cacheRoot: string, entry: string, output: string): Promise<void> {
  const ignore = path.join(cacheRoot, CACHE_DIR, '.gitignore');
  await mkdir(path.dirname(entry), { recursive: true });
  if (!(await stat(ignore).then(() => true, () => false))) {
    await writeFile(ignore, '# fluxgen build cache: local only, safe to delete\n*\n');
  }
  await writeFileAtomic(entry, output);
}

/** Prunes this cache's entries and the builder's (outcome-cache.ts), never through a symlink. */
export { pruneBuildCache } from './outcome-cache.ts';
