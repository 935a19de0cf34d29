/**
 * A namespace whose CiliumNetworkPolicy selects every pod that a ServiceMonitor or PodMonitor scrapes,
 * but admits no ingress from the namespace of the cluster's Prometheus: the scrape is denied. A warning,
 * and only where it is certain: the policy selects every pod (`endpointSelector: {}`), Prometheus's
 * namespace was found, and no clusterwide policy could admit the scrape instead.
 */
import type { BuiltObject } from '../../build/kustomize.ts';
import { prometheusNamespace } from '../../discover/prometheus.ts';
import { builtEntries, describe, hitAt, type BuiltEntry, type Hit, type Rule } from '../rule.ts';

const MONITORS = new Set(['ServiceMonitor', 'PodMonitor']);
const NAMESPACE_LABELS = ['k8s:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace'];

type Spec = Record<string, any>;

const isCilium = (o: BuiltObject, kind: string) => o.kind === kind && String(o.apiVersion).startsWith('cilium.io/');

/** The namespaces a monitor scrapes; undefined for `any: true` (every namespace: not certain). */
function scrapedNamespaces(monitor: BuiltObject): string[] | undefined {
  const selector = (monitor.spec as Spec | undefined)?.namespaceSelector;
  if (selector?.any === true) return undefined;
  if (Array.isArray(selector?.matchNames) && selector.matchNames.length > 0) return selector.matchNames.filter((n: unknown): n is string => typeof n === 'string');
  return typeof monitor.metadata?.namespace === 'string' ? [monitor.metadata.namespace] : [];
}

/** True when the policy selects every pod of its namespace and enforces ingress. */
function guardsEveryPod(policy: BuiltObject): boolean {
  const spec = policy.spec as Spec | undefined;
  const selector = spec?.endpointSelector;
  const all = selector !== undefined && selector !== null && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
  return all && Array.isArray(spec?.ingress);
}

/** True when one of the policy's ingress rules admits pods of namespace `from` (or the whole cluster). */
function admits(policy: BuiltObject, from: string): boolean {
  const rules: Spec[] = Array.isArray((policy.spec as Spec | undefined)?.ingress) ? (policy.spec as Spec).ingress : [];
  return rules.some((rule) => {
    if (Array.isArray(rule.fromEntities) && rule.fromEntities.some((e: unknown) => e === 'cluster' || e === 'all')) return true;
    const endpoints: Spec[] = Array.isArray(rule.fromEndpoints) ? rule.fromEndpoints : [];
    return endpoints.some((e) => {
      const labels = e?.matchLabels ?? {};
      const expressions: Spec[] = e?.matchExpressions ?? [];
      return NAMESPACE_LABELS.some((key) => labels[key] === from) || expressions.some((x) => NAMESPACE_LABELS.includes(x.key) && x.operator === 'In' && Array.isArray(x.values) && x.values.includes(from));
    });
  });
}

export const netpolBlocksPrometheus: Rule = {
  id: 'netpol-blocks-prometheus',
  severity: 'warning',
  summary: "a CiliumNetworkPolicy selects the pods a ServiceMonitor/PodMonitor scrapes but admits no ingress from Prometheus's namespace",
  help: "Cilium enforces on the pod's own port: a policy that selects every pod and lists ingress rules denies the scrape unless one rule admits Prometheus's namespace. Add an ingress rule `fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: <prometheus namespace>}}]` on the metrics port.",
  check(context) {
    const { model } = context;
    const hits: Hit[] = [];
    const entries = builtEntries(model);
    for (const cluster of model.clusters) {
      const inCluster = entries.filter((e) => e.kustomization.cluster === cluster);
      if (inCluster.some((e) => isCilium(e.source.object, 'CiliumClusterwideNetworkPolicy'))) continue;
      const prometheus = prometheusNamespace(model, cluster);
      if (prometheus.review !== undefined) continue;
      const scraped = new Map<string, BuiltObject>();
      for (const { source } of inCluster) {
        if (!MONITORS.has(source.object.kind)) continue;
        for (const ns of scrapedNamespaces(source.object) ?? []) if (!scraped.has(ns)) scraped.set(ns, source.object);
      }
      const policies = new Map<string, BuiltEntry[]>();
      for (const entry of inCluster) {
        const ns = entry.source.object.metadata?.namespace;
        if (isCilium(entry.source.object, 'CiliumNetworkPolicy') && typeof ns === 'string') policies.set(ns, [...(policies.get(ns) ?? []), entry]);
      }
      for (const [ns, monitor] of [...scraped].sort()) {
        if (ns === prometheus.namespace) continue;
        const inNamespace = policies.get(ns) ?? [];
        const guard = inNamespace.find((e) => guardsEveryPod(e.source.object));
        if (!guard || inNamespace.some((e) => admits(e.source.object, prometheus.namespace))) continue;
        hits.push(
          hitAt(context, guard, ['spec', 'endpointSelector'], `${describe(guard.source.object)} selects every pod of namespace ${ns}, which ${describe(monitor)} scrapes, but admits no ingress from namespace ${prometheus.namespace} (the cluster's Prometheus): add an ingress rule for k8s:io.kubernetes.pod.namespace: ${prometheus.namespace} on the metrics port`),
        );
      }
    }
    return hits;
  },
};
