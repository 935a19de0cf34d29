/** A Kustomization that builds custom resources must depend on their CRD provider: the same table `component` uses. */
import { providerTable, requiredProviders } from '../../build/depends-on.ts';
import { kustomizationKey } from '../../discover/model.ts';
import { resolveDependsOn } from '../../discover/resolve-depends-on.ts';
import { hitAtKustomization, type Hit, type Rule } from '../rule.ts';

export const missingCrdDependency: Rule = {
  id: 'missing-crd-dependency',
  severity: 'error',
  summary: 'a Kustomization builds a custom resource without its CRD provider in dependsOn',
  help: 'Flux applies a custom resource only after its CRD exists. Add the provider Kustomization (cilium, monitoring, cert-manager, longhorn-system, gatekeeper-system, kyverno, or a `providers:` row of .fluxgen.yaml) to spec.dependsOn.',
  check(context) {
    const { model } = context;
    const table = providerTable(model.config.providers);
    const hits: Hit[] = [];
    for (const k of model.kustomizations) {
      const build = model.builds.get(kustomizationKey(k));
      if (!build) continue;
      const names = new Set(k.dependsOn.flatMap((ref) => resolveDependsOn(ref, k, model.kustomizations)?.name ?? []));
      for (const [provider, kinds] of requiredProviders(build.objects.map((o) => o.object), table)) {
        if (provider === k.name || names.has(provider)) continue;
        const at = k.dependsOn.length > 0 ? ['spec', 'dependsOn'] : ['spec'];
        hits.push(
          hitAtKustomization(context, k, at, `Kustomization ${k.name} builds ${kinds.join(', ')}, whose CRDs ${provider} provides, but does not depend on it; add \`- name: ${provider}\` to spec.dependsOn`),
        );
      }
    }
    return hits;
  },
};
