/**
 * The build without kustomize (`--no-validate`): a folder's manifests read as YAML, no process at all. A
 * kustomization contributes its `resources` (files, and folders recursively) and its `namespace:`; every
 * other field (patches, generators, prefixes…) is ignored.
 */
import { loadAll } from 'js-yaml';
import type { BuildOutcome, SourcedObject } from './build-outcome.ts';
import { fluxListing } from './build-closure.ts';
import type { BuiltObject } from './kustomize.ts';
import { isInside, joinRel, type RepoView } from './repo-view.ts';

/**
 * Kinds kustomize leaves without a namespace: the built-in cluster-scoped ones its schema knows (checked
 * against kustomize v5.5; a kind it does not know, a CRD's included, gets the namespace).
 */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus', 'CSIDriver', 'CSINode',
  'CustomResourceDefinition', 'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume',
  'PodSecurityPolicy', 'PriorityClass', 'RuntimeClass', 'StorageClass', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

class ManifestError extends Error {}

async function documents(view: RepoView, file: string): Promise<SourcedObject[]> {
  const bytes = await view.read(file);
  if (bytes === null) throw new ManifestError(`${file} cannot be read`);
  let docs: unknown[];
  try {
    docs = loadAll(bytes.toString('utf8'));
  } catch (error) {
    throw new ManifestError(`${file} does not parse: ${(error as Error).message.split('\n')[0]}`);
  }
  return docs
    .filter((doc): doc is BuiltObject => typeof doc === 'object' && doc !== null && typeof (doc as BuiltObject).kind === 'string')
    .map((object) => (isInside(file, '') ? { object, file } : { object }));
}

/** As kustomize's `namespace:` does: set on every namespaced object (replacing its own), and a Namespace renamed. */
function setNamespace(objects: SourcedObject[], namespace: string): void {
  for (const { object } of objects) {
    if (object.kind === 'Namespace') object.metadata = { ...object.metadata, name: namespace };
    else if (!CLUSTER_SCOPED.has(object.kind)) object.metadata = { ...object.metadata, namespace };
  }
}

async function fromKustomization(view: RepoView, dir: string, visiting: ReadonlySet<string>): Promise<SourcedObject[]> {
  const kustomization = (await view.kustomization(dir))!;
  if (kustomization.error) throw new ManifestError(`${kustomization.file} does not parse: ${kustomization.error.split('\n')[0]}`);
  if (visiting.has(dir)) throw new ManifestError(`${kustomization.file} includes itself through its resources`);
  const resources = kustomization.value.resources;
  const objects: SourcedObject[] = [];
  for (const entry of Array.isArray(resources) ? resources : []) {
    if (typeof entry !== 'string') continue;
    const target = joinRel(dir, entry);
    const kind = await view.kind(target);
    if (kind === 'file') objects.push(...(await documents(view, target)));
    else if (kind === 'dir' && (await view.kustomization(target))) objects.push(...(await fromKustomization(view, target, new Set([...visiting, dir]))));
    else if (kind === 'dir') throw new ManifestError(`${kustomization.file} lists ${JSON.stringify(entry)}, a folder without a kustomization file`);
    else throw new ManifestError(`${kustomization.file} lists ${JSON.stringify(entry)}, which does not exist (${target})`);
  }
  const namespace = kustomization.value.namespace;
  if (typeof namespace === 'string' && namespace !== '') setNamespace(objects, namespace);
  return objects;
}

/** The objects of `dir` (repo-relative, an existing folder of the view), each with its file; a listed file that does not exist is the outcome's error. */
export async function readManifests(view: RepoView, dir: string): Promise<BuildOutcome> {
  try {
    if (await view.kustomization(dir)) return { objects: await fromKustomization(view, dir, new Set()) };
    const objects: SourcedObject[] = [];
    for (const target of await fluxListing(view, dir)) {
      if ((await view.kind(target)) === 'dir') objects.push(...(await fromKustomization(view, target, new Set())));
      else objects.push(...(await documents(view, target)));
    }
    return { objects };
  } catch (error) {
    if (error instanceof ManifestError) return { objects: [], error: error.message };
    throw error;
  }
}
