/**
 * The component's CiliumNetworkPolicy (`cilium-network-policies/allow-k8s-api.yaml`), shaped so that it
 * does not cut the component off: the webhook's own container port from the chart table (Cilium enforces
 * after service translation; 443/8443 when the chart is unknown), the egress the chart needs, and, with a
 * `-monitoring` part, ingress from Prometheus's namespace to the scraped port. Every REVIEW says what it denies.
 */
import type { PrometheusNamespaces } from '../discover/prometheus.ts';
import { FALLBACK_WEBHOOK_PORTS, webhookChart } from '../discover/webhook-charts.ts';
import { renderTemplate } from './engine.ts';

export const NETWORK_POLICY_FILE = 'cilium-network-policies/allow-k8s-api.yaml';

export interface NetworkPolicyRequest {
  /** The component (for messages). */
  name: string;
  namespace: string;
  /** The chart its HelmRelease installs, when it has one. */
  chart?: string;
  /** Where Prometheus runs in each cluster the policy is applied to, when the component is scraped (a `-monitoring` part). */
  prometheus?: PrometheusNamespaces;
}

/** The policy's text and its REVIEW lines (in the order the file carries them). */
export interface RenderedPolicy {
  content: string;
  reviews: string[];
}

/** Renders the policy for one component. */
export function renderNetworkPolicy(request: NetworkPolicyRequest): RenderedPolicy {
  const row = request.chart === undefined ? undefined : webhookChart(request.chart);
  const webhookPorts = row ? [row.webhookPort] : [...FALLBACK_WEBHOOK_PORTS];
  const reviews = [
    row
      ? `CiliumNetworkPolicy for webhook admission: the API server reaches the ${row.chart} webhook on its container port ${row.webhookPort}; the pods reach the API server, DNS and their own namespace`
      : `CiliumNetworkPolicy for webhook admission: the webhook port of ${request.chart === undefined ? 'this component' : `chart ${request.chart}`} is not in fluxgen's table, so the API server is admitted on 443/8443 (the seeds' ports); check the chart's webhook container port`,
  ];
  for (const egress of row?.egress ?? []) reviews.push(`Egress to ${egress.entity} on ${egress.port} for ${row!.chart}: ${egress.why}`);
  const allowed = ['the API server and host on the webhook port', 'pods of its own namespace'];
  let scrape: { namespaces: string[]; port: string } | undefined;
  const prometheus = request.prometheus;
  reviews.push(...(prometheus?.reviews ?? []));
  if (prometheus !== undefined && prometheus.namespaces.length > 0) {
    const port = row?.metricsPort === undefined ? 'metrics' : String(row.metricsPort);
    scrape = { namespaces: prometheus.namespaces, port };
    const one = prometheus.namespaces.length === 1;
    const where = `${one ? 'namespace' : 'namespaces'} ${prometheus.namespaces.join(', ')}`;
    const from = `${where} (${one ? "the cluster's Prometheus" : "each cluster's Prometheus"})`;
    allowed.push(`Prometheus from ${where}`);
    reviews.push(
      row?.metricsPort === undefined
        ? `Ingress from ${from} admitted on the container port named "metrics": check the chart's metrics port`
        : `Ingress from ${from} admitted on ${row.chart}'s metrics port ${row.metricsPort}`,
    );
  }
  const denied = scrape === undefined ? 'every other ingress (Prometheus cannot scrape it; clients in other namespaces or outside the cluster cannot reach it)' : 'every other ingress (clients in other namespaces or outside the cluster cannot reach it)';
  reviews.push(`The policy selects every pod of namespace ${request.namespace} and admits only ${allowed.join('; ')}. It denies ${denied}: add rules for them`);
  const content = renderTemplate('component/allow-k8s-api.yaml', {
    namespace: request.namespace,
    reviews,
    webhookPorts: webhookPorts.map(String),
    egress: (row?.egress ?? []).map((e) => ({ entity: e.entity, port: String(e.port) })),
    scrape: scrape ?? false,
  });
  return { content, reviews };
}
