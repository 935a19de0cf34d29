/**
 * An existing component, generated or hand-written, as `netpol` and `monitoring` find it: named by its
 * Flux Kustomization, whose `path` gives its folder; what it builds gives its namespace and chart.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuiltObject } from '../build/kustomize.ts';
import { chartOf, ociRepositoryUrls } from '../discover/chart-identity.ts';
import { kustomizationKey, kustomizationsOf, type DiscoveredKustomization, type RepoModel, type SourcedObject } from '../discover/model.ts';
import { FluxgenError } from '../errors.ts';
import { readRecord, type LoadedRecord } from './records.ts';
import { showValue } from './validate.ts';

/** The names kustomize reads as a folder's kustomization file, in its order. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface ExistingComponent {
  name: string;
  /** The folder its Kustomization's path names, repo-relative. */
  dir: string;
  /** Its Flux Kustomization in each target cluster. */
  kustomizations: DiscoveredKustomization[];
  /** What its path builds (in the first target cluster). */
  objects: BuiltObject[];
  /** The same objects with the file each comes from. */
  sourced: SourcedObject[];
  namespace: string;
  /** The chart of its HelmRelease, when it has one. */
  chart?: string;
  /** Its kustomization file (repo-relative) and text; absent when Flux generates one for the folder. */
  kustomizationFile?: { path: string; source: string };
}

/** The components of a cluster: its Kustomizations with a path in this repo, sorted by name. */
export function componentNames(model: Pick<RepoModel, 'kustomizations' | 'builds'>, cluster: string): string[] {
  return [...new Set(kustomizationsOf(model, cluster).filter((k) => k.path !== undefined && model.builds.has(kustomizationKey(k))).map((k) => k.name))].sort();
}

/** The namespace its objects live in: its Namespace, else its HelmRelease's, else the one most of them use, else its name. */
function namespaceOf(name: string, objects: readonly BuiltObject[]): string {
  const declared = objects.find((o) => o.kind === 'Namespace' && o.apiVersion === 'v1')?.metadata?.name;
  if (typeof declared === 'string') return declared;
  const release = objects.find((o) => o.kind === 'HelmRelease')?.metadata?.namespace;
  if (typeof release === 'string') return release;
  const counts = new Map<string, number>();
  for (const o of objects) if (typeof o.metadata?.namespace === 'string') counts.set(o.metadata.namespace, (counts.get(o.metadata.namespace) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? name;
}

/** A file's text as the run sees it: the model's pending overlay first, then the disk; null when absent. */
export async function readSeen(model: RepoModel, file: string): Promise<string | null> {
  const pending = model.overlay.get(file);
  if (pending !== undefined) return pending;
  return readFile(path.join(model.root, file), 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'EISDIR' ? null : Promise.reject(error)));
}

/**
 * The component named `name` in every cluster of `clusters`; a name no Kustomization of a cluster has is
 * UNKNOWN_COMPONENT (exit 2) naming the components that do exist; the same component at two paths is refused.
 */
export async function findComponent(model: RepoModel, name: string, clusters: readonly string[], command: string): Promise<ExistingComponent> {
  const kustomizations: DiscoveredKustomization[] = [];
  for (const cluster of clusters) {
    const found = kustomizationsOf(model, cluster).find((k) => k.name === name && k.path !== undefined && model.builds.has(kustomizationKey(k)));
    if (!found) {
      const known = componentNames(model, cluster);
      throw new FluxgenError('UNKNOWN_COMPONENT', `cluster ${cluster} has no component ${showValue(name)} (no Flux Kustomization of that name with a path in this repository)`, {
        hint: known.length > 0 ? `the components of cluster ${cluster} are: ${known.join(', ')}; run \`fluxgen ${command} <one of them>\`` : `add one first with \`fluxgen component ${name} ...\``,
      });
    }
    kustomizations.push(found);
  }
  const first = kustomizations[0]!;
  const elsewhere = kustomizations.find((k) => k.path !== first.path);
  if (elsewhere) {
    throw new FluxgenError('BAD_INPUT', `component ${name} builds ./${first.path} in cluster ${first.cluster} but ./${elsewhere.path} in cluster ${elsewhere.cluster}`, {
      hint: `run \`fluxgen ${command} ${name}\` once per cluster with --cluster`,
    });
  }
  const dir = first.path!;
  const sourced = model.builds.get(kustomizationKey(first))!.objects;
  const objects = sourced.map((o) => o.object);
  const release = objects.find((o) => o.kind === 'HelmRelease');
  let kustomizationFile: ExistingComponent['kustomizationFile'];
  for (const file of KUSTOMIZATION_FILES) {
    const source = await readSeen(model, dir ? `${dir}/${file}` : file);
    if (source !== null) {
      kustomizationFile = { path: dir ? `${dir}/${file}` : file, source };
      break;
    }
  }
  return { name, dir, kustomizations, objects, sourced, namespace: namespaceOf(name, objects), chart: release && chartOf(release, ociRepositoryUrls(model)), kustomizationFile };
}

/**
 * The clusters of a component fluxgen generated, for a command that re-renders it through its record
 * (`monitoring`, `netpol`): the recorded ones. The record holds one set of clusters for the whole
 * component, so `--cluster` may only repeat it; any other set is refused (exit 2) rather than dropping
 * clusters from the record or adding the component to new ones.
 */
export function recordedClusters(record: { file: string; spec: { name: string; clusters?: string[] } }, given: readonly string[] | undefined, command: string): string[] | undefined {
  const recorded = record.spec.clusters;
  if (given === undefined || given.length === 0) return recorded;
  if (recorded === undefined) return [...given];
  const same = new Set(given).size === new Set(recorded).size && given.every((c) => recorded.includes(c));
  if (same) return recorded;
  throw new FluxgenError('BAD_INPUT', `component ${record.spec.name} was generated by fluxgen for clusters ${recorded.join(', ')} (${record.file}), and \`fluxgen ${command}\` changes it in all of them; --cluster ${[...given].sort().join(' --cluster ')} names another set`, {
    hint: `run \`fluxgen ${command} ${record.spec.name}\` without --cluster, or change spec.clusters in ${record.file} and run \`fluxgen regen\` first`,
  });
}

/**
 * The record of `name` when fluxgen generated it as a component (`monitoring` and `netpol` then re-render it
 * through that record); undefined for a hand-written one. A service shares the record file name but has
 * no chart to re-render: refused (exit 2) rather than failing later on a missing --chart.
 */
export async function componentRecord(root: string, name: string, command: string): Promise<LoadedRecord | undefined> {
  const record = await readRecord(root, name);
  if (record === undefined || record.kind === 'component') return record;
  throw new FluxgenError('BAD_INPUT', `${name} is a fluxgen ${record.kind} (${record.file}), not a component: \`fluxgen ${command}\` changes components`, {
    hint: `run \`fluxgen ${command}\` on a component, or add the change to the ${record.kind}'s files by hand`,
  });
}
