/**
 * The one webhook list: which components register admission webhooks, decided once for `component`'s
 * default, the prompts and `check`'s `webhook-without-cilium-policy`. Evidence from the build (a
 * Validating/MutatingWebhookConfiguration) wins; a HelmRelease is not rendered here (no helm), so for
 * it the chart decides (`chart.spec.chart`, or a chartRef's OCIRepository URL, as chart-identity.ts reads it).
 * Each known chart also says what its CiliumNetworkPolicy must admit so that it is not cut off.
 */
import type { BuiltObject } from '../build/kustomize.ts';
import type { FluxgenConfig } from '../config.ts';
import { chartOf, type OciRepositoryUrls } from './chart-identity.ts';

/** Egress a chart needs beyond the API server, DNS and its own namespace. */
export interface ChartEgress {
  /** A Cilium entity (`world`) the pods reach. */
  entity: string;
  port: number;
  /** Why, for the REVIEW line. */
  why: string;
}

export interface WebhookChart {
  /** Chart name, as chart-identity.ts reads it. */
  chart: string;
  /** The container port the webhook listens on (Cilium enforces after service translation). */
  webhookPort: number;
  /** The container port Prometheus scrapes, when the chart's is known. */
  metricsPort?: number;
  egress: ChartEgress[];
}

export const WEBHOOK_CHARTS: readonly WebhookChart[] = [
  { chart: 'cert-manager', webhookPort: 10250, metricsPort: 9402, egress: [{ entity: 'world', port: 443, why: 'ACME and DNS-01 calls to the issuers' }] },
  { chart: 'kyverno', webhookPort: 9443, metricsPort: 8000, egress: [] },
  { chart: 'gatekeeper', webhookPort: 8443, metricsPort: 8888, egress: [] },
  { chart: 'linkerd-control-plane', webhookPort: 8443, egress: [] },
  { chart: 'linkerd', webhookPort: 8443, egress: [] },
];

/** The webhook ports of a chart no row knows: the seeds' 443/8443. */
export const FALLBACK_WEBHOOK_PORTS: readonly number[] = [443, 8443];

const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

/** The chart names that register webhooks: `.fluxgen.yaml` `webhookCharts` when set, else the table's. */
export function webhookChartNames(config: Pick<FluxgenConfig, 'webhookCharts'>): readonly string[] {
  return config.webhookCharts ?? WEBHOOK_CHARTS.map((row) => row.chart);
}

/** True when a release of `chart` registers admission webhooks. */
export function isWebhookChart(chart: string | undefined, config: Pick<FluxgenConfig, 'webhookCharts'>): boolean {
  return chart !== undefined && webhookChartNames(config).includes(chart);
}

/** The table's row for `chart`, when it has one. */
export function webhookChart(chart: string): WebhookChart | undefined {
  return WEBHOOK_CHARTS.find((row) => row.chart === chart);
}

/**
 * The object that makes a build a webhook component: a webhook configuration first (evidence), else a
 * HelmRelease of a webhook chart; undefined when there is none.
 */
export function webhookEvidence(objects: readonly BuiltObject[], config: Pick<FluxgenConfig, 'webhookCharts'>, ociRepositories: OciRepositoryUrls): BuiltObject | undefined {
  return (
    objects.find((o) => WEBHOOK_KINDS.has(o.kind) && String(o.apiVersion).startsWith('admissionregistration.k8s.io/')) ??
    objects.find((o) => o.kind === 'HelmRelease' && isWebhookChart(chartOf(o, ociRepositories), config))
  );
}
