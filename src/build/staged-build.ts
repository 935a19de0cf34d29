/** Builds files that exist only in memory: written to a scratch copy, built there with the real kustomize. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BuildFunction } from './build-cache.ts';
import { buildKustomization, parseBuildOutput, type BuiltObject } from './kustomize.ts';

export interface StagedFile {
  /** Repo-relative with `/`. */
  path: string;
  content: string;
}

/**
 * The objects each of `dirs` builds from `files`. With `validate` false, kustomize is skipped and the
 * manifests under each directory (all but kustomization.yaml) are parsed directly.
 */
export async function stagedObjects(
  files: readonly StagedFile[],
  dirs: readonly string[],
  options: { validate: boolean; build?: BuildFunction },
): Promise<Map<string, BuiltObject[]>> {
  const result = new Map<string, BuiltObject[]>();
  if (!options.validate) {
    for (const dir of dirs) {
      const docs = files.filter((f) => f.path.startsWith(`${dir}/`) && !f.path.endsWith('/kustomization.yaml'));
      result.set(dir, docs.flatMap((f) => parseBuildOutput(f.content)));
    }
    return result;
  }
  const build = options.build ?? buildKustomization;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'fluxgen-stage-'));
  try {
    for (const file of files) {
      await mkdir(path.dirname(path.join(scratch, file.path)), { recursive: true });
      await writeFile(path.join(scratch, file.path), file.content);
    }
    const built = await Promise.all(dirs.map((dir) => build(scratch, dir)));
    dirs.forEach((dir, i) => result.set(dir, parseBuildOutput(built[i]!)));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return result;
}
