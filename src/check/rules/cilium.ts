/** Whether a cluster runs Cilium: the Cilium advice (CiliumNetworkPolicy instead of NetworkPolicy) only applies there. */
import { providerOf, providerTable } from '../../build/depends-on.ts';
import type { ModelView } from '../../discover/model.ts';

/** True when the cluster has the Kustomization that provides the cilium.io CRDs (`cilium` by default). */
export function runsCilium(model: ModelView, cluster: string): boolean {
  const provider = providerOf('cilium.io', providerTable(model.config.providers)) ?? 'cilium';
  return model.kustomizations.some((k) => k.cluster === cluster && k.name === provider);
}
