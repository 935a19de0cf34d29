/** The Flux Kustomization documents a component adds to a cluster's infrastructure.yaml. */
import type { FluxgenConfig } from '../config.ts';
import type { FluxPatch } from '../plan/patch-file.ts';

export interface FluxKustomizationDraft {
  name: string;
  path: string;
  dependsOn: string[];
  monitoring: boolean;
  /** Per-cluster overrides (`--patch-file`), as Flux `spec.patches` entries. */
  patches?: FluxPatch[];
}

/** The Flux Kustomization as a plain object, keys in the seeds' order; `fields` (see `inferFields`) replace SPEC §2's defaults, undefined leaves a field out. */
export function fluxKustomizationDocument(draft: FluxKustomizationDraft, config: FluxgenConfig, fields?: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const defaults = config.kustomization;
  const pick = (field: string, fallback: unknown) => (fields && fields.has(field) ? fields.get(field) : fallback);
  const spec: Record<string, unknown> = {
    ...(draft.dependsOn.length > 0 ? { dependsOn: draft.dependsOn.map((name) => ({ name })) } : {}),
    interval: pick('interval', defaults.interval),
    path: `./${draft.path}`,
    prune: pick('prune', defaults.prune),
    sourceRef: pick('sourceRef', { kind: 'GitRepository', name: config.gitRepository }),
    wait: draft.monitoring ? false : pick('wait', defaults.wait),
    timeout: draft.monitoring ? config.monitoringKustomization.timeout : pick('timeout', defaults.timeout),
    retryInterval: pick('retryInterval', undefined),
    postBuild: pick('postBuild.substituteFrom', undefined) === undefined ? undefined : { substituteFrom: pick('postBuild.substituteFrom', undefined) },
    decryption: pick('decryption', undefined),
    patches: draft.patches && draft.patches.length > 0 ? draft.patches : undefined,
  };
  for (const key of Object.keys(spec)) if (spec[key] === undefined) delete spec[key];
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: draft.name, namespace: 'flux-system' },
    spec,
  };
}

/** The REVIEW line explaining where the Kustomization sits in the bootstrap order. */
export function placementComment(name: string, dependsOn: readonly string[], reasons: ReadonlyMap<string, string>): string {
  if (dependsOn.length === 0) return `${name} placed in layer 0: its build uses no CRD from another Kustomization`;
  const why = dependsOn.map((dep) => (reasons.has(dep) ? `${dep} (${reasons.get(dep)})` : dep)).join(', ');
  return `Placed after ${why} in bootstrap order`;
}
