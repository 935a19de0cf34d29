/**
 * A HelmRelease's chart identity, as every table of charts reads it (CRD charts, webhook charts):
 * `chart.spec.chart`, or for `chartRef` the last segment of its OCIRepository's URL.
 */
import type { BuiltObject } from '../build/kustomize.ts';
import type { ModelView } from './model.ts';

/** `namespace/name` of every OCIRepository the model builds → its URL. */
export type OciRepositoryUrls = ReadonlyMap<string, string>;

const urls = new WeakMap<Pick<ModelView, 'folders'>, Map<string, string>>();

/** The OCIRepositories of every folder the model built, computed once per model. */
export function ociRepositoryUrls(model: Pick<ModelView, 'folders'>): OciRepositoryUrls {
  const known = urls.get(model);
  if (known) return known;
  const found = new Map<string, string>();
  for (const outcome of model.folders.values()) {
    for (const { object } of outcome.objects) {
      const url = (object.spec as { url?: unknown } | undefined)?.url;
      if (object.kind === 'OCIRepository' && typeof url === 'string') found.set(`${object.metadata?.namespace ?? 'flux-system'}/${object.metadata?.name}`, url);
    }
  }
  urls.set(model, found);
  return found;
}

/** The chart of a HelmRelease: `chart.spec.chart` (without a repository path), or for `chartRef` the last segment of its OCIRepository's URL (its name when the URL is unknown). */
export function chartOf(release: BuiltObject, ociRepositories: OciRepositoryUrls): string | undefined {
  const spec = release.spec as { chart?: { spec?: { chart?: unknown } }; chartRef?: { kind?: unknown; name?: unknown; namespace?: unknown } } | undefined;
  if (typeof spec?.chart?.spec?.chart === 'string') return spec.chart.spec.chart.split('/').at(-1);
  const ref = spec?.chartRef;
  if (ref?.kind !== 'OCIRepository' || typeof ref.name !== 'string') return undefined;
  const url = ociRepositories.get(`${typeof ref.namespace === 'string' ? ref.namespace : (release.metadata?.namespace ?? '')}/${ref.name}`);
  const last = url?.replace(/^[a-z]+:\/\//, '').split('/').filter(Boolean).at(-1)?.replace(/[:@].*$/, '');
  return last ?? ref.name;
}

/** The path of the node that names the chart (`spec.chart.spec.chart` or `spec.chartRef.name`), for findings. */
export function chartNodePath(release: BuiltObject): (string | number)[] {
  return (release.spec as { chart?: { spec?: { chart?: unknown } } } | undefined)?.chart?.spec?.chart !== undefined ? ['spec', 'chart', 'spec', 'chart'] : ['spec', 'chartRef', 'name'];
}
