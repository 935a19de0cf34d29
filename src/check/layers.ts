/** Bootstrap layers (SPEC §5): 0 without dependsOn, else 1 + the highest layer of its dependencies. */

export interface GraphNode {
  name: string;
  dependsOn: readonly string[];
}

export interface Layering {
  /** Layer of every Kustomization that is not part of a cycle. */
  layers: Map<string, number>;
  /** Each cycle's members, in dependency order, starting from the smallest name. */
  cycles: string[][];
  /** [kustomization, missing dependency] pairs. */
  dangling: [string, string][];
}

/** Computes layers; dangling dependencies count as layer -1 (ignored), cycle members get no layer. */
export function computeLayers(nodes: readonly GraphNode[]): Layering {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const layers = new Map<string, number>();
  const dangling: [string, string][] = [];
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const inCycle = new Set<string>();

  const visit = (name: string): number | undefined => {
    if (state.get(name) === 'done') return layers.get(name);
    if (state.get(name) === 'visiting') {
      const members = stack.slice(stack.indexOf(name));
      const start = members.indexOf([...members].sort()[0]!);
      const cycle = [...members.slice(start), ...members.slice(0, start)];
      if (!cycles.some((c) => c.join() === cycle.join())) cycles.push(cycle);
      members.forEach((m) => inCycle.add(m));
      return undefined;
    }
    state.set(name, 'visiting');
    stack.push(name);
    let layer = 0;
    let blocked = false;
    for (const dep of [...new Set(byName.get(name)!.dependsOn)].sort()) {
      if (!byName.has(dep)) {
        dangling.push([name, dep]);
        continue;
      }
      const depLayer = visit(dep);
      if (depLayer === undefined) blocked = true;
      else layer = Math.max(layer, depLayer + 1);
    }
    stack.pop();
    state.set(name, 'done');
    if (!blocked && !inCycle.has(name)) layers.set(name, layer);
    return layers.get(name);
  };

  for (const name of [...byName.keys()].sort()) visit(name);
  cycles.sort((a, b) => a.join().localeCompare(b.join()));
  return { layers, cycles, dangling };
}
