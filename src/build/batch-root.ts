/**
 * The generated root kustomization of a batch build, in a temp dir outside the user's repo. It lists every
 * folder by relative path (kustomize refuses absolute ones), with `buildMetadata: [originAnnotations]` so
 * each object names its file. When files alone cannot tell the folders apart (one reaches outside itself,
 * or sits inside another), each folder goes through a wrapper that stamps its index on every object.
 */
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hasKustomization, listResources } from './kustomize.ts';
import { UNIT_ANNOTATION } from './origin.ts';

export interface BatchRoot {
  /** The temp dir to build; the caller removes it. */
  dir: string;
  /** Whether objects carry the unit stamp (else: attribute them by their origin file). */
  stamped: boolean;
  /** How kustomize's messages name each unit: its wrapper folder, or its path from the root. */
  tokens: string[];
}

const posix = (p: string) => p.split(path.sep).join('/');

/** The indexes of the units a kustomize error names (`'token'` or `'token/…`), in unit order. */
export function unitsNamedIn(message: string, tokens: readonly string[]): number[] {
  return tokens.flatMap((token, index) => (message.includes(`'${token}'`) || message.includes(`'${token}/`) ? [index] : []));
}

/** What Flux builds for a folder: itself when it has a kustomization.yaml, else its manifests. */
async function resourcesOf(absDir: string, from: string): Promise<string[]> {
  const targets = (await hasKustomization(absDir)) ? [absDir] : await listResources(absDir);
  return targets.map((target) => posix(path.relative(from, target)));
}

async function writeYaml(file: string, value: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(value, null, 1)}\n`);
}

const KUSTOMIZATION = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };

/** Writes the root for `dirs` (absolute) into a fresh temp dir; `stamp` puts each folder behind a stamping wrapper. */
export async function writeBatchRoot(dirs: readonly string[], options: { stamp: boolean }): Promise<BatchRoot> {
  const tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), 'fluxgen-batch-')));
  const stamped = options.stamp && dirs.length > 1;
  let resources: string[];
  if (stamped) {
    resources = dirs.map((_, index) => `fluxgen-unit-${index}`);
    await Promise.all(dirs.map((dir, index) => writeUnit(tmp, resources[index]!, dir, index)));
  } else {
    resources = (await Promise.all(dirs.map((dir) => resourcesOf(dir, tmp)))).flat();
  }
  await writeYaml(path.join(tmp, 'kustomization.yaml'), { ...KUSTOMIZATION, buildMetadata: ['originAnnotations'], resources });
  const tokens = stamped ? resources : dirs.map((dir) => posix(path.relative(tmp, dir)));
  return { dir: tmp, stamped, tokens };
}

/**
 * The name prefix of a stamped unit: objects of two folders with the same ID (components that name
 * objects `${APP}-…` before postBuild) would collide in one run; prefixed, they cannot. The split
 * removes it again (`stripUnitPrefix`), from names and from the references kustomize updated.
 */
export const unitPrefix = (index: number) => `fluxgen-unit-${index}-`;

async function writeUnit(tmp: string, name: string, dir: string, index: number): Promise<void> {
  const folder = path.join(tmp, name);
  await mkdir(folder);
  const stamp = {
    apiVersion: 'builtin',
    kind: 'AnnotationsTransformer',
    metadata: { name: 'fluxgen-unit' },
    annotations: { [UNIT_ANNOTATION]: String(index) },
    fieldSpecs: [{ path: 'metadata/annotations', create: true }],
  };
  await writeYaml(path.join(folder, 'stamp.yaml'), stamp);
  await writeYaml(path.join(folder, 'kustomization.yaml'), {
    ...KUSTOMIZATION,
    resources: await resourcesOf(dir, folder),
    transformers: ['stamp.yaml'],
    namePrefix: unitPrefix(index),
  });
}
