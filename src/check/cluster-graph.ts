/** Each cluster's dependsOn graph with bootstrap layers (SPEC §5), dependsOn references resolved as Flux resolves them. */
import { computeLayers } from './layers.ts';
import type { DependsOnRef, DiscoveredKustomization, RepoModel } from '../discover/model.ts';
import { resolveDependsOn, targetNamespace } from '../discover/resolve-depends-on.ts';

export interface GraphEntry {
  cluster: string;
  /** metadata.name; `namespace/name` when two Kustomizations of the cluster share the name. */
  name: string;
  /** Names of its dependencies, sorted, unique (a dangling one as written). */
  dependsOn: string[];
  /** Bootstrap layer; null for a member of a cycle (or what depends on one). */
  layer: number | null;
  kustomization: DiscoveredKustomization;
}

export interface ClusterGraph {
  cluster: string;
  /** Sorted by layer (null last), then name. */
  entries: GraphEntry[];
  /** Each cycle's members in dependency order, starting from the smallest name. */
  cycles: string[][];
  /** [kustomization, missing dependency] pairs, sorted. */
  dangling: [string, string][];
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sort order of the graph outputs: layer (null last), then name. */
export function compareEntries(a: Pick<GraphEntry, 'layer' | 'name'>, b: Pick<GraphEntry, 'layer' | 'name'>): number {
  return (a.layer ?? Infinity) - (b.layer ?? Infinity) || compareText(a.name, b.name);
}

/** The graph of one cluster's Kustomizations. */
export function computeClusterGraph(cluster: string, kustomizations: readonly DiscoveredKustomization[]): ClusterGraph {
  const own = kustomizations.filter((k) => k.cluster === cluster);
  const shared = new Set(own.filter((k, i) => own.findIndex((o) => o.name === k.name) !== i).map((k) => k.name));
  const label = (k: DiscoveredKustomization) => (shared.has(k.name) ? `${k.namespace}/${k.name}` : k.name);
  const labels = new Set(own.map(label));
  // a dangling entry whose name exists in another namespace shows the namespace it was looked for in
  const missing = (ref: DependsOnRef, from: DiscoveredKustomization) =>
    labels.has(ref.name) || shared.has(ref.name) ? `${targetNamespace(ref, from)}/${ref.name}` : ref.name;
  const nodes = own.map((k) => {
    const deps = k.dependsOn.map((ref) => {
      const target = resolveDependsOn(ref, k, own);
      return target ? label(target) : missing(ref, k);
    });
    return { name: label(k), dependsOn: [...new Set(deps)].sort(compareText), kustomization: k };
  });
  const { layers, cycles, dangling } = computeLayers(nodes);
  const entries = nodes
    .map((node) => ({ cluster, ...node, layer: layers.get(node.name) ?? null }))
    .sort(compareEntries);
  dangling.sort((a, b) => compareText(a.join('\0'), b.join('\0')));
  return { cluster, entries, cycles, dangling };
}

/** The graph of every cluster of the model, in cluster order. */
export function computeClusterGraphs(model: Pick<RepoModel, 'clusters' | 'kustomizations'>): ClusterGraph[] {
  return model.clusters.map((cluster) => computeClusterGraph(cluster, model.kustomizations));
}
