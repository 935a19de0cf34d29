/** Groups a cluster's graph entries by bootstrap layer, for the text and picture formats. */
import type { ClusterGraph, GraphEntry } from '../check/cluster-graph.ts';

export interface LayerGroup {
  /** null: the members of cycles and what depends on them. */
  layer: number | null;
  entries: GraphEntry[];
}

/** Layers in order (the unlayered group last); entries keep the graph's name order. */
export function groupByLayer(graph: ClusterGraph): LayerGroup[] {
  const groups: LayerGroup[] = [];
  for (const entry of graph.entries) {
    const last = groups.at(-1);
    if (last && last.layer === entry.layer) last.entries.push(entry);
    else groups.push({ layer: entry.layer, entries: [entry] });
  }
  return groups;
}

/** Every dependsOn name that is not a Kustomization of the cluster, sorted. */
export function missingNames(graph: ClusterGraph): string[] {
  return [...new Set(graph.dangling.map(([, missing]) => missing))].sort();
}
