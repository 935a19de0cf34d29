/** Builds many directories of a repo in parallel: the one build step `regen` needs, kept small so a batched builder can replace it. */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { FluxgenError, isFluxgenError } from '../errors.ts';
import { cachedBuild } from './build-cache.ts';
import { buildKustomization, parseBuildOutput, type BuiltObject } from './kustomize.ts';

/** What one directory built: its objects, or why it could not be built. */
export type PathBuild = { objects: BuiltObject[]; error?: undefined } | { objects?: undefined; error: FluxgenError };

/**
 * `kustomize build` of every directory (repo-relative, `''` for the root), at most one per CPU at
 * a time, through the build cache unless `cache` is false. A missing directory or a failed build
 * is reported in its entry, never thrown.
 */
export async function buildPaths(root: string, dirs: readonly string[], options: { cache?: boolean } = {}): Promise<Map<string, PathBuild>> {
  const limit = pLimit(Math.max(1, os.availableParallelism()));
  const unique = [...new Set(dirs)].sort();
  const entries = await Promise.all(
    unique.map((dir) =>
      limit(async (): Promise<[string, PathBuild]> => {
        if (!(await stat(path.join(root, dir)).then((s) => s.isDirectory(), () => false))) {
          return [dir, { error: new FluxgenError('PATH_MISSING', `./${dir} does not exist or is not a directory`) }];
        }
        try {
          const output = options.cache === false ? await buildKustomization(root, dir) : await cachedBuild(root, dir, buildKustomization);
          return [dir, { objects: parseBuildOutput(output) }];
        } catch (error) {
          if (isFluxgenError(error) && error.code !== 'KUSTOMIZE_MISSING') return [dir, { error }];
          throw error;
        }
      }),
    ),
  );
  return new Map(entries);
}
