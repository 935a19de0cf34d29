/**
 * Where the cluster's Prometheus runs: the namespace of a Prometheus object, or of a
 * kube-prometheus-stack release, in the build of the cluster's monitoring.coreos.com provider
 * (`monitoring` in the seeds, `o11y` in onedr0p's home-ops). Network policies admit scrapes from it.
 */
import { chartOf, ociRepositoryUrls } from './chart-identity.ts';
import { kustomizationKey, type ModelView } from './model.ts';
import { providerIndex } from './providers.ts';

const PROMETHEUS_CHARTS = new Set(['kube-prometheus-stack', 'prometheus']);

/** Prometheus's namespace, and the REVIEW line when it is assumed rather than found. */
export interface PrometheusNamespace {
  namespace: string;
  review?: string;
}

/** The namespace of the cluster's Prometheus; assumed `monitoring` (with a REVIEW) when no provider's build shows it. */
export function prometheusNamespace(model: ModelView, cluster: string): PrometheusNamespace {
  const oci = ociRepositoryUrls(model);
  for (const { kustomization } of providerIndex(model, cluster).providersOf('monitoring.coreos.com')) {
    for (const { object } of model.builds.get(kustomizationKey(kustomization))?.objects ?? []) {
      const namespace = object.metadata?.namespace;
      if (object.kind === 'Prometheus' && String(object.apiVersion).startsWith('monitoring.coreos.com/') && typeof namespace === 'string') return { namespace };
      if (object.kind === 'HelmRelease' && PROMETHEUS_CHARTS.has(chartOf(object, oci) ?? '')) {
        const target = (object.spec as { targetNamespace?: unknown } | undefined)?.targetNamespace;
        if (typeof target === 'string') return { namespace: target };
        if (typeof namespace === 'string') return { namespace };
      }
    }
  }
  return { namespace: 'monitoring', review: `Prometheus's namespace not found in cluster ${cluster} (no Prometheus or kube-prometheus-stack in a monitoring.coreos.com provider): assumed monitoring` };
}

/** Where the Prometheus of several clusters run: each namespace once, and the REVIEW lines of those assumed. */
export interface PrometheusNamespaces {
  namespaces: string[];
  reviews: string[];
}

/**
 * The namespaces of the Prometheus of every cluster of `clusters`, in their order, each once: one file shared
 * by those clusters (a component's network policy) must admit the scrapes of each.
 */
export function prometheusNamespaces(model: ModelView, clusters: readonly string[]): PrometheusNamespaces {
  const found = clusters.map((cluster) => prometheusNamespace(model, cluster));
  return {
    namespaces: [...new Set(found.map((p) => p.namespace))],
    reviews: found.flatMap((p) => (p.review === undefined ? [] : [p.review])),
  };
}
