import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderNetworkPolicy } from '../../src/render/render-network-policy.ts';

type Rule = { fromEntities?: string[]; fromEndpoints?: Record<string, any>[]; toEntities?: string[]; toPorts?: { ports: { port: string }[] }[] };
const ports = (rule: Rule | undefined) => rule?.toPorts?.flatMap((p) => p.ports.map((port) => port.port));
const policy = (request: Parameters<typeof renderNetworkPolicy>[0]) => {
  const rendered = renderNetworkPolicy(request);
  return { ...rendered, spec: parse(rendered.content).spec as { ingress: Rule[]; egress: Rule[] } };
};

describe('the CiliumNetworkPolicy does not cut the component off', () => {
  it("admits the API server on cert-manager's webhook port 10250 and lets it reach ACME servers on 443", () => {
    const { spec, reviews } = policy({ name: 'cert-manager', namespace: 'cert-manager', chart: 'cert-manager' });
    expect(ports(spec.ingress.find((r) => r.fromEntities?.includes('kube-apiserver')))).toEqual(['10250']);
    expect(ports(spec.egress.find((r) => r.toEntities?.includes('world')))).toEqual(['443']);
    expect(reviews.join('\n')).toMatch(/ACME/);
  });

  it("admits kyverno's webhook on 9443", () => {
    const { spec } = policy({ name: 'kyverno', namespace: 'kyverno', chart: 'kyverno' });
    expect(ports(spec.ingress.find((r) => r.fromEntities?.includes('kube-apiserver')))).toEqual(['9443']);
    expect(spec.egress.some((r) => r.toEntities?.includes('world'))).toBe(false);
  });

  it('falls back to 443/8443 with a REVIEW for a chart it does not know', () => {
    const { spec, reviews } = policy({ name: 'app', namespace: 'app', chart: 'app' });
    expect(ports(spec.ingress.find((r) => r.fromEntities?.includes('kube-apiserver')))).toEqual(['443', '8443']);
    expect(reviews[0]).toMatch(/not in fluxgen's table.*443\/8443/);
  });

  it("admits Prometheus's namespace on the metrics port when the component has a -monitoring part", () => {
    const { spec, reviews } = policy({ name: 'cert-manager', namespace: 'cert-manager', chart: 'cert-manager', prometheus: { namespaces: ['o11y'], reviews: [] } });
    const scrape = spec.ingress.find((r) => r.fromEndpoints?.[0]?.matchLabels?.['k8s:io.kubernetes.pod.namespace'] === 'o11y');
    expect(ports(scrape)).toEqual(['9402']);
    expect(reviews.at(-1)).toMatch(/denies every other ingress \(clients/);
  });

  it("admits the Prometheus namespace of every cluster the policy is applied to, in one rule", () => {
    const { spec, reviews } = policy({ name: 'kyverno', namespace: 'kyverno', chart: 'kyverno', prometheus: { namespaces: ['monitoring', 'o11y'], reviews: [] } });
    const scrape = spec.ingress.filter((r) => r.fromEndpoints?.some((e) => e.matchLabels?.['k8s:io.kubernetes.pod.namespace']));
    expect(scrape).toHaveLength(1);
    expect(scrape[0]!.fromEndpoints!.map((e) => e.matchLabels?.['k8s:io.kubernetes.pod.namespace'])).toEqual(['monitoring', 'o11y']);
    expect(reviews.join('\n')).toMatch(/Ingress from namespaces monitoring, o11y \(each cluster's Prometheus\)/);
  });

  it('says plainly in every case which ingress it denies', () => {
    for (const chart of ['cert-manager', 'app', undefined]) {
      const { reviews } = policy({ name: 'x', namespace: 'x', chart });
      expect(reviews.at(-1)).toMatch(/denies every other ingress \(Prometheus cannot scrape it; clients in other namespaces or outside the cluster cannot reach it\)/);
    }
  });
});
