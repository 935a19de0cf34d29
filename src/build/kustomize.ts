/** What kustomize reads in a folder (its kustomization file, or the manifests Flux lists), and the objects it builds. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

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

export interface BuiltObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [key: string]: unknown;
}
