/**
 * A Kustomization that builds custom resources must reach a provider of their CRDs through dependsOn
 * (SPEC §4): providers are learned from the repo (discover/providers.ts), the same ones `component` and
 * `regen` write. No known provider is a warning: the CRDs may be installed out of band.
 */
import { kustomizationKey, type DiscoveredKustomization } from '../../discover/model.ts';
import { providerIndex, requiredGroups, type ProviderIndex } from '../../discover/providers.ts';
import { hitAtKustomization, type Hit, type Rule, type RuleContext } from '../rule.ts';

type Requirement = { k: DiscoveredKustomization; group: string; kinds: string[]; index: ProviderIndex };
const computed = new WeakMap<object, Requirement[]>();

/** Each Kustomization's unmet requirements (computed once per model: both rules below read them). */
function requirements(context: RuleContext): Requirement[] {
  const { model } = context;
  const cached = computed.get(model);
  if (cached) return cached;
  const found: Requirement[] = [];
  for (const cluster of model.clusters) {
    const index = providerIndex(model, cluster);
    for (const k of model.kustomizations.filter((m) => m.cluster === cluster)) {
      const build = model.builds.get(kustomizationKey(k));
      if (!build || build.error !== undefined) continue;
      for (const [group, kinds] of requiredGroups(build.objects.map((o) => o.object))) {
        if (index.installedBeforeFlux(group) || index.reachedFrom(k, group).length > 0 || index.reachesRemote(k)) continue;
        found.push({ k, group, kinds, index });
      }
    }
  }
  computed.set(model, found);
  return found;
}

export const missingCrdDependency: Rule = {
  id: 'missing-crd-dependency',
  severity: 'error',
  summary: 'a Kustomization builds a custom resource while a provider of its CRDs exists in the cluster and is not reachable through its dependsOn',
  help: 'Flux applies a custom resource only after its CRD exists. Add the provider Kustomization the message names (the one that builds the CRDs, installs them with its chart, or a `providers:` row of .fluxgen.yaml) to spec.dependsOn, directly or through another dependency.',
  check(context) {
    const hits: Hit[] = [];
    for (const { k, group, kinds, index } of requirements(context)) {
      const [best, ...others] = index.providersOf(group);
      if (!best) continue;
      const also = others.length > 0 ? ` (or one of ${[...new Set(others.map((p) => p.kustomization.name))].join(', ')})` : '';
      const at = k.dependsOn.length > 0 ? ['spec', 'dependsOn'] : ['spec'];
      hits.push(
        hitAtKustomization(context, k, at, `Kustomization ${k.name} builds ${kinds.join(', ')} (${group}), whose CRDs ${best.kustomization.name} provides, but does not depend on it, directly or transitively; add \`- name: ${best.kustomization.name}\` to spec.dependsOn${also}`),
      );
    }
    return hits;
  },
};

export const crdProviderUnknown: Rule = {
  id: 'crd-provider-unknown',
  severity: 'warning',
  summary: 'a CRD group is used but no Kustomization of the cluster is known to provide it',
  help: 'fluxgen found no Kustomization that builds these CRDs or installs them with a known chart. If they are installed out of band (helmfile, talos, a bootstrap script), add a `providers:` row to .fluxgen.yaml naming the Kustomization to wait for, or turn this rule off.',
  check(context) {
    const hits: Hit[] = [];
    const told = new Set<string>();
    for (const { k, group, kinds, index } of requirements(context)) {
      if (index.providersOf(group).length > 0 || told.has(`${k.cluster}\0${group}`)) continue;
      told.add(`${k.cluster}\0${group}`);
      hits.push(hitAtKustomization(context, k, ['spec'], `CRDs of ${group} used (${kinds.join(', ')} in Kustomization ${k.name}), but no Kustomization of cluster ${k.cluster} is known to install them; add a providers row to .fluxgen.yaml if they are installed out of band`));
    }
    return hits;
  },
};
