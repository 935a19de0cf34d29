/** `graph --format text`: per cluster, per bootstrap layer, each Kustomization with what it depends on. */
import type { ClusterGraph } from '../check/cluster-graph.ts';
import { groupByLayer } from './graph-layers.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One block per cluster; cycles and dangling dependsOn are listed under the layers. */
export function formatGraphText(graphs: readonly ClusterGraph[]): string {
  const blocks = graphs.map((graph) => {
    const groups = groupByLayer(graph);
    const width = Math.max(0, ...graph.entries.map((entry) => entry.name.length));
    const layered = groups.filter((g) => g.layer !== null).length;
    const lines = [`Cluster ${graph.cluster} (${plural(graph.entries.length, 'Kustomization')}, ${plural(layered, 'layer')})`];
    if (graph.entries.length === 0) lines.push('  (no Flux Kustomizations found)');
    for (const group of groups) {
      lines.push(group.layer === null ? '  Not layered (in or behind a dependency cycle)' : `  Layer ${group.layer}`);
      for (const entry of group.entries) {
        const deps = entry.dependsOn.length ? `${' '.repeat(width - entry.name.length)}  depends on: ${entry.dependsOn.join(', ')}` : '';
        lines.push(`    ${entry.name}${deps}`);
      }
    }
    for (const cycle of graph.cycles) lines.push(`  Cycle: ${[...cycle, cycle[0]].join(' → ')}`);
    for (const [from, missing] of graph.dangling) lines.push(`  Dangling: ${from} depends on ${missing}, which does not exist`);
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
