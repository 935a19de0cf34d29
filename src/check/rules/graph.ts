/** The dependency graph of each cluster: every dependsOn names a Kustomization, and there are no cycles. */
import type { DiscoveredKustomization } from '../../discover/model.ts';
import { resolveDependsOn } from '../../discover/resolve-depends-on.ts';
import { computeClusterGraph } from '../cluster-graph.ts';
import { hitAtKustomization, type Hit, type Rule } from '../rule.ts';

function byCluster(kustomizations: readonly DiscoveredKustomization[]): Map<string, DiscoveredKustomization[]> {
  const clusters = new Map<string, DiscoveredKustomization[]>();
  for (const k of kustomizations) clusters.set(k.cluster, [...(clusters.get(k.cluster) ?? []), k]);
  return clusters;
}

export const danglingDependsOn: Rule = {
  id: 'dangling-depends-on',
  severity: 'error',
  summary: 'dependsOn names no Kustomization of the cluster',
  help: 'Flux waits forever for a dependency that does not exist. Fix the name (a typo?), add the missing Kustomization, or remove the entry.',
  check(context) {
    const hits: Hit[] = [];
    for (const [cluster, members] of byCluster(context.model.kustomizations)) {
      for (const k of members) {
        k.dependsOn.forEach((ref, i) => {
          if (resolveDependsOn(ref, k, members)) return;
          const names = [...new Set(members.map((m) => m.name))].sort().join(', ');
          hits.push(hitAtKustomization(context, k, ['spec', 'dependsOn', i], `Kustomization ${k.name} depends on ${ref.name}, but cluster ${cluster} has no Kustomization ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} (it has: ${names}); fix the name or remove the entry`));
        });
      }
    }
    return hits;
  },
};

export const dependencyCycle: Rule = {
  id: 'dependency-cycle',
  severity: 'error',
  summary: 'a dependsOn cycle',
  help: 'Flux never applies any Kustomization of a dependsOn cycle. Remove the dependency that closes the loop (usually the one that is not a CRD provider).',
  check(context) {
    const hits: Hit[] = [];
    for (const [cluster, members] of byCluster(context.model.kustomizations)) {
      const graph = computeClusterGraph(cluster, members);
      const byLabel = new Map(graph.entries.map((entry) => [entry.name, entry.kustomization]));
      for (const cycle of graph.cycles) {
        const first = byLabel.get(cycle[0]!)!;
        const next = byLabel.get(cycle[1 % cycle.length]!)!;
        const index = first.dependsOn.findIndex((ref) => resolveDependsOn(ref, first, members) === next);
        const loop = [...cycle, cycle[0]].join(' → ');
        hits.push(hitAtKustomization(context, first, ['spec', 'dependsOn', index], `dependsOn cycle in cluster ${cluster}: ${loop} (members: ${[...cycle].sort().join(', ')}); Flux applies none of them: remove one of these dependencies`));
      }
    }
    return hits;
  },
};
