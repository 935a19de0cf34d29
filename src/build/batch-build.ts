/**
 * Batched builds: every folder of a request built by ONE kustomize run of a generated root, each object
 * attributed back to its folder and file. Smaller builds (in parallel, bounded by the CPU count) only to
 * pinpoint a failing folder or separate two that yield the same object ID.
 */
import { realpath, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { BuildOutcome } from '../discover/model.ts';
import { unitsNamedIn, writeBatchRoot } from './batch-root.ts';
import { splitBuildOutput } from './split-output.ts';
import { runKustomize } from './run-kustomize.ts';
import { scanTree, type TreeScan } from './scan-tree.ts';

/** Builds repo folders, each at most once for the life of the session. */
export interface BuildSession {
  /** Absolute repo root. */
  readonly root: string;
  /** Outcomes by repo-relative folder (`/`-separated, `''` for the root). */
  build(dirs: readonly string[]): Promise<Map<string, BuildOutcome>>;
  /** kustomize runs so far. */
  readonly runs: number;
}

/** True when a folder's files alone cannot attribute its objects: it reaches outside, or nests in another. */
function needsStamp(dirs: readonly string[], scans: ReadonlyMap<string, TreeScan>): boolean {
  if (dirs.some((dir) => scans.get(dir)!.external)) return true;
  return dirs.some((a) => dirs.some((b) => a !== b && (a === '' || b.startsWith(`${a}/`))));
}

/** A session over the repo at `root`; `concurrency` bounds parallel kustomize runs (default: CPU count). */
export function createBuildSession(root: string, options: { concurrency?: number } = {}): BuildSession {
  const absRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  const limit = pLimit(options.concurrency ?? Math.max(1, os.availableParallelism()));
  const cache = new Map<string, Promise<BuildOutcome>>();
  const scans = new Map<string, TreeScan>();
  let runs = 0;

  /**
   * Builds a group. On failure, the units kustomize's error names are built alone (that pinpoints a failing
   * one, and separates one whose object ID collides), and the rest is halved: several failures cost a
   * logarithmic number of rounds, run in parallel.
   */
  const buildGroup = async (dirs: string[]): Promise<Map<string, BuildOutcome>> => {
    const attempt = await limit(async () => {
      runs += 1;
      // Real paths on both sides: kustomize resolves symlinks (macOS's /var → /private/var), relative paths must agree.
      const real = await (realRoot ??= realpath(absRoot));
      const batch = await writeBatchRoot(dirs.map((dir) => path.join(real, dir)), { stamp: needsStamp(dirs, scans) });
      try {
        const result = await runKustomize(batch.dir);
        if (!result.ok) return { error: relativize(result.error, batch.dir, real), named: unitsNamedIn(result.error, batch.tokens) };
        try {
          return { outcomes: splitBuildOutput(result.stdout, dirs, batch, real) };
        } catch (error) {
          return { error: `kustomize printed output that does not parse: ${(error as Error).message}`, named: [] };
        }
      } finally {
        await rm(batch.dir, { recursive: true, force: true });
      }
    });
    if (attempt.outcomes) return attempt.outcomes;
    if (dirs.length === 1) return new Map([[dirs[0]!, { objects: [], error: attempt.error }]]);
    const named = new Set(attempt.named);
    const rest = dirs.filter((_, i) => !named.has(i));
    const parts = [...[...named].map((i) => [dirs[i]!]), rest.slice(0, rest.length >> 1), rest.slice(rest.length >> 1)];
    const outcomes = await Promise.all(parts.filter((part) => part.length > 0).map(buildGroup));
    return new Map(outcomes.flatMap((m) => [...m]));
  };

  const buildFresh = async (dirs: string[]): Promise<Map<string, BuildOutcome>> => {
    const outcomes = new Map<string, BuildOutcome>();
    const buildable: string[] = [];
    const scanned = await Promise.all(
      dirs.map(async (dir) => {
        const abs = path.join(absRoot, dir);
        return (await stat(abs).then((s) => s.isDirectory(), () => false)) ? scanTree(abs) : undefined;
      }),
    );
    dirs.forEach((dir, i) => {
      const scan = scanned[i];
      if (scan) scans.set(dir, scan);
      if (!scan) outcomes.set(dir, { objects: [], error: `${dir || '.'} is not a directory` });
      else if (scan.remote.length > 0) outcomes.set(dir, { objects: [], remote: scan.remote });
      else buildable.push(dir);
    });
    if (buildable.length > 0) for (const [dir, outcome] of await buildGroup(buildable)) outcomes.set(dir, outcome);
    return outcomes;
  };

  return {
    root: absRoot,
    get runs() {
      return runs;
    },
    async build(dirs) {
      const wanted = [...new Set(dirs)];
      const fresh = wanted.filter((dir) => !cache.has(dir)).sort();
      if (fresh.length > 0) {
        const pending = buildFresh(fresh);
        for (const dir of fresh) cache.set(dir, pending.then((outcomes) => outcomes.get(dir)!));
      }
      return new Map(await Promise.all(wanted.map(async (dir) => [dir, await cache.get(dir)!] as const)));
    },
  };
}

/** kustomize names paths from the temp root or absolute ones: rewrite both relative to the repo. */
function relativize(message: string, tmp: string, absRoot: string): string {
  const fromTmp = path.relative(tmp, absRoot).split(path.sep).join('/');
  return message.split(`${fromTmp}/`).join('').split(`${absRoot}/`).join('').split(tmp).join('<generated>');
}
