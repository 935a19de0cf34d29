/**
 * dependsOn as Flux resolves it: an entry names a Kustomization of the same cluster by name and
 * namespace, and an entry without `namespace` means the dependent's own namespace (kustomize-controller
 * reads `dependsOn[].namespace` that way). The one resolver: rules, graph and placement all use it.
 */
import type { DependsOnRef, DiscoveredKustomization } from './model.ts';

/** The namespace a dependsOn entry of `from` points into. */
export function targetNamespace(ref: DependsOnRef, from: Pick<DiscoveredKustomization, 'namespace'>): string {
  return ref.namespace ?? from.namespace;
}

/** The Kustomization a dependsOn entry of `from` names among `all` (same cluster), or undefined when dangling. */
export function resolveDependsOn(
  ref: DependsOnRef,
  from: Pick<DiscoveredKustomization, 'cluster' | 'namespace'>,
  all: readonly DiscoveredKustomization[],
): DiscoveredKustomization | undefined {
  const namespace = targetNamespace(ref, from);
  return all.find((k) => k.cluster === from.cluster && k.name === ref.name && k.namespace === namespace);
}

/** Whether `from`'s dependsOn already names `name` (in the namespace Flux would look in). */
export function dependsOnNames(from: DiscoveredKustomization, target: Pick<DiscoveredKustomization, 'name' | 'namespace'>): boolean {
  return from.dependsOn.some((ref) => ref.name === target.name && targetNamespace(ref, from) === target.namespace);
}

/**
 * Every Kustomization reachable from `from` through dependsOn, directly or transitively (itself
 * excluded unless a cycle leads back to it), in the order they are found.
 */
export function reachableThroughDependsOn(from: DiscoveredKustomization, all: readonly DiscoveredKustomization[]): DiscoveredKustomization[] {
  const seen = new Set<DiscoveredKustomization>();
  const queue = [from];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const ref of current.dependsOn) {
      const target = resolveDependsOn(ref, current, all);
      if (target && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...seen];
}
