/** A standard `networking.k8s.io` NetworkPolicy used for API-server egress: it does not work behind Cilium's DNAT. */
import { builtEntries, describe, hitAt, type Hit, type Rule } from '../rule.ts';
import { runsCilium } from './cilium.ts';

type Obj = Record<string, any>;

const API_PORTS = new Set(['443', '6443']);

/**
 * Whether an egress rule's peers can be the API server: any destination, a single host (/32, /128),
 * or a selector of the `default` namespace (the `kubernetes` Service) or of kube-apiserver pods.
 * An egress to a wide ipBlock (e.g. 0.0.0.0/0 for the internet) is not about the API server.
 */
function mayTargetApiServer(to: unknown): boolean {
  if (!Array.isArray(to) || to.length === 0) return true;
  return to.some((peer: Obj) => {
    if (typeof peer?.ipBlock?.cidr === 'string') return /\/(32|128)$/.test(peer.ipBlock.cidr);
    const text = JSON.stringify([peer?.namespaceSelector ?? {}, peer?.podSelector ?? {}]);
    return /"default"|apiserver/.test(text) || (peer?.namespaceSelector === undefined && peer?.podSelector === undefined);
  });
}

export const networkPolicyForApiServer: Rule = {
  id: 'networkpolicy-for-apiserver',
  severity: 'error',
  summary: 'a networking.k8s.io NetworkPolicy allows API-server egress (443/6443) in a cluster that runs Cilium',
  help: 'Cilium DNATs the kube-apiserver address, so a standard NetworkPolicy cannot allow it. Use a CiliumNetworkPolicy with `toEntities: [kube-apiserver]` on ports 443/6443 (cilium-network-policies/allow-k8s-api.yaml).',
  check(context) {
    const hits: Hit[] = [];
    for (const entry of builtEntries(context.model)) {
      const object = entry.source.object;
      if (object.kind !== 'NetworkPolicy' || !String(object.apiVersion).startsWith('networking.k8s.io/')) continue;
      if (!runsCilium(context.model, entry.kustomization.cluster)) continue;
      const egress = (object.spec as Obj | undefined)?.egress;
      if (!Array.isArray(egress)) continue;
      egress.forEach((rule: Obj, i) => {
        if (!mayTargetApiServer(rule?.to)) return;
        (Array.isArray(rule?.ports) ? rule.ports : []).forEach((port: Obj, j: number) => {
          if (!API_PORTS.has(String(port?.port))) return;
          hits.push(
            hitAt(context, entry, ['spec', 'egress', i, 'ports', j, 'port'], `${describe(object)} allows egress to port ${port.port}, the API server's: a standard NetworkPolicy does not work with Cilium's DNAT; use a CiliumNetworkPolicy with \`toEntities: [kube-apiserver]\``),
          );
        });
      });
    }
    return hits;
  },
};
