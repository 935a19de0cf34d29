/** `graph --format json` (SPEC §7): `{ "kustomizations": [{ "cluster", "name", "dependsOn", "layer" }] }`. */
import type { ClusterGraph } from '../check/cluster-graph.ts';

export interface GraphJson {
  kustomizations: { cluster: string; name: string; dependsOn: string[]; layer: number | null }[];
}

/** The JSON shape, sorted by cluster, layer, name; a cycle member's layer is null. */
export function toGraphJson(graphs: readonly ClusterGraph[]): GraphJson {
  return {
    kustomizations: graphs.flatMap((graph) =>
      graph.entries.map(({ cluster, name, dependsOn, layer }) => ({ cluster, name, dependsOn, layer })),
    ),
  };
}

/** The JSON document as printed: two-space indentation and a final newline. */
export function formatGraphJson(graphs: readonly ClusterGraph[]): string {
  return `${JSON.stringify(toGraphJson(graphs), null, 2)}\n`;
}
