/**
 * CRD providers learned from the repo (SPEC §4). A Kustomization of the cluster provides an API group
 * when, in this order of precedence: (1) a `.fluxgen.yaml` `providers:` row names it; (2) its build
 * contains the group's CustomResourceDefinition, or a remote resource whose URL names the group's
 * project; (3) its build contains a HelmRelease of a chart known to install those CRDs, as its values
 * say; (4) it carries the seeds' default name for the group. One module for `check`, `component` and
 * `regen`: a requirement is met when any provider is reachable through dependsOn.
 */
import { apiGroup, DEFAULT_PROVIDERS } from '../build/depends-on.ts';
import type { BuiltObject } from '../build/kustomize.ts';
import { chartOf, ociRepositoryUrls } from './chart-identity.ts';
import { CRD_CHARTS, GROUP_PROJECTS, type CrdChart } from './crd-charts.ts';
import { kustomizationKey, type DiscoveredKustomization, type ModelView } from './model.ts';
import { reachableThroughDependsOn } from './resolve-depends-on.ts';

/** Groups served by the API server itself (and Flux's own, installed by bootstrap): no provider needed. */
const BUILT_IN = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io',
  'node.k8s.io', 'scheduling.k8s.io', 'certificates.k8s.io', 'flowcontrol.apiserver.k8s.io', 'apiregistration.k8s.io',
  'resource.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'internal.apiserver.k8s.io', 'storagemigration.k8s.io',
]);

/** True when objects of `group` need CRDs someone installs. */
export function isCustomGroup(group: string): boolean {
  return !BUILT_IN.has(group) && !group.endsWith('.toolkit.fluxcd.io');
}

export interface Provider {
  kustomization: DiscoveredKustomization;
  /** 1 (config) … 4 (default name). */
  precedence: 1 | 2 | 3 | 4;
}

const matches = (group: string, row: string) => group === row || group.endsWith(`.${row}`);

