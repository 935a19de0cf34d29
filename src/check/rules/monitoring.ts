/** The monitoring split: PrometheusRule/ServiceMonitor/PodMonitor only in `*-monitoring` Kustomizations, which depend right and never wait. */
import { providerIndex } from '../../discover/providers.ts';
import { resolveDependsOn } from '../../discover/resolve-depends-on.ts';
import { builtEntries, describe, hitAt, hitAtKustomization, type Hit, type Rule } from '../rule.ts';

const MONITORING_KINDS = new Set(['PrometheusRule', 'ServiceMonitor', 'PodMonitor']);
const SUFFIX = '-monitoring';

export const monitoringOutside: Rule = {
  id: 'monitoring-outside-monitoring-kustomization',
  severity: 'error',
  summary: 'PrometheusRule/ServiceMonitor/PodMonitor built by a Kustomization not named *-monitoring',
  help: 'Monitoring resources need the monitoring.coreos.com CRDs and break the bootstrap of a service Kustomization. Move them to namespaces/<component>-monitoring/ with its own `<component>-monitoring` Kustomization (dependsOn: monitoring, <component>; wait: false).',
  check(context) {
    return builtEntries(context.model)
      .filter(({ kustomization, source }) => {
        const group = String(source.object.apiVersion).split('/')[0];
        return !kustomization.name.endsWith(SUFFIX) && group === 'monitoring.coreos.com' && MONITORING_KINDS.has(source.object.kind);
      })
      .map((entry) =>
        hitAt(
          context,
          entry,
          [],
          `${describe(entry.source.object)} is built by Kustomization ${entry.kustomization.name}; move it to a separate \`${entry.kustomization.name}${SUFFIX}\` Kustomization that depends on monitoring and ${entry.kustomization.name}`,
        ),
      );
  },
};

export const monitoringDeps: Rule = {
  id: 'monitoring-kustomization-deps',
  severity: 'error',
  summary: 'a *-monitoring Kustomization lacks `monitoring` or its parent in dependsOn, or waits',
  help: 'A `<component>-monitoring` Kustomization depends on BOTH `monitoring` (the CRDs) and `<component>` (namespace and endpoints), with `wait: false` and `timeout: 5m`: monitoring add-ons block nothing.',
  check(context) {
    const { model } = context;
    const monitoringOf = (cluster: string) => providerIndex(model, cluster).providersOf('monitoring.coreos.com')[0]?.kustomization.name ?? 'monitoring';
    const hits: Hit[] = [];
    for (const k of model.kustomizations) {
      const monitoring = monitoringOf(k.cluster);
      if (!k.name.endsWith(SUFFIX) || k.name === monitoring) continue;
      const parent = k.name.slice(0, -SUFFIX.length);
      const names = new Set(k.dependsOn.flatMap((ref) => resolveDependsOn(ref, k, model.kustomizations)?.name ?? []));
      const parentExists = model.kustomizations.some((other) => other.cluster === k.cluster && other.name === parent);
      const missing = [monitoring, ...(parentExists ? [parent] : [])].filter((name) => !names.has(name));
      if (missing.length > 0) {
        const list = missing.map((name) => `\`- name: ${name}\``).join(' and ');
        hits.push(hitAtKustomization(context, k, ['spec', 'dependsOn'], `Kustomization ${k.name} must depend on ${monitoring} (the CRDs) and ${parent} (namespace and endpoints); add ${list} to spec.dependsOn`));
      }
      if (k.object.spec?.wait === true) {
        hits.push(hitAtKustomization(context, k, ['spec', 'wait'], `Kustomization ${k.name} has wait: true; monitoring add-ons block nothing: set \`wait: false\` (and \`timeout: 5m\`)`));
      }
    }
    return hits;
  },
};
