import { describe, expect, it } from 'vitest';
import { apiGroup, computeDependsOn, providerOf, providerTable, requiredProviders } from '../../src/build/depends-on.ts';

const obj = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: { name: 'x' } });

describe('computed dependsOn (SPEC §4)', () => {
  const table = providerTable([]);

  it('maps each CRD group of the table to its provider, subdomains included', () => {
    expect(providerOf('cilium.io', table)).toBe('cilium');
    expect(providerOf('monitoring.coreos.com', table)).toBe('monitoring');
    expect(providerOf('longhorn.io', table)).toBe('longhorn-system');
    expect(providerOf('cert-manager.io', table)).toBe('cert-manager');
    expect(providerOf('acme.cert-manager.io', table)).toBe('cert-manager');
    expect(providerOf('templates.gatekeeper.sh', table)).toBe('gatekeeper-system');
    expect(providerOf('constraints.gatekeeper.sh', table)).toBe('gatekeeper-system');
    expect(providerOf('kyverno.io', table)).toBe('kyverno');
  });

  it('needs nothing for core, built-in and Flux kinds', () => {
    for (const v of ['v1', 'apps/v1', 'networking.k8s.io/v1', 'helm.toolkit.fluxcd.io/v2', 'source.toolkit.fluxcd.io/v1', 'kustomize.toolkit.fluxcd.io/v1']) {
      expect(providerOf(apiGroup(v), table), v).toBeUndefined();
    }
    expect(providerOf('notcilium.io', table)).toBeUndefined();
  });

  it('is providers plus explicit, minus itself, sorted and unique', () => {
    const objects = [obj('monitoring.coreos.com/v1', 'ServiceMonitor'), obj('cilium.io/v2', 'CiliumNetworkPolicy'), obj('monitoring.coreos.com/v1', 'PrometheusRule')];
    expect(computeDependsOn('cilium', objects, ['storage', 'monitoring'], table)).toEqual(['monitoring', 'storage']);
    expect([...requiredProviders(objects, table)]).toEqual([['cilium', ['CiliumNetworkPolicy']], ['monitoring', ['PrometheusRule', 'ServiceMonitor']]]);
  });

  it('takes extra rows from .fluxgen.yaml before the defaults', () => {
    const custom = providerTable([{ group: 'traefik.io', kustomization: 'traefik' }, { group: 'cilium.io', kustomization: 'cni' }]);
    expect(providerOf('traefik.io', custom)).toBe('traefik');
    expect(providerOf('cilium.io', custom)).toBe('cni');
  });
});
