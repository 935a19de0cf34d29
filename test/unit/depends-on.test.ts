/** CRD providers learned from the repo (SPEC §4), the same for check, component and regen. */
import { describe, expect, it } from 'vitest';
import { apiGroup } from '../../src/build/depends-on.ts';
import type { BuildOutcome } from '../../src/build/builder.ts';
import { DEFAULT_CONFIG, type FluxgenConfig } from '../../src/config.ts';
import { kustomizationKey, type DiscoveredKustomization, type ModelView } from '../../src/discover/model.ts';
import { directProviders, isCustomGroup, ProviderIndex, requiredGroups } from '../../src/discover/providers.ts';
import { checkModel } from '../../src/check/check-repo.ts';
import { crdProviderUnknown, missingCrdDependency } from '../../src/check/rules/crd-dependency.ts';

const obj = (apiVersion: string, kind: string, spec: Record<string, unknown> = {}, name = 'x', namespace = 'ns') => ({ apiVersion, kind, metadata: { name, namespace }, spec });
const crd = (group: string) => obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { group }, `things.${group}`);
const release = (chart: Record<string, unknown>, rest: Record<string, unknown> = {}) => obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', { ...chart, ...rest }, 'r', 'flux-system');
const certificate = obj('cert-manager.io/v1', 'Certificate');
const serviceMonitor = obj('monitoring.coreos.com/v1', 'ServiceMonitor');

interface Ks {
  name: string;
  dependsOn?: string[];
  objects?: ReturnType<typeof obj>[];
  remote?: string[];
}

/** A one-cluster model: each Kustomization with what its path builds. */
function model(list: Ks[], config: Partial<FluxgenConfig> = {}): ModelView {
  const kustomizations: DiscoveredKustomization[] = list.map((k) => ({
    cluster: 'c', name: k.name, namespace: 'flux-system', file: 'clusters/c/infrastructure.yaml', line: 1, path: `x/${k.name}`,
    dependsOn: (k.dependsOn ?? []).map((name) => ({ name })), object: { kind: 'Kustomization', metadata: { name: k.name }, spec: {} },
  }));
  const builds = new Map<string, BuildOutcome>();
  list.forEach((k, i) => builds.set(kustomizationKey(kustomizations[i]!), { objects: (k.objects ?? []).map((object) => ({ object })), ...(k.remote ? { remote: k.remote } : {}) }));
  const folders = new Map([...builds.values()].map((outcome, i) => [`x/${list[i]!.name}`, outcome]));
  return { root: '/repo', config: { ...DEFAULT_CONFIG, ...config }, layout: 'flat', clusters: ['c'], kustomizations, builds, entries: new Map(), folders, notices: [] };
}

const best = (m: ModelView, group: string) => new ProviderIndex(m, 'c').providersOf(group).map((p) => `${p.kustomization.name}:${p.precedence}`);
const findings = (m: ModelView) => checkModel(m, { schemas: false, rules: [missingCrdDependency, crdProviderUnknown] }).map((f) => `${f.rule} ${f.severity} ${f.kustomization}: ${f.message}`);

