/**
 * What building a folder can read, found before anything runs: every input file (for the cache key and
 * for staging), the remote references it reaches (which fluxgen never fetches), and whether it reaches
 * outside itself (then its objects cannot be told apart from other folders' by file alone).
 */
import path from 'node:path';
import { isRemoteReference, referencedEntries, resourceEntries } from './kustomization-fields.ts';
import { KUSTOMIZATION_FILES } from './kustomize.ts';
import { FLUX_OVERLAY_DIR, isInside, joinRel, parentOf, type RepoView } from './repo-view.ts';

export interface BuildClosure {
  /** Remote references the kustomization tree reaches, sorted. */
  remote: string[];
  /** True when a resource, base or component lies outside the folder. */
  external: boolean;
  /** Every file the build can read, by repo-relative path; null for a referenced path that does not exist. */
  inputs: Map<string, Buffer | null>;
  /** Folders read whole: the folder itself and those its kustomizations reference. */
  trees: string[];
}

const MANIFEST = /\.ya?ml$/;
const KUSTOMIZATION_NAMES: ReadonlySet<string> = new Set(KUSTOMIZATION_FILES);
/** fluxgen's own state in `.fluxgen/`: never an input (the cache, the lock, the journal). */
const STATE = /^\.fluxgen\/(cache|lock|lock\.json|journal\.json.*)$/;

/**
 * What Flux gathers from a folder without a kustomization file: its manifests, and each sub-folder that has
 * a kustomization file as one resource (as `listResources`, through the view).
 */
export async function fluxListing(view: RepoView, dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const [name, kind] of await view.list(dir)) {
    const child = joinRel(dir, name);
    if (child === FLUX_OVERLAY_DIR) continue; // fluxgen's generated overlays, never the repo's
    if (kind === 'dir') {
      if (await view.kustomization(child)) found.push(child);
      else found.push(...(await fluxListing(view, child)));
    } else if (MANIFEST.test(name)) {
      found.push(child);
    }
  }
  return found;
}

/** Remote references reached from `dir`, and whether it reaches outside itself (as `scanTree`, through the view). */
async function reach(view: RepoView, dir: string): Promise<{ remote: string[]; external: boolean }> {
  const remote = new Set<string>();
  let external = false;
  const seen = new Set<string>();
  const visit = async (folder: string): Promise<void> => {
    if (seen.has(folder)) return;
    seen.add(folder);
    const children: string[] = [];
    const kustomization = await view.kustomization(folder);
    if (kustomization) {
      for (const entry of resourceEntries(kustomization.value)) {
        const local = joinRel(folder, entry);
        if (await view.kind(local)) children.push(local);
        else if (isRemoteReference(entry)) remote.add(entry);
      }
    } else {
      children.push(...(await fluxListing(view, folder)));
    }
    for (const child of children) {
      if (!isInside(child, dir)) external = true;
      if ((await view.kind(child)) === 'dir') await visit(child);
    }
  };
  await visit(dir);
  return { remote: [...remote].sort(), external };
}

/** Every file under `dir` (symlinked folders followed once), skipping `.git` and fluxgen's state. */
async function listTree(view: RepoView, dir: string, seen: Set<string>): Promise<string[]> {
  const id = await view.identity(dir);
  if (seen.has(id)) return [];
  seen.add(id);
  const found: string[] = [];
  for (const [name, kind] of await view.list(dir)) {
    const child = joinRel(dir, name);
    if (STATE.test(child)) continue;
    if (kind === 'dir' && name !== '.git') found.push(...(await listTree(view, child, seen)));
    else if (kind === 'file') found.push(child);
  }
  return found;
}

/**
 * The closure of `dir`: its whole tree, plus every folder or file a kustomization file in it references
 * (followed recursively). A superset of what kustomize reads, so that any change to an input changes the key.
 */
export async function readClosure(view: RepoView, dir: string): Promise<BuildClosure> {
  const { remote, external } = await reach(view, dir);
  const inputs = new Map<string, Buffer | null>();
  const trees: string[] = [];
  const queue = [dir];
  for (let tree = queue.shift(); tree !== undefined; tree = queue.shift()) {
    if (trees.some((done) => isInside(tree!, done))) continue;
    trees.push(tree);
    for (const file of await listTree(view, tree, new Set())) {
      const content = await view.read(file);
      inputs.set(file, content);
      if (!KUSTOMIZATION_NAMES.has(path.posix.basename(file))) continue;
      const kustomization = await view.kustomization(parentOf(file));
      if (kustomization?.file !== file) continue; // a second kustomization file in one folder is not read
      for (const entry of referencedEntries(kustomization.value)) {
        const target = joinRel(parentOf(file), entry);
        if (trees.some((done) => isInside(target, done)) || inputs.has(target)) continue;
        const kind = await view.kind(target);
        if (kind === 'dir') queue.push(target);
        else if (kind === 'file') inputs.set(target, await view.read(target));
        else if (!isRemoteReference(entry)) inputs.set(target, null);
      }
    }
  }
  return { remote, external, inputs: new Map([...inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), trees };
}
