/** A synthetic flat repo for `npm run bench`: components of several shapes, each in its own folder. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

const yamlDocs = (...docs: unknown[]) => docs.map((doc) => `---\n${stringify(doc)}`).join('');

async function put(root: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}

const PROVIDERS = ['cilium', 'monitoring', 'cert-manager', 'longhorn-system'];

function helmRelease(name: string, i: number): unknown {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: name },
    spec: {
      interval: '1h',
      chart: { spec: { chart: name, version: `1.${i}.x`, sourceRef: { kind: 'HelmRepository', name, namespace: 'flux-system' } } },
      install: { remediation: { retries: 3 } },
      upgrade: { remediation: { retries: 3 } },
      values: { replicaCount: 1 + (i % 3), serviceMonitor: { enabled: false }, resources: { requests: { cpu: '50m', memory: '64Mi' } } },
    },
  };
}

function networkPolicy(name: string): unknown {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'allow-k8s-api', namespace: name },
    spec: { endpointSelector: {}, egress: [{ toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] },
  };
}

function monitoringFiles(name: string): Record<string, unknown> {
  return {
    'prometheus-rules.yaml': {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name, namespace: name },
      spec: { groups: [{ name, rules: [{ alert: `${name}Down`, expr: `up{job="${name}"} == 0`, for: '5m' }] }] },
    },
    'servicemonitor.yaml': {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name, namespace: name },
      spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, endpoints: [{ port: 'metrics' }] },
    },
  };
}

/** Writes a flat repo with `count` component folders (≈ 3/4 components, 1/4 `-monitoring`) under `root`; returns the folders. */
export async function writeBenchRepo(root: string, count = 120): Promise<string[]> {
  const dirs: string[] = [];
  const kustomizations: unknown[] = [];
  const addKustomization = (name: string, dependsOn: string[], wait: boolean) =>
    kustomizations.push({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: 'flux-system' },
      spec: {
        ...(dependsOn.length ? { dependsOn: dependsOn.map((dep) => ({ name: dep })) } : {}),
        interval: '5m', path: `./namespaces/${name}`, prune: false,
        sourceRef: { kind: 'GitRepository', name: 'flux-system' }, wait, timeout: wait ? '10m' : '5m',
      },
    });
  for (let i = 0; dirs.length < count; i += 1) {
    const name = PROVIDERS[i] ?? `app-${String(i).padStart(3, '0')}`;
    const webhook = i % 3 === 0 && name !== 'cilium';
    const files: Record<string, unknown> = {
      'namespace.yaml': { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
      'helm-repository.yaml': { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name, namespace: 'flux-system' }, spec: { interval: '1h', url: `https://charts.example.com/${name}` } },
      'helm-release.yaml': helmRelease(name, i),
      ...(webhook ? { 'cilium-network-policies/allow-k8s-api.yaml': networkPolicy(name) } : {}),
      ...(i % 5 === 4 ? { 'configmap.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-settings`, namespace: name }, data: { LOG_LEVEL: 'info' } } } : {}),
    };
    await writeComponent(root, name, files);
    dirs.push(`namespaces/${name}`);
    addKustomization(name, webhook ? ['cilium'] : i >= PROVIDERS.length ? ['longhorn-system'].slice(0, i % 2) : [], true);
    if (i % 3 === 1 && i >= PROVIDERS.length && dirs.length < count) {
      await writeComponent(root, `${name}-monitoring`, monitoringFiles(name));
      dirs.push(`namespaces/${name}-monitoring`);
      addKustomization(`${name}-monitoring`, [...new Set(['monitoring', name])].filter((d) => d !== `${name}-monitoring`).sort(), false);
    }
  }
  await put(root, 'clusters/bench/infrastructure.yaml', yamlDocs(...kustomizations));
  return dirs;
}

async function writeComponent(root: string, name: string, files: Record<string, unknown>): Promise<void> {
  for (const [file, doc] of Object.entries(files)) await put(root, `namespaces/${name}/${file}`, yamlDocs(doc));
  const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: Object.keys(files).sort() };
  await put(root, `namespaces/${name}/kustomization.yaml`, stringify(kustomization));
}
