/** Renders a ComponentSpec into the files of `namespaces/<name>/` (and `-monitoring/`). */
import { FluxgenError } from '../errors.ts';
import type { ComponentSpec } from '../plan/plan-component.ts';
import type { FluxgenConfig } from '../config.ts';
import type { HelmRepositoryFact } from '../discover/helm-repositories.ts';
import { isPinnedVersion } from '../plan/validate.ts';
import { serviceMonitorValues } from './service-monitor-values.ts';
import { renderTemplate } from './engine.ts';
import { renderMonitoringPart } from './render-monitoring.ts';
import { NETWORK_POLICY_FILE, renderNetworkPolicy } from './render-network-policy.ts';
import type { PrometheusNamespaces } from '../discover/prometheus.ts';

export interface RenderedFile {
  path: string;
  content: string;
}

export interface Assumption {
  file: string;
  text: string;
}

export interface RenderedComponent {
  /** Files in path order, paths relative to the repo root with `/`. */
  files: RenderedFile[];
  assumptions: Assumption[];
  /** The component's directories: `namespaces/<name>` and, with monitoring, `namespaces/<name>-monitoring`. */
  dirs: { main: string; monitoring?: string };
  helmRepository: { name: string; namespace: string; reusedFrom?: string };
}

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'default', 'flux-system']);

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** An existing HelmRepository with the same URL outside the component's own folder, if any. */
function findReusable(spec: ComponentSpec, repo: RenderContext, ownDir: string): HelmRepositoryFact | undefined {
  const outside = repo.helmRepositories.filter((r) => !r.file.startsWith(`${ownDir}/`));
  const clash = outside.find((r) => r.name === spec.repoName && r.namespace === 'flux-system' && !sameUrl(r.url, spec.repoUrl));
  const reuse = outside.find((r) => sameUrl(r.url, spec.repoUrl));
  if (!reuse && clash) {
    throw new FluxgenError('BAD_INPUT', `HelmRepository name ${JSON.stringify(spec.repoName)} is taken by ${clash.file} (url ${clash.url})`, {
      hint: `pass --repo-name with another name, e.g. --repo-name ${spec.name}-charts`,
    });
  }
  return reuse;
}

/** What rendering needs of the repo. */
export interface RenderContext {
  config: FluxgenConfig;
  /** HelmRepositories already applied in the repo (reused by URL). */
  helmRepositories: readonly HelmRepositoryFact[];
  /** Where the Prometheus of the component's clusters run: its network policy admits scrapes from there (with `--monitoring`). */
  prometheus?: PrometheusNamespaces;
}

/** Renders every file of the component; pure apart from reading templates. */
export function renderComponent(spec: ComponentSpec, repo: RenderContext): RenderedComponent {
  const root = repo.config.componentsDir;
  const main = `${root}/${spec.name}`;
  const files: RenderedFile[] = [];
  const assumptions: Assumption[] = [];
  const add = (path: string, template: string, context: object, reviews: string[] = []) => {
    files.push({ path, content: renderTemplate(template, { ...context, reviews, review: reviews[0] ?? '' }) });
    assumptions.push(...reviews.map((text) => ({ file: path, text })));
  };
  const resources: string[] = [];

  if (!SYSTEM_NAMESPACES.has(spec.namespace)) {
    const reviews = spec.pss === 'restricted' ? [] : [`Pod Security level relaxed to ${spec.pss}: check that the workload cannot run as restricted`];
    add(`${main}/namespace.yaml`, 'component/namespace.yaml', { namespace: spec.namespace, pss: spec.pss }, reviews);
    resources.push('namespace.yaml');
  } else {
    assumptions.push({ file: `${main}/kustomization.yaml`, text: `Namespace ${spec.namespace} is a system namespace: no Namespace object generated` });
  }

  const reused = findReusable(spec, repo, main);
  const source = reused ? { name: reused.name, namespace: reused.namespace } : { name: spec.repoName, namespace: 'flux-system' };
  if (!reused) {
    add(`${main}/helm-repository.yaml`, 'component/helm-repository.yaml', { repoName: spec.repoName, repoUrl: spec.repoUrl, oci: spec.repoUrl.startsWith('oci://') });
    resources.push('helm-repository.yaml');
  }

  const releaseReviews: string[] = [];
  const chartVersion = spec.chartVersion ?? '*';
  if (spec.chartVersion === undefined) releaseReviews.push('Chart version not pinned: "*" follows every new release; pin a version or a range');
  else if (!isPinnedVersion(spec.chartVersion)) releaseReviews.push(`Chart version range ${spec.chartVersion} not pinned: upgrades follow new releases in the range`);
  if (reused) releaseReviews.push(`Reusing HelmRepository ${reused.namespace}/${reused.name} from ${reused.file} (same URL)`);
  const monitor = serviceMonitorValues(spec);
  releaseReviews.push(...monitor.reviews);
  add(
    `${main}/helm-release.yaml`,
    'component/helm-release.yaml',
    {
      name: spec.name,
      namespace: spec.namespace,
      chart: spec.chart,
      chartVersion,
      sourceName: source.name,
      sourceNamespace: source.namespace,
      values: monitor.values,
      valueComments: { serviceMonitor: monitor.comment },
    },
    releaseReviews,
  );
  resources.push('helm-release.yaml');

  if (spec.webhook) {
    const policy = renderNetworkPolicy({ name: spec.name, namespace: spec.namespace, chart: spec.chart, prometheus: spec.monitoring ? repo.prometheus : undefined });
    files.push({ path: `${main}/${NETWORK_POLICY_FILE}`, content: policy.content });
    assumptions.push(...policy.reviews.map((text) => ({ file: `${main}/${NETWORK_POLICY_FILE}`, text })));
    resources.push(NETWORK_POLICY_FILE);
  }
  files.push({ path: `${main}/kustomization.yaml`, content: renderTemplate('component/kustomization.yaml', { resources }) });

  let monitoring: string | undefined;
  if (spec.monitoring) {
    monitoring = `${main}-monitoring`;
    const part = renderMonitoringPart(spec.name, spec.namespace, monitoring);
    files.push(...part.files);
    assumptions.push(...part.assumptions);
  }

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, assumptions, dirs: { main, monitoring }, helmRepository: { ...source, reusedFrom: reused?.file } };
}
