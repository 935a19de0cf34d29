/** A flat repo keeps components in namespaces/<component>/ and per-cluster patches in infrastructure.yaml, never base/ or overlays/. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { layoutPinned } from '../../discover/layout.ts';
import type { Hit, Rule } from '../rule.ts';

const SKIP = new Set(['.git', 'node_modules', '.fluxgen']);
const NAMES = new Set(['base', 'overlays']);

/** Repo-relative `base`/`overlays` folders, sorted; their insides are not searched further. */
export function findOverlayFolders(root: string, dir = ''): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() || SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (NAMES.has(entry.name)) found.push(rel);
    else found.push(...findOverlayFolders(root, rel));
  }
  return found;
}

/** The file to point at for a folder: its kustomization.yaml, else its first YAML file, else the folder itself. */
function anchorOf(root: string, folder: string): string {
  const files = listYaml(root, folder);
  return files.find((file) => file === `${folder}/kustomization.yaml`) ?? files[0] ?? folder;
}

function listYaml(root: string, dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => (entry.isDirectory() ? listYaml(root, `${dir}/${entry.name}`) : /\.ya?ml$/.test(entry.name) ? [`${dir}/${entry.name}`] : []));
}

export const baseOverlaysInFlatRepo: Rule = {
  id: 'base-overlays-in-flat-repo',
  severity: 'warning',
  summary: 'a base/ or overlays/ folder in a flat repo',
  help: 'This repo uses the flat layout: one folder per component under namespaces/<component>/, per-cluster differences as Flux Kustomization `patches:` in clusters/<cluster>/infrastructure.yaml. Move the resources there and delete base/ and overlays/.',
  check({ model }) {
    // a convention of the seeds' repo: only where the repo says it is flat
    if (model.layout !== 'flat' || !layoutPinned(model)) return [];
    return findOverlayFolders(model.root).map(
      (folder): Hit => ({
        file: anchorOf(model.root, folder),
        line: 1,
        message: `${folder}/ is a Kustomize ${path.posix.basename(folder)} folder in a flat repo; move its resources to ${model.config.componentsDir}/<component>/ and express per-cluster differences as \`patches:\` of the Flux Kustomization`,
      }),
    );
  },
};
