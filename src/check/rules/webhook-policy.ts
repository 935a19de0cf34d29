/** A webhook component (webhook configuration, or a known webhook chart) must ship a CiliumNetworkPolicy in the same Kustomization. */
import type { BuiltObject } from '../../build/kustomize.ts';
import { kustomizationKey } from '../../discover/model.ts';
import { describe, hitAt, type Hit, type Rule } from '../rule.ts';
import { runsCilium } from './cilium.ts';

const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
const CILIUM_POLICIES = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy']);

/** The chart name of a HelmRelease (`spec.chart.spec.chart`, or a chartRef's name), without an OCI path. */
function chartName(object: BuiltObject): string | undefined {
  const spec = object.spec as Record<string, any> | undefined;
  const chart = spec?.chart?.spec?.chart ?? spec?.chartRef?.name;
  return typeof chart === 'string' ? chart.split('/').at(-1) : undefined;
}

/** The node that makes the object a webhook component, or undefined. */
function webhookNode(object: BuiltObject, charts: readonly string[]): (string | number)[] | undefined {
  if (WEBHOOK_KINDS.has(object.kind) && String(object.apiVersion).startsWith('admissionregistration.k8s.io/')) return [];
  if (object.kind !== 'HelmRelease') return undefined;
  const chart = chartName(object);
  if (chart === undefined || !charts.includes(chart)) return undefined;
  return (object.spec as Record<string, any>).chart?.spec?.chart !== undefined ? ['spec', 'chart', 'spec', 'chart'] : ['spec', 'chartRef', 'name'];
}

export const webhookWithoutCiliumPolicy: Rule = {
  id: 'webhook-without-cilium-policy',
  severity: 'warning',
  summary: 'a webhook component has no CiliumNetworkPolicy in its Kustomization (clusters that run Cilium)',
  help: 'The API server must reach admission webhooks and the webhook must reach the API server. Add cilium-network-policies/allow-k8s-api.yaml (a CiliumNetworkPolicy: egress to kube-apiserver on 443/6443 and kube-dns on 53, ingress from kube-apiserver and host on 443/8443) and list it in kustomization.yaml (`fluxgen netpol <name>`).',
  check(context) {
    const { model } = context;
    const hits: Hit[] = [];
    for (const kustomization of model.kustomizations) {
      if (!runsCilium(model, kustomization.cluster)) continue;
      const objects = model.builds.get(kustomizationKey(kustomization))?.objects ?? [];
      if (objects.some((o) => CILIUM_POLICIES.has(o.object.kind) && String(o.object.apiVersion).startsWith('cilium.io/'))) continue;
      // One hit per Kustomization, at the first object that makes it a webhook component.
      const source = objects.find((o) => webhookNode(o.object, model.config.webhookCharts) !== undefined);
      if (!source) continue;
      const at = webhookNode(source.object, model.config.webhookCharts)!;
      hits.push(
        hitAt(context, { kustomization, source }, at, `${describe(source.object)} makes Kustomization ${kustomization.name} a webhook component, but it builds no CiliumNetworkPolicy; add cilium-network-policies/allow-k8s-api.yaml (\`fluxgen netpol ${kustomization.name}\`)`),
      );
    }
    return hits;
  },
};
