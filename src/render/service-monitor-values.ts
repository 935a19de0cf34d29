/**
 * The chart's `serviceMonitor` value in a generated HelmRelease. The seeds' rule: always `enabled: false`,
 * since a chart-created ServiceMonitor needs the monitoring.coreos.com CRDs at install and breaks the
 * bootstrap. The comment and REVIEW say where the ServiceMonitor is, or how to add one: never a
 * `-monitoring` Kustomization that does not exist.
 */
import type { ComponentSpec } from '../plan/plan-component.ts';

export interface ServiceMonitorValues {
  /** The chart values with `serviceMonitor.enabled: false` (the user's other serviceMonitor keys kept). */
  values: Record<string, unknown>;
  /** The comment above `serviceMonitor:` in the HelmRelease. */
  comment: string;
  /** REVIEW lines: only when the user's values asked for something else. */
  reviews: string[];
}

/** Whether the user's values enable (or set anything but `enabled: false` on) the chart's ServiceMonitor. */
function userEnables(value: unknown): boolean {
  return value !== undefined && (typeof value !== 'object' || value === null || (value as { enabled?: unknown }).enabled !== false);
}

/** The HelmRelease values of `spec` with the chart's ServiceMonitor off, and what to say about it. */
export function serviceMonitorValues(spec: Pick<ComponentSpec, 'name' | 'monitoring' | 'values'>): ServiceMonitorValues {
  const user = spec.values.serviceMonitor;
  const base = typeof user === 'object' && user !== null && !Array.isArray(user) ? user : {};
  const values = { ...spec.values, serviceMonitor: { ...base, enabled: false } };
  const part = `${spec.name}-monitoring`;
  if (spec.monitoring) {
    const reviews = userEnables(user) ? [`serviceMonitor.enabled forced to false: the ServiceMonitor is in the ${part} Kustomization`] : [];
    return { values, comment: `Managed separately in the ${part} Kustomization`, reviews };
  }
  const command = `\`fluxgen monitoring ${spec.name}\``;
  const reviews = userEnables(user)
    ? [`serviceMonitor.enabled forced to false although your values enable it (a chart ServiceMonitor needs the monitoring CRDs at install): run ${command} to add one in a ${part} Kustomization`]
    : [];
  return { values, comment: `Off until the monitoring CRDs exist: ${command} adds a ServiceMonitor in ${part}`, reviews };
}
