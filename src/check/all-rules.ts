/** Every rule of SPEC §8, in the order of its table. The ids are a contract: never rename one. */
import type { Rule } from './rule.ts';
import { chartServiceMonitor } from './rules/chart-servicemonitor.ts';
import { crdProviderUnknown, missingCrdDependency } from './rules/crd-dependency.ts';
import { danglingDependsOn, dependencyCycle } from './rules/graph.ts';
import { cleanupOnFail, remediateLastFailure, uninstallStrategy, upgradeForce } from './rules/helmrelease.ts';
import { kustomizationPathMissing, kustomizeBuildFailed } from './rules/kustomization-path.ts';
import { baseOverlaysInFlatRepo } from './rules/layout.ts';
import { monitoringDeps, monitoringOutside } from './rules/monitoring.ts';
import { namespaceMissingPss, plaintextSecret } from './rules/namespace-secret.ts';
import { networkPolicyForApiServer } from './rules/network-policy.ts';
import { netpolBlocksPrometheus } from './rules/netpol-prometheus.ts';
import { restartAnnotation } from './rules/restart-annotation.ts';
import { schemaInvalid } from './rules/schema-invalid.ts';
import { webhookWithoutCiliumPolicy } from './rules/webhook-policy.ts';
import { serviceSelectorNoPods, workloadNotRestricted } from './rules/service-workload.ts';
import { workloadMissingLabels, workloadMissingProbes, workloadMissingResources } from './rules/workload.ts';

export const ALL_RULES: readonly Rule[] = [
  upgradeForce,
  cleanupOnFail,
  uninstallStrategy,
  remediateLastFailure,
  baseOverlaysInFlatRepo,
  monitoringOutside,
  chartServiceMonitor,
  networkPolicyForApiServer,
  missingCrdDependency,
  crdProviderUnknown,
  monitoringDeps,
  namespaceMissingPss,
  plaintextSecret,
  danglingDependsOn,
  dependencyCycle,
  kustomizationPathMissing,
  kustomizeBuildFailed,
  webhookWithoutCiliumPolicy,
  netpolBlocksPrometheus,
  restartAnnotation,
  workloadMissingLabels,
  workloadMissingResources,
  workloadMissingProbes,
  serviceSelectorNoPods,
  workloadNotRestricted,
  schemaInvalid,
];

/** The rule with this id, or undefined. */
export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}
