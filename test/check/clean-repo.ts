/** A small flat repo that breaks no rule, as files; rule tests change one file of it at a time. */
import type { Files } from './fake-model.ts';

export interface KsSpec {
  name: string;
  path: string;
  dependsOn?: string[];
  /** Extra `spec:` lines, indented by four spaces. */
  extra?: string[];
}

/** A Flux Kustomization document in the seeds' style. */
export function fluxKustomization(k: KsSpec): string {
  const deps = k.dependsOn?.length ? ['  dependsOn:', ...k.dependsOn.map((d) => `    - name: ${d}`)] : [];
  return [
    '---',
    'apiVersion: kustomize.toolkit.fluxcd.io/v1',
    'kind: Kustomization',
    'metadata:',
    `  name: ${k.name}`,
    '  namespace: flux-system',
    'spec:',
    ...deps,
    '  interval: 5m',
    `  path: ./${k.path}`,
    '  prune: false',
    '  sourceRef:',
    '    kind: GitRepository',
    '    name: flux-system',
    ...(k.extra ?? []).map((line) => `  ${line}`),
    '',
  ].join('\n');
}

export const CLEAN_KUSTOMIZATIONS: KsSpec[] = [
  { name: 'cilium', path: 'namespaces/cilium', extra: ['wait: true', 'timeout: 10m'] },
  { name: 'monitoring', path: 'namespaces/monitoring', extra: ['wait: true', 'timeout: 10m'] },
  { name: 'secrets', path: 'clusters/c1/secrets', extra: ['decryption:', '  provider: sops'] },
  { name: 'app', path: 'namespaces/app', dependsOn: ['cilium'], extra: ['wait: true', 'timeout: 10m'] },
  { name: 'app-monitoring', path: 'namespaces/app-monitoring', dependsOn: ['monitoring', 'app'], extra: ['wait: false', 'timeout: 5m'] },
];

export function infrastructure(kustomizations: KsSpec[] = CLEAN_KUSTOMIZATIONS): string {
  return `# the cluster's bootstrap graph\n${kustomizations.map(fluxKustomization).join('')}`;
}

export function namespace(name: string, labels = ['pod-security.kubernetes.io/enforce: restricted', 'pod-security.kubernetes.io/enforce-version: latest']): string {
  const block = labels.length > 0 ? ['  labels:', ...labels.map((l) => `    ${l}`)] : [];
  return ['apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${name}`, ...block, ''].join('\n');
}

/** A HelmRelease; `spec` lines are indented by two spaces under `spec:`. */
export function helmRelease(name: string, chart: string, spec: string[] = []): string {
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${name}`,
    'spec:',
    '  interval: 1h',
    '  chart:',
    '    spec:',
    `      chart: ${chart}`,
    '      version: "1.x"',
    '      sourceRef:',
    '        kind: HelmRepository',
    '        name: charts',
    '        namespace: flux-system',
    '  install:',
    '    remediation:',
    '      retries: 3',
    ...spec.map((line) => `  ${line}`),
    '',
  ].join('\n');
}

export const CILIUM_POLICY = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: allow-k8s-api
  namespace: app
spec:
  endpointSelector: {}
  egress:
    - toEntities:
        - kube-apiserver
      toPorts:
        - ports:
            - port: "443"
              protocol: TCP
            - port: "6443"
              protocol: TCP
`;

export const SERVICE_MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: app
  namespace: app
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: app
  endpoints:
    - port: metrics
      interval: 30s
`;

export const SOPS_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: cluster-secrets
  namespace: flux-system
stringData:
  TOKEN: ENC[AES256_GCM,data:abcd,iv:efgh,tag:ijkl,type:str]
sops:
  age:
    - recipient: age1qqqq
  mac: ENC[AES256_GCM,data:mmmm,type:str]
  version: 3.9.1
`;

/** The clean repo: cilium, monitoring, secrets, app (webhook-free, with a CiliumNetworkPolicy) and app-monitoring. */
export function cleanFiles(): Files {
  return {
    'clusters/c1/infrastructure.yaml': infrastructure(),
    'clusters/c1/secrets/cluster-secrets.sops.yaml': SOPS_SECRET,
    'namespaces/cilium/helm-release.yaml': helmRelease('cilium', 'cilium'),
    'namespaces/monitoring/namespace.yaml': namespace('monitoring'),
    'namespaces/monitoring/helm-release.yaml': helmRelease('monitoring', 'kube-prometheus-stack'),
    'namespaces/app/namespace.yaml': namespace('app'),
    'namespaces/app/helm-release.yaml': helmRelease('app', 'app', ['values:', '  serviceMonitor:', '    enabled: false']),
    'namespaces/app/cilium-network-policies/allow-k8s-api.yaml': CILIUM_POLICY,
    'namespaces/app-monitoring/servicemonitor.yaml': SERVICE_MONITOR,
  };
}

/** 1-based line of the first line of `text` that contains `needle` (after `after`, when given). */
export function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const start = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, i) => i >= start && line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" not found`);
  return index + 1;
}

/** The clean repo with some files replaced (an undefined value deletes the file). */
export function repoWith(changes: Record<string, string | undefined>): Files {
  const files: Files = cleanFiles();
  for (const [file, content] of Object.entries(changes)) {
    if (content === undefined) delete files[file];
    else files[file] = content;
  }
  return files;
}
