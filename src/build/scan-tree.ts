/**
 * What a folder's kustomization tree reaches before it is built: remote bases (fetched from the network,
 * which fluxgen never does) and files outside the folder (shared bases, components).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'js-yaml';
import { isRemoteReference, resourceEntries } from './kustomization-fields.ts';
import { hasKustomization, KUSTOMIZATION_FILES, listResources } from './kustomize.ts';

export { isRemoteReference };

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

async function readKustomizationFile(dir: string): Promise<Record<string, unknown> | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    try {
      const value = load(text);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined; // the build reports the syntax error
    }
  }
  return undefined;
}

export interface TreeScan {
  /** Remote references (URLs), sorted. */
  remote: string[];
  /** True when a resource, base or component lies outside the folder. */
  external: boolean;
}

/**
 * Scans the kustomization tree of `dir` (absolute), following local folders; a folder without
 * kustomization.yaml is read as Flux reads it. Remote `[]` means it builds offline.
 */
export async function scanTree(dir: string): Promise<TreeScan> {
  const remote = new Set<string>();
  let external = false;
  const seen = new Set<string>();
  const inside = (p: string) => p === dir || p.startsWith(`${dir}${path.sep}`);
  const visit = async (folder: string): Promise<void> => {
    if (seen.has(folder)) return;
    seen.add(folder);
    const children: string[] = [];
    if (await hasKustomization(folder)) {
      for (const entry of resourceEntries((await readKustomizationFile(folder)) ?? {})) {
        const local = path.resolve(folder, entry);
        if (await exists(local)) children.push(local);
        else if (isRemoteReference(entry)) remote.add(entry);
      }
    } else {
      children.push(...(await listResources(folder).catch(() => [])));
    }
    for (const child of children) {
      if (!inside(child)) external = true;
      if (await stat(child).then((s) => s.isDirectory(), () => false)) await visit(child);
    }
  };
  await visit(dir);
  return { remote: [...remote].sort(), external };
}
