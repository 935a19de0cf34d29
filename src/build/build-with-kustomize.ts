/** The kustomize runs of one builder call: folders the overlay leaves alone built in place, the others in a staged copy. */
import type { BuildClosure } from './build-closure.ts';
import type { BuildOutcome } from './build-outcome.ts';
import { buildInBatches, type BatchOptions } from './kustomize-batch.ts';
import { stageFiles } from './stage-files.ts';

export interface KustomizeBuild {
  dir: string;
  closure: BuildClosure;
  /** True when the overlay changes what the folder reads: it is built from a copy of its closure. */
  staged: boolean;
}

/**
 * Builds every folder in one batch: in the repo at `realRoot` (a real path) when the overlay touches none
 * of them, else all in a scratch copy of their closures (overlay applied), removed afterwards. Objects'
 * files are repo-relative either way: the copy keeps the repo's relative paths.
 */
export async function buildWithKustomize(
  realRoot: string,
  builds: readonly KustomizeBuild[],
  options: Omit<BatchOptions, 'external'>,
): Promise<Map<string, BuildOutcome>> {
  const external = new Map(builds.map((build) => [build.dir, build.closure.external]));
  const batch: BatchOptions = { ...options, external: (dir) => external.get(dir)! };
  // Once a scratch copy is made, the other folders go in it too: one kustomize run instead of two.
  const anyStaged = builds.some((build) => build.staged);
  const inPlace = anyStaged ? [] : builds.map((build) => build.dir);
  const staged = anyStaged ? builds : [];
  const buildStaged = async (): Promise<Map<string, BuildOutcome>> => {
    const files = new Map(staged.flatMap((build) => [...build.closure.inputs]));
    const dirs = staged.map((build) => build.dir);
    const tree = await stageFiles(files, dirs, realRoot);
    try {
      return await buildInBatches(tree.root, dirs, batch);
    } finally {
      await tree.remove();
    }
  };
  const parts = await Promise.all([
    inPlace.length > 0 ? buildInBatches(realRoot, inPlace, batch) : new Map<string, BuildOutcome>(),
    staged.length > 0 ? buildStaged() : new Map<string, BuildOutcome>(),
  ]);
  return new Map(parts.flatMap((part) => [...part]));
}
