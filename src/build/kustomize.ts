/** Builds a repo directory with the real kustomize, as Flux builds it; parses the output. */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FluxgenError } from '../errors.ts';
import { findKustomize, runKustomize } from './run-kustomize.ts';

/** The file names kustomize accepts for a kustomization, in its order of preference. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;
const MANIFEST = /\.ya?ml$/;

/** True when dir holds a kustomization file (kustomization.yaml, .yml or Kustomization). */
export async function hasKustomization(dir: string): Promise<boolean> {
  for (const name of KUSTOMIZATION_FILES) {
    if (await stat(path.join(dir, name)).then(() => true, () => false)) return true;
  }
  return false;
}

/**
 * What Flux gathers from a path without kustomization.yaml: its manifests, and each
 * sub-folder that has a kustomization.yaml as one resource.
 */
export async function listResources(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (await hasKustomization(full)) found.push(full);
      else found.push(...(await listResources(full)));
    } else if (MANIFEST.test(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

/**
 * Builds a directory of the repo and returns the YAML stream. A directory without
 * kustomization.yaml is built as Flux builds it: all of its manifests.
 */
export async function buildKustomization(root: string, relDir: string): Promise<string> {
  const { file, args } = await findKustomize();
  const dir = path.join(root, relDir);
  let target = dir;
  let scratch: string | undefined;
  if (!(await hasKustomization(dir))) {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'fluxgen-build-'));
    const resources = (await listResources(dir)).map((f) => path.relative(scratch!, f));
    await writeFile(path.join(scratch, 'kustomization.yaml'), JSON.stringify({ resources }));
    target = scratch;
  }
  try {
    const result = await runKustomize(target);
    if (!result.ok) {
      throw new FluxgenError('KUSTOMIZE_FAILED', `kustomize build ${relDir} failed: ${result.error}`, {
        hint: `run \`${file} ${args.join(' ')} ${relDir}\` to see the error, then fix the listed resources`,
      });
    }
    return result.stdout;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

export interface BuiltObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [key: string]: unknown;
}

/** Parses kustomize output into objects. */
export function parseBuildOutput(stream: string): BuiltObject[] {
  return parseAllDocuments(stream)
    .map((doc) => doc.toJS() as BuiltObject | null)
    .filter((obj): obj is BuiltObject => obj !== null && typeof obj === 'object' && typeof obj.kind === 'string');
}
