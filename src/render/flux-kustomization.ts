/** The Flux Kustomization documents a component adds to a cluster's infrastructure.yaml. */
import type { FluxgenConfig } from '../config.ts';

export interface FluxKustomizationDraft {
  name: string;
  path: string;
  dependsOn: string[];
  monitoring: boolean;
}

/** The Flux Kustomization as a plain object, keys in the seeds' order. */
export function fluxKustomizationDocument(draft: FluxKustomizationDraft, config: FluxgenConfig): Record<string, unknown> {
  const defaults = config.kustomization;
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: draft.name, namespace: 'flux-system' },
    spec: {
      ...(draft.dependsOn.length > 0 ? { dependsOn: draft.dependsOn.map((name) => ({ name })) } : {}),
      interval: defaults.interval,
      path: `./${draft.path}`,
      prune: defaults.prune,
      sourceRef: { kind: 'GitRepository', name: config.gitRepository },
      wait: draft.monitoring ? false : defaults.wait,
      timeout: draft.monitoring ? config.monitoringKustomization.timeout : defaults.timeout,
    },
  };
}

/** The REVIEW line explaining where the Kustomization sits in the bootstrap order. */
export function placementComment(name: string, dependsOn: readonly string[], reasons: ReadonlyMap<string, string>): string {
  if (dependsOn.length === 0) return `${name} placed in layer 0: its build uses no CRD from another Kustomization`;
  const why = dependsOn.map((dep) => (reasons.has(dep) ? `${dep} (${reasons.get(dep)})` : dep)).join(', ');
  return `Placed after ${why} in bootstrap order`;
}
