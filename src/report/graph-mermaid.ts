/** `graph --format mermaid`: a flowchart of the bootstrap order, one subgraph per cluster and per layer. */
import type { ClusterGraph } from '../check/cluster-graph.ts';
import { groupByLayer, missingNames } from './graph-layers.ts';

/** Mermaid label text: quotes become entities so any name is safe inside `["…"]`. */
function label(text: string): string {
  return `["${text.replace(/"/g, '#quot;')}"]`;
}

/** Edges point from a dependency to what depends on it: the order Flux applies them. */
export function formatGraphMermaid(graphs: readonly ClusterGraph[]): string {
  const lines = ['flowchart LR', '  classDef missing stroke-dasharray: 5 5'];
  const edges: string[] = [];
  graphs.forEach((graph, c) => {
    const ids = new Map(graph.entries.map((entry, i) => [entry.name, `c${c}_k${i}`]));
    missingNames(graph).forEach((name, i) => ids.set(name, `c${c}_missing${i}`));
    lines.push(`  subgraph c${c}${label(graph.cluster)}`, '    direction LR');
    for (const group of groupByLayer(graph)) {
      const id = `c${c}_layer${group.layer ?? '_cycle'}`;
      lines.push(`    subgraph ${id}${label(group.layer === null ? 'Not layered (cycle)' : `Layer ${group.layer}`)}`, '      direction TB');
      for (const entry of group.entries) lines.push(`      ${ids.get(entry.name)}${label(entry.name)}`);
      lines.push('    end');
    }
    for (const name of missingNames(graph)) lines.push(`    ${ids.get(name)}${label(`${name} (missing)`)}:::missing`);
    lines.push('  end');
    for (const entry of graph.entries) {
      for (const dep of entry.dependsOn) edges.push(`  ${ids.get(dep)} --> ${ids.get(entry.name)}`);
    }
  });
  return `${[...lines, ...edges].join('\n')}\n`;
}