function valueAt(values: unknown, keys: readonly string[]): unknown {
  let current = values;
  for (const key of keys) current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

/** Whether a release of a known chart installs its CRDs, as its values and install.crds say. */
function installsCrds(release: BuiltObject, chart: CrdChart): boolean {
  const spec = release.spec as { install?: { crds?: unknown }; values?: unknown } | undefined;
  switch (chart.install.by) {
    case 'runtime':
      return true;
    case 'crds-folder':
      return spec?.install?.crds !== 'Skip';
    case 'value': {
      for (const keys of chart.install.paths) {
        const value = valueAt(spec?.values, keys);
        if (typeof value === 'boolean') return value;
      }
      return chart.install.default;
    }
  }
}

/** The providers of every custom group in one cluster, each list by precedence then name. */
export class ProviderIndex {
  private readonly byGroup = new Map<string, Provider[]>();
  private readonly denied = new Set<string>();
  private readonly charts: readonly CrdChart[];

  constructor(private readonly model: ModelView, readonly cluster: string) {
    this.charts = CRD_CHARTS;
    const members = model.kustomizations.filter((k) => k.cluster === cluster);
    const ociRepositories = ociRepositoryUrls(model);
    const add = (group: string, kustomization: DiscoveredKustomization, precedence: Provider['precedence']) => {
      const list = this.byGroup.get(group) ?? [];
      if (!list.some((p) => p.kustomization === kustomization && p.precedence <= precedence)) list.push({ kustomization, precedence });
      this.byGroup.set(group, list);
    };
    for (const row of model.config.providers) for (const k of members.filter((m) => m.name === row.kustomization)) add(row.group, k, 1);
    for (const k of members) {
      const outcome = model.builds.get(kustomizationKey(k));
      for (const url of outcome?.remote ?? []) {
        for (const [group, projects] of Object.entries(GROUP_PROJECTS)) if (projects.some((p) => url.includes(`/${p}/`) || url.includes(`/${p}.`) || url.includes(`/${p}?`))) add(group, k, 2);
      }
      for (const { object } of outcome?.objects ?? []) {
        if (object.kind === 'CustomResourceDefinition') {
          const group = (object.spec as { group?: unknown } | undefined)?.group;
          if (typeof group === 'string') add(group, k, 2);
        } else if (object.kind === 'HelmRelease' && apiGroup(object.apiVersion) === 'helm.toolkit.fluxcd.io') {
          const name = chartOf(object, ociRepositories);
          const chart = this.charts.find((c) => c.chart === name);
          if (!chart) continue;
          const yes = installsCrds(object, chart);
          for (const group of chart.groups) {
            if (yes) add(group, k, 3);
            else this.denied.add(`${group}\0${kustomizationKey(k)}`);
          }
        }
      }
    }
    for (const row of DEFAULT_PROVIDERS) {
      for (const k of members.filter((m) => m.name === row.kustomization)) {
        if (!this.denied.has(`${row.group}\0${kustomizationKey(k)}`)) add(row.group, k, 4);
      }
    }
    for (const list of this.byGroup.values()) list.sort((a, b) => a.precedence - b.precedence || (a.kustomization.name < b.kustomization.name ? -1 : a.kustomization.name > b.kustomization.name ? 1 : 0));
  }

  /** The providers of `group` (or of the group it is a subdomain of), best first. */
  providersOf(group: string): Provider[] {
    const found: Provider[] = [];
    for (const [row, list] of this.byGroup) if (matches(group, row)) found.push(...list);
    return found.sort((a, b) => a.precedence - b.precedence || (a.kustomization.name < b.kustomization.name ? -1 : a.kustomization.name > b.kustomization.name ? 1 : 0));
  }

  /** Whether a bootstrap helmfile installs the CRDs of `group` (or of the group it is a subdomain of) before Flux. */
  installedBeforeFlux(group: string): boolean {
    return [...(this.model.bootstrapCrds?.keys() ?? [])].some((row) => matches(group, row));
  }

  /** The providers of `group` that `from` reaches through dependsOn (itself included: a build with its own CRDs). */
  reachedFrom(from: DiscoveredKustomization, group: string): Provider[] {
    const reach = new Set([from, ...reachableThroughDependsOn(from, this.model.kustomizations)]);
    return this.providersOf(group).filter((p) => reach.has(p.kustomization));
  }

  /** Whether `from` or something it reaches builds remote resources not checked offline (a requirement there is unverified). */
  reachesRemote(from: DiscoveredKustomization): boolean {
    return [from, ...reachableThroughDependsOn(from, this.model.kustomizations)].some((k) => (this.model.builds.get(kustomizationKey(k))?.remote?.length ?? 0) > 0);
  }
}

/** The custom groups `objects` use, each with its kinds, sorted. */
export function requiredGroups(objects: readonly BuiltObject[]): Map<string, string[]> {
  const needed = new Map<string, Set<string>>();
  for (const object of objects) {
    const group = apiGroup(object.apiVersion ?? '');
    if (!isCustomGroup(group) || object.kind === 'CustomResourceDefinition') continue;
    needed.set(group, (needed.get(group) ?? new Set()).add(object.kind));
  }
  return new Map([...needed.keys()].sort().map((group) => [group, [...needed.get(group)!].sort()]));
}

/** The seeds' (or `.fluxgen.yaml`'s) provider name for a group, when one is known. */
export function defaultProviderName(group: string, config: ModelView['config']): string | undefined {
  return [...config.providers, ...DEFAULT_PROVIDERS].find((row) => matches(group, row.group))?.kustomization;
}

/**
 * The direct providers a new or regenerated Kustomization `self` depends on for what `objects` use: for
 * each custom group, the provider of highest precedence (then name) in the cluster, else the default name
 * (which the caller refuses when the cluster lacks it). Groups whose CRDs `objects` contain need none.
 * Provider name → the kinds that need it, sorted.
 */
export function directProviders(index: ProviderIndex, self: string, objects: readonly BuiltObject[], config: ModelView['config']): Map<string, string[]> {
  const own = new Set(objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => (o.spec as { group?: string } | undefined)?.group));
  const needed = new Map<string, Set<string>>();
  for (const [group, kinds] of requiredGroups(objects)) {
    if (own.has(group)) continue;
    const providers = index.providersOf(group).filter((p) => p.kustomization.name !== self);
    if (index.providersOf(group).some((p) => p.kustomization.name === self)) continue;
    const name = providers[0]?.kustomization.name ?? defaultProviderName(group, config);
    if (name === undefined || name === self) continue;
    needed.set(name, new Set([...(needed.get(name) ?? []), ...kinds]));
  }
  return new Map([...needed.keys()].sort().map((name) => [name, [...needed.get(name)!].sort()]));
}

const indexes = new WeakMap<ModelView, Map<string, ProviderIndex>>();

/** The provider index of one cluster of `model`, built once per model (the rules, placement and regen share it). */
export function providerIndex(model: ModelView, cluster: string): ProviderIndex {
  const byCluster = indexes.get(model) ?? new Map<string, ProviderIndex>();
  indexes.set(model, byCluster);
  if (!byCluster.has(cluster)) byCluster.set(cluster, new ProviderIndex(model, cluster));
  return byCluster.get(cluster)!;
}
