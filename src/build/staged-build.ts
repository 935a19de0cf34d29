/** Builds rendered files before they reach the repo: in a scratch copy with the real kustomize, or parsed directly. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RenderedFile } from '../render/render-component.ts';
import { type BuiltObject, buildKustomization, parseBuildOutput } from './kustomize.ts';

/** Objects of the rendered files under each dir; without `validate`, the files parsed as they are. */
export async function buildStaged(files: readonly RenderedFile[], dirs: string[], validate: boolean): Promise<Map<string, BuiltObject[]>> {
  const result = new Map<string, BuiltObject[]>();
  if (!validate) {
    for (const dir of dirs) {
      const docs = files.filter((f) => f.path.startsWith(`${dir}/`) && !f.path.endsWith('/kustomization.yaml'));
      result.set(dir, docs.flatMap((f) => parseBuildOutput(f.content)));
    }
    return result;
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'fluxgen-stage-'));
  try {
    for (const file of files) {
      await mkdir(path.dirname(path.join(scratch, file.path)), { recursive: true });
      await writeFile(path.join(scratch, file.path), file.content);
    }
    const built = await Promise.all(dirs.map((dir) => buildKustomization(scratch, dir)));
    dirs.forEach((dir, i) => result.set(dir, parseBuildOutput(built[i]!)));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return result;
}
