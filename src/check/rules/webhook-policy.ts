/** A webhook component (webhook configuration, or a known webhook chart) must ship a CiliumNetworkPolicy in the same Kustomization. */
import { chartNodePath, ociRepositoryUrls } from '../../discover/chart-identity.ts';
import { kustomizationKey } from '../../discover/model.ts';
import { webhookEvidence } from '../../discover/webhook-charts.ts';
import { describe, hitAt, type Hit, type Rule } from '../rule.ts';
import { runsCilium } from './cilium.ts';

const CILIUM_POLICIES = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy']);

export const webhookWithoutCiliumPolicy: Rule = {
  id: 'webhook-without-cilium-policy',
  severity: 'warning',
  summary: 'a webhook component has no CiliumNetworkPolicy in its Kustomization (clusters that run Cilium)',
  help: 'The API server must reach admission webhooks and the webhook must reach the API server. Add cilium-network-policies/allow-k8s-api.yaml (a CiliumNetworkPolicy: egress to kube-apiserver on 443/6443 and kube-dns on 53, ingress from kube-apiserver and host on the webhook container port) and list it in kustomization.yaml (`fluxgen netpol <name>`).',
  check(context) {
    const { model } = context;
    const hits: Hit[] = [];
    for (const kustomization of model.kustomizations) {
      if (!runsCilium(model, kustomization.cluster)) continue;
      const objects = model.builds.get(kustomizationKey(kustomization))?.objects ?? [];
      if (objects.some((o) => CILIUM_POLICIES.has(o.object.kind) && String(o.object.apiVersion).startsWith('cilium.io/'))) continue;
      // One hit per Kustomization, at the object that makes it a webhook component (src/discover/webhook-charts.ts).
      const evidence = webhookEvidence(objects.map((o) => o.object), model.config, ociRepositoryUrls(model));
      const source = objects.find((o) => o.object === evidence);
      if (!source) continue;
      const at = source.object.kind === 'HelmRelease' ? chartNodePath(source.object) : [];
      hits.push(
        hitAt(context, { kustomization, source }, at, `${describe(source.object)} makes Kustomization ${kustomization.name} a webhook component, but it builds no CiliumNetworkPolicy; add cilium-network-policies/allow-k8s-api.yaml (\`fluxgen netpol ${kustomization.name}\`)`),
      );
    }
    return hits;
  },
};