describe('CRD providers learned from the repo', () => {
  it('needs nothing for core, built-in and Flux groups; everything else is custom', () => {
    for (const v of ['v1', 'apps/v1', 'networking.k8s.io/v1', 'helm.toolkit.fluxcd.io/v2', 'source.toolkit.fluxcd.io/v1', 'kustomize.toolkit.fluxcd.io/v1']) {
      expect(isCustomGroup(apiGroup(v)), v).toBe(false);
    }
    expect(isCustomGroup('gateway.networking.k8s.io')).toBe(true);
    expect([...requiredGroups([serviceMonitor, crd('x.io'), obj('v1', 'ConfigMap')])]).toEqual([['monitoring.coreos.com', ['ServiceMonitor']]]);
  });

  it('a CRD in the build provides the group, whatever the Kustomization is called', () => {
    const m = model([{ name: 'prometheus-crds', objects: [crd('monitoring.coreos.com')] }, { name: 'redis-operator', dependsOn: ['prometheus-crds'], objects: [serviceMonitor] }]);
    expect(best(m, 'monitoring.coreos.com')).toEqual(['prometheus-crds:2']);
    expect(findings(m)).toEqual([]);
    const missing = model([{ name: 'prometheus-crds', objects: [crd('monitoring.coreos.com')] }, { name: 'redis-operator', objects: [serviceMonitor] }]);
    expect(findings(missing)).toEqual([expect.stringMatching(/^missing-crd-dependency error redis-operator: .*add `- name: prometheus-crds`/)]);
  });

  it('a Kustomization of remote URLs naming the project provides the group; a requirement reaching an unknown remote is unverified', () => {
    const m = model([{ name: 'cert-manager-crds', remote: ['https://github.com/cert-manager/cert-manager/releases/download/v1.16.2/cert-manager.crds.yaml'] }, { name: 'issuers', objects: [certificate] }]);
    expect(best(m, 'cert-manager.io')).toEqual(['cert-manager-crds:2']);
    expect(findings(m)).toEqual([expect.stringMatching(/add `- name: cert-manager-crds`/)]);
    const unverified = model([{ name: 'base', remote: ['https://github.com/example/unknown//base'] }, { name: 'issuers', dependsOn: ['base'], objects: [certificate] }]);
    expect(findings(unverified)).toEqual([]);
  });

  it('a HelmRelease of a known chart provides its groups, as its values and install.crds say', () => {
    const chart = (name: string) => ({ chart: { spec: { chart: name, sourceRef: { kind: 'HelmRepository', name: 'r' } } } });
    expect(best(model([{ name: 'prom', objects: [release(chart('kube-prometheus-stack'))] }]), 'monitoring.coreos.com')).toEqual(['prom:3']);
    expect(best(model([{ name: 'prom', objects: [release(chart('kube-prometheus-stack'), { install: { crds: 'Skip' } })] }]), 'monitoring.coreos.com')).toEqual([]);
    // cert-manager installs its CRDs only with crds.enabled (formerly installCRDs): off by default, and then not even its default name counts
    expect(best(model([{ name: 'cert-manager', objects: [release(chart('cert-manager'), { values: { crds: { enabled: false } } })] }]), 'cert-manager.io')).toEqual([]);
    expect(best(model([{ name: 'cm', objects: [release(chart('cert-manager'), { values: { crds: { enabled: true } } })] }]), 'cert-manager.io')).toEqual(['cm:3']);
    expect(best(model([{ name: 'cm', objects: [release(chart('cert-manager'), { values: { installCRDs: true } })] }]), 'cert-manager.io')).toEqual(['cm:3']);
  });

  it('a chartRef release is known by its OCIRepository URL', () => {
    const oci = obj('source.toolkit.fluxcd.io/v1', 'OCIRepository', { url: 'oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack' }, 'monitoring-stack', 'flux-system');
    const m = model([{ name: 'observability', objects: [oci, release({ chartRef: { kind: 'OCIRepository', name: 'monitoring-stack' } })] }]);
    expect(best(m, 'monitoring.coreos.com')).toEqual(['observability:3']);
  });

  it('a transitive dependency meets the requirement; the precedence puts config rows first, default names last', () => {
    const m = model([
      { name: 'prometheus-crds', objects: [crd('monitoring.coreos.com')] },
      { name: 'prometheus', dependsOn: ['prometheus-crds'] },
      { name: 'prometheus-monitors', dependsOn: ['prometheus'], objects: [serviceMonitor] },
      { name: 'monitoring' },
    ], { providers: [{ group: 'monitoring.coreos.com', kustomization: 'prometheus' }] });
    expect(best(m, 'monitoring.coreos.com')).toEqual(['prometheus:1', 'prometheus-crds:2', 'monitoring:4']);
    expect(findings(m)).toEqual([]);
  });

  it('no provider known is one warning per group and cluster, never an invented name', () => {
    const m = model([{ name: 'a', objects: [certificate] }, { name: 'b', objects: [certificate] }]);
    expect(findings(m)).toEqual([expect.stringMatching(/^crd-provider-unknown warning a: CRDs of cert-manager.io used/)]);
  });

  it('component writes the direct provider of highest precedence, then name, and none for CRDs it builds itself', () => {
    const m = model([{ name: 'prometheus-crds', objects: [crd('monitoring.coreos.com')] }, { name: 'monitoring' }, { name: 'cert-manager-crds', remote: ['https://github.com/cert-manager/cert-manager/x.yaml'] }]);
    const index = new ProviderIndex(m, 'c');
    expect([...directProviders(index, 'redis', [serviceMonitor, certificate], m.config)]).toEqual([['cert-manager-crds', ['Certificate']], ['prometheus-crds', ['ServiceMonitor']]]);
    expect([...directProviders(index, 'prometheus-crds', [serviceMonitor, crd('monitoring.coreos.com')], m.config)]).toEqual([]);
    // nothing known: the seeds' default name, which the pipeline then refuses when the cluster lacks it
    expect([...directProviders(new ProviderIndex(model([]), 'c'), 'redis', [obj('cilium.io/v2', 'CiliumNetworkPolicy')], m.config)]).toEqual([['cilium', ['CiliumNetworkPolicy']]]);
  });
});
