/** `serviceMonitor.enabled: true` anywhere in a HelmRelease's values: the chart would create a ServiceMonitor at install. */
import { builtEntries, describe, hitAt, type Hit, type Rule } from '../rule.ts';

type Path = (string | number)[];

/** Paths of every `serviceMonitor: { enabled: true }` (any case, e.g. cert-manager's `servicemonitor`) under value. */
export function findEnabledServiceMonitors(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => findEnabledServiceMonitors(item, [...at, i]));
  if (value === null || typeof value !== 'object') return [];
  const found: Path[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key.toLowerCase() === 'servicemonitor' && (child as Record<string, unknown> | null)?.enabled === true) {
      found.push([...at, key, 'enabled']);
    }
    found.push(...findEnabledServiceMonitors(child, [...at, key]));
  }
  return found;
}

export const chartServiceMonitor: Rule = {
  id: 'chart-servicemonitor-enabled',
  severity: 'error',
  summary: 'a HelmRelease enables the chart ServiceMonitor (serviceMonitor.enabled: true in values)',
  help: 'A chart-created ServiceMonitor needs the monitoring.coreos.com CRDs at install time and breaks the bootstrap. Set `serviceMonitor.enabled: false` and add the ServiceMonitor by hand in the `<component>-monitoring` Kustomization.',
  check(context) {
    const hits: Hit[] = [];
    for (const entry of builtEntries(context.model)) {
      const object = entry.source.object;
      if (object.kind !== 'HelmRelease' || !String(object.apiVersion).startsWith('helm.toolkit.fluxcd.io/')) continue;
      const values = (object.spec as Record<string, unknown> | undefined)?.values;
      for (const found of findEnabledServiceMonitors(values)) {
        const at = ['spec', 'values', ...found];
        hits.push(
          hitAt(context, entry, at, `${describe(object)}: ${at.join('.')}: true makes the chart create a ServiceMonitor before the CRDs exist; set it to false and put a ServiceMonitor in \`${entry.kustomization.name}-monitoring\``),
        );
      }
    }
    return hits;
  },
};
