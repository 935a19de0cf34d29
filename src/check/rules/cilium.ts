/** Whether a cluster runs Cilium: the Cilium advice (CiliumNetworkPolicy instead of NetworkPolicy) only applies there. */
import type { ModelView } from '../../discover/model.ts';
import { providerIndex } from '../../discover/providers.ts';

/** True when a Kustomization of the cluster provides the cilium.io CRDs (SPEC §4: `cilium` by default). */
export function runsCilium(model: ModelView, cluster: string): boolean {
  return providerIndex(model, cluster).providersOf('cilium.io').length > 0;
}
