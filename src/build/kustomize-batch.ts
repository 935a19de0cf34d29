/**
 * Many folders built by ONE kustomize run of a generated root, each object attributed back to its folder
 * and file. Smaller runs (in parallel, bounded by the caller's limit) only to pinpoint a failing folder or
 * separate two that yield the same object ID.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { LimitFunction } from 'p-limit';
import type { BuildOutcome } from './build-outcome.ts';
import { unitsNamedIn, writeBatchRoot } from './batch-root.ts';
import { runKustomize } from './run-kustomize.ts';
import { splitBuildOutput } from './split-output.ts';

export interface BatchOptions {
  /** Bounds the kustomize processes running at once. */
  limit: LimitFunction;
  /** Whether a folder reaches outside itself (then the batch stamps each folder's objects). */
  external: (dir: string) => boolean;
  /** Called as each kustomize process starts. */
  onRun?: () => void;
  /** Called as folders get their final outcome (a batch built, or a failing folder pinpointed), with how many. */
  onSettled?: (folders: number) => void;
}

const nests = (a: string, b: string) => a === '' || b === '' || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/**
 * Folders in batches where none lies inside another: a folder and one inside it build the same objects,
 * whose IDs would collide in one run (and cost a failed run to find out).
 */
function apart(dirs: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (const dir of dirs) {
    const batch = batches.find((b) => !b.some((other) => nests(dir, other)));
    if (batch) batch.push(dir);
    else batches.push([dir]);
  }
  return batches;
}

/**
 * Builds `dirs` in as few kustomize runs as their nesting allows (see `apart`), in parallel.
 */
export async function buildInBatches(realRoot: string, dirs: readonly string[], options: BatchOptions): Promise<Map<string, BuildOutcome>> {
  const parts = await Promise.all(apart(dirs).map((batch) => buildBatch(realRoot, batch, options)));
  return new Map(parts.flatMap((part) => [...part]));
}

/**
 * Builds `dirs` (relative to `realRoot`, an absolute real path: kustomize resolves symlinks, and relative
 * paths must agree; none inside another) in one run, stamped by folder when one reaches outside itself (its
 * files then do not tell its objects apart). On failure, the folders kustomize's error names are built alone (that pinpoints a
 * failing one, and separates one whose object ID collides), and the rest is halved: several failures cost a
 * logarithmic number of rounds, run in parallel. Each folder gets its own outcome; only a missing kustomize
 * throws.
 */
async function buildBatch(realRoot: string, dirs: readonly string[], options: BatchOptions): Promise<Map<string, BuildOutcome>> {
  const attempt = await options.limit(async () => {
    options.onRun?.();
    const batch = await writeBatchRoot(dirs.map((dir) => path.join(realRoot, dir)), { stamp: dirs.some(options.external) });
    try {
      const result = await runKustomize(batch.dir);
      if (!result.ok) return { error: relativize(result.error, batch.dir, realRoot), named: unitsNamedIn(result.error, batch.tokens) };
      try {
        return { outcomes: splitBuildOutput(result.stdout, dirs, batch, realRoot) };
      } catch (error) {
        return { error: `kustomize printed output that does not parse: ${(error as Error).message}`, named: [] };
      }
    } finally {
      await rm(batch.dir, { recursive: true, force: true });
    }
  });
  if (attempt.outcomes || dirs.length === 1) options.onSettled?.(dirs.length);
  if (attempt.outcomes) return attempt.outcomes;
  if (dirs.length === 1) return new Map([[dirs[0]!, { objects: [], error: attempt.error }]]);
  const named = new Set(attempt.named);
  const rest = dirs.filter((_, i) => !named.has(i));
  const parts = [...[...named].map((i) => [dirs[i]!]), rest.slice(0, rest.length >> 1), rest.slice(rest.length >> 1)];
  const outcomes = await Promise.all(parts.filter((part) => part.length > 0).map((part) => buildBatch(realRoot, part, options)));
  return new Map(outcomes.flatMap((m) => [...m]));
}

/** kustomize names paths from the temp root or absolute ones: rewrite both relative to the repo. */
function relativize(message: string, tmp: string, absRoot: string): string {
  const fromTmp = path.relative(tmp, absRoot).split(path.sep).join('/');
  return message.split(`${fromTmp}/`).join('').split(`${absRoot}/`).join('').split(tmp).join('<generated>');
}
