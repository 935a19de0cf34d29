/** `graph --format dot`: Graphviz picture of the bootstrap order, one cluster box per cluster, layers as ranks. */
import type { ClusterGraph } from '../check/cluster-graph.ts';
import { groupByLayer, missingNames } from './graph-layers.ts';

/** A double-quoted DOT ID. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Edges point from a dependency to what depends on it; each layer is one rank, headed by its label. */
export function formatGraphDot(graphs: readonly ClusterGraph[]): string {
  const lines = ['digraph fluxgen {', '  rankdir=LR;', '  node [shape=box];'];
  for (const graph of graphs) {
    const id = (name: string) => quote(`${graph.cluster}/${name}`);
    lines.push(`  subgraph ${quote(`cluster_${graph.cluster}`)} {`, `    label=${quote(graph.cluster)};`);
    const heads: string[] = [];
    for (const group of groupByLayer(graph)) {
      const title = group.layer === null ? 'Not layered (cycle)' : `Layer ${group.layer}`;
      const head = quote(`${graph.cluster}/#${title}`);
      heads.push(head);
      const members = group.entries.map((entry) => `${id(entry.name)} [label=${quote(entry.name)}];`);
      lines.push(`    { rank=same; ${head} [label=${quote(title)}, shape=plaintext]; ${members.join(' ')} }`);
    }
    for (const name of missingNames(graph)) lines.push(`    ${id(name)} [label=${quote(`${name} (missing)`)}, style=dashed];`);
    for (let i = 1; i < heads.length; i += 1) lines.push(`    ${heads[i - 1]} -> ${heads[i]} [style=invis];`);
    for (const entry of graph.entries) {
      for (const dep of entry.dependsOn) lines.push(`    ${id(dep)} -> ${id(entry.name)};`);
    }
    lines.push('  }');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
