import { describe, expect, it } from 'vitest';
import { SchemaCatalog } from '../../src/check/schema-catalog.ts';
import { modelFileOf } from '../../src/check/schema-packages.ts';

const catalog = new SchemaCatalog();

const problems = (object: Record<string, unknown>) => {
  const result = catalog.validate(object);
  if (!result.known) throw new Error('no schema');
  return result.problems.map((p) => `${p.uncertain ? '(warning) ' : ''}${p.path.join('.')}: ${p.message}`);
};

describe('upstream schemas', () => {
  it('cover Kubernetes core, Flux, prometheus-operator, Cilium, cert-manager, external-secrets, Gateway API, sealed-secrets and Traefik kinds', () => {
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
      ['cert-manager.io/v1', 'Certificate'],
      ['cert-manager.io/v1', 'ClusterIssuer'],
      ['acme.cert-manager.io/v1', 'Challenge'],
      ['external-secrets.io/v1', 'ExternalSecret'],
      ['external-secrets.io/v1beta1', 'ClusterSecretStore'],
      ['gateway.networking.k8s.io/v1', 'Gateway'],
      ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
      ['gateway.networking.k8s.io/v1alpha2', 'TCPRoute'],
      ['bitnami.com/v1alpha1', 'SealedSecret'],
      ['traefik.io/v1alpha1', 'IngressRoute'],
      ['traefik.io/v1alpha1', 'Middleware'],
    ]) {
      expect(catalog.has({ apiVersion, kind }), `${apiVersion} ${kind}`).toBe(true);
    }
  });

  it('skip kinds no package covers, and names that are not kinds', () => {
    expect(catalog.validate({ apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MariaDB' })).toEqual({ known: false });
    expect(catalog.validate({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass' })).toEqual({ known: false });
    expect(catalog.validate({ apiVersion: 'v1', kind: 'PodSpec' })).toEqual({ known: false });
    expect(catalog.validate({ apiVersion: 'v1', kind: 'ConfigMapList' })).toEqual({ known: false });
    expect(modelFileOf('v1', '../../etc/passwd')).toBeUndefined();
    expect(modelFileOf('apps/v1/../..', 'Deployment')).toBeUndefined();
  });

  it('report unknown fields of the Kubernetes API\'s own types at any depth, as typos', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', labels: { anything: 'goes' } },
      spec: { replicas2: 2, selector: {}, template: { spec: { containers: [{ name: 'c', image: 'i', imagePullPolicyy: 'Always' }] } } },
    };
    expect(problems(deployment)).toEqual([
      'spec.replicas2: unknown field "replicas2": the schema has no such field (a typo?)',
      'spec.template.spec.containers.0.imagePullPolicyy: unknown field "imagePullPolicyy": the schema has no such field (a typo?)',
    ]);
  });

  it('accept the fields the generated validators leave out: description and x-kubernetes-*', () => {
    expect(problems({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'x' }, value: 1000, description: 'for the databases' })).toEqual([]);
    const policy = { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'x' }, spec: { description: 'Allow DNS', endpointSelector: {}, egress: [{ toEntities: ['cluster'] }] } };
    expect(problems(policy)).toEqual([]);
  });

  it('leave a key a package generated from a project\'s CRDs lacks alone (it may be newer than the package), but not in metadata', () => {
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'x', namespce: 'y' },
      spec: { selector: {}, endpoints: [{ port: 'http', someNewField: '30s' }] },
    };
    expect(problems(monitor)).toEqual(['metadata.namespce: unknown field "namespce": the schema has no such field (a typo?)']);
  });

  it('warn, not fail, on a value such a package does not allow, and fail on a wrong type', () => {
    const alert = (kind: unknown) => ({
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Alert',
      metadata: { name: 'x' },
      spec: { providerRef: { name: 'p' }, eventSources: [{ kind, name: '*' }] },
    });
    const [warning] = problems(alert('FluxInstance'));
    expect(warning).toMatch(/^\(warning\) spec\.eventSources\.0\.kind: must be one of "Bucket", "GitRepository".* \(by @kubernetes-models\/flux-cd 4\.0\.0; a later release may allow it/);
    expect(problems(alert(5))).toEqual(['spec.eventSources.0.kind: must be string']);
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
      '(warning) spec: must have at least one of: ingress, ingressDeny, egress, egressDeny (by @kubernetes-models/cilium 4.0.0; a later release may allow it, and the repo has no CRD of this kind to tell)',
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
    expect(found[0]).toMatch(/^\(warning\) spec\.egress\.0\.toPorts\.0\.ports\.0\.protocol: must be one of "TCP", "UDP"/);
    expect(problems({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two', template: {} } })).toEqual([
      'spec: must have required property selector',
      'spec.replicas: must be integer',
    ]);
  });
});
