/** Batched builds of repo folders (see kustomize-batch.ts), each folder built at most once per session. */
import { realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { BuildOutcome } from './build-outcome.ts';
import { buildInBatches } from './kustomize-batch.ts';
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

/** A session over the repo at `root`; `concurrency` bounds parallel kustomize runs (default: CPU count). */
export function createBuildSession(root: string, options: { concurrency?: number } = {}): BuildSession {
  const absRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  const limit = pLimit(options.concurrency ?? Math.max(1, os.availableParallelism()));
  const cache = new Map<string, Promise<BuildOutcome>>();
  const scans = new Map<string, TreeScan>();
  let runs = 0;

  const buildGroup = async (dirs: string[]): Promise<Map<string, BuildOutcome>> =>
    buildInBatches(await (realRoot ??= realpath(absRoot)), dirs, { limit, external: (dir) => scans.get(dir)!.external, onRun: () => (runs += 1) });

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
