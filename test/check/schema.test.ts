import { describe, expect, it } from 'vitest';
import { SchemaCatalog } from '../../src/check/schema-catalog.ts';
import { modelFileOf } from '../../src/check/schema-packages.ts';

const catalog = new SchemaCatalog();

const problems = (object: Record<string, unknown>) => {
  const result = catalog.validate(object);
  if (!result.known) throw new Error('no schema');
  return result.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
};

describe('upstream schemas', () => {
  it('cover Kubernetes core, Flux source/helm/kustomize, prometheus-operator and Cilium kinds', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Namespace'],
      ['v1', 'Secret'],
      ['apps/v1', 'Deployment'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
      ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
      ['source.toolkit.fluxcd.io/v1', 'HelmRepository'],
      ['source.toolkit.fluxcd.io/v1', 'GitRepository'],
      ['source.toolkit.fluxcd.io/v1beta2', 'OCIRepository'],
      ['helm.toolkit.fluxcd.io/v2', 'HelmRelease'],
      ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization'],
      ['monitoring.coreos.com/v1', 'PrometheusRule'],
      ['monitoring.coreos.com/v1', 'ServiceMonitor'],
      ['monitoring.coreos.com/v1', 'PodMonitor'],
      ['cilium.io/v2', 'CiliumNetworkPolicy'],
      ['cilium.io/v2', 'CiliumClusterwideNetworkPolicy'],
    ]) {
      expect(catalog.has({ apiVersion, kind }), `${apiVersion} ${kind}`).toBe(true);
    }
  });

  it('skip kinds no package covers, and names that are not kinds', () => {
    expect(catalog.validate({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer' })).toEqual({ known: false });
    expect(catalog.validate({ apiVersion: 'v1', kind: 'PodSpec' })).toEqual({ known: false });
    expect(catalog.validate({ apiVersion: 'v1', kind: 'ConfigMapList' })).toEqual({ known: false });
    expect(modelFileOf('v1', '../../etc/passwd')).toBeUndefined();
    expect(modelFileOf('apps/v1/../..', 'Deployment')).toBeUndefined();
  });

  it('report unknown fields at any depth, as typos', () => {
    expect(
      problems({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'x', labels: { anything: 'goes' } },
        spec: { selector: {}, endpoints: [{ port: 'http', intervall: '30s' }] },
      }),
    ).toEqual(['spec.endpoints.0.intervall: unknown field "intervall": the schema has no such field (a typo?)']);
  });

  it('leave free-form HelmRelease values and SOPS metadata alone', () => {
    expect(
      problems({
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'x', annotations: { 'fluxgen.io/ignore': 'x' } },
        spec: { interval: '1h', chart: { spec: { chart: 'c', sourceRef: { kind: 'HelmRepository', name: 'r' } } }, values: { any: { deep: [{ thing: 1 }] } } },
        sops: { mac: 'ENC[...]' },
      }),
    ).toEqual([]);
  });

  it('say which properties an anyOf wants', () => {
    expect(problems({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'x' }, spec: { endpointSelector: {} } })).toEqual([
      'spec: must have at least one of: ingress, ingressDeny, egress, egressDeny',
    ]);
  });

  it('merge the alternatives of an int-or-string field', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'c', resources: { limits: { cpu: [] } } }] } } } };
    expect(problems(deployment)).toEqual(['spec.template.spec.containers.0.resources.limits.cpu: must be number or string']);
  });

  it('report wrong types, enums and missing required fields', () => {
    const found = problems({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'x' },
      spec: { endpointSelector: {}, egress: [{ toPorts: [{ ports: [{ port: '443', protocol: 'HTTPS' }] }] }] },
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^spec\.egress\.0\.toPorts\.0\.ports\.0\.protocol: must be equal to one of the allowed values/);
    expect(problems({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two', template: {} } })).toEqual([
      'spec: must have required property selector',
      'spec.replicas: must be integer',
    ]);
  });
});
