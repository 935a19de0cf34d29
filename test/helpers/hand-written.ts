/** A hand-written component in the seeds' layout, planted into a copy of a repo: redis with its ServiceMonitor and PrometheusRule inside its own folder. */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyRepo, FIXTURES, writeFiles } from './repo.ts';

export const HOMELAB = path.join(FIXTURES, 'homelab-flat');
export const HOMELAB_INFRA = 'clusters/homelab/infrastructure.yaml';

/** The planted files, repo-relative → bytes (odd indentation, comments and a trailing comment on purpose). */
export const REDIS_FILES: Readonly<Record<string, string>> = {
  'namespaces/redis/kustomization.yaml': [
    '# redis: the apps\' cache. Hand-written, keep the order.',
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    '    - namespace.yaml      # PSS restricted',
    '    - helm-release.yaml',
    '    - servicemonitor.yaml',
    '    - prometheus-rule.yaml # alerts tuned by hand',
    '',
  ].join('\n'),
  'namespaces/redis/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n    name: redis\n    labels:\n        pod-security.kubernetes.io/enforce: restricted\n',
  'namespaces/redis/helm-release.yaml': [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata:',
    '    name: redis',
    '    namespace: redis',
    'spec:',
    '    interval: 1h',
    '    chart:',
    '        spec:',
    '            chart: redis',
    '            version: "20.x"',
    '            sourceRef:',
    '                kind: HelmRepository',
    '                name: bitnami',
    '                namespace: flux-system',
    '    values:',
    '        architecture: standalone   # one replica is enough here',
    '        metrics:',
    '            enabled: true',
    '            # scraped by our own ServiceMonitor below',
    '            serviceMonitor:',
    '                enabled: true  # TODO move to redis-monitoring',
    '',
  ].join('\n'),
  'namespaces/redis/servicemonitor.yaml': [
    '# scrape the exporter sidecar',
    'apiVersion: monitoring.coreos.com/v1',
    'kind: ServiceMonitor',
    'metadata:',
    '    name: redis',
    '    namespace: redis',
    'spec:',
    '    selector:',
    '        matchLabels:',
    '            app.kubernetes.io/name: redis',
    '    endpoints:',
    '      - port: http-metrics',
    '',
  ].join('\n'),
  'namespaces/redis/prometheus-rule.yaml': [
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    '    name: redis',
    '    namespace: redis',
    'spec:',
    '    groups:',
    '      - name: redis',
    '        rules:',
    '          - alert: RedisDown',
    '            expr: redis_up == 0',
    '            for: 2m   # we page fast on this one',
    '',
  ].join('\n'),
};

/** redis's Flux Kustomization as a hand-maintained cluster file carries it, with these dependsOn lines (`name: …`, comments allowed). */
export function redisKustomization(dependsOn: readonly string[]): string {
  return [
    '',
    '---',
    '# redis (hand-written before fluxgen)',
    'apiVersion: kustomize.toolkit.fluxcd.io/v1',
    'kind: Kustomization',
    'metadata:',
    '    name: redis',
    '    namespace: flux-system',
    'spec:',
    '    dependsOn:',
    ...dependsOn.map((line) => `    - name: ${line}`),
    '    interval: 5m',
    '    path: ./namespaces/redis',
    '    prune: false',
    '    sourceRef:',
    '        kind: GitRepository',
    '        name: flux-system',
    '    wait: true',
    '    timeout: 10m',
    '',
  ].join('\n');
}

/** Its Flux Kustomization, appended to the hand-maintained infrastructure.yaml. */
export const REDIS_KUSTOMIZATION = redisKustomization(['shared-sources', 'monitoring   # ServiceMonitor CRDs']);

/** A copy of homelab-flat with the hand-written redis component in it. */
export async function repoWithHandWrittenRedis(): Promise<string> {
  const root = await copyRepo(HOMELAB);
  await writeFiles(root, REDIS_FILES);
  await appendFile(path.join(root, HOMELAB_INFRA), REDIS_KUSTOMIZATION);
  return root;
}

export const STAGING_INFRA = 'clusters/staging/infrastructure.yaml';
export const PRODUCTION_INFRA = 'clusters/production/infrastructure.yaml';

/**
 * A copy of two-clusters with the hand-written redis in both clusters, where production names its
 * providers differently (`cni` for Cilium, `prometheus` for monitoring) and runs Prometheus in `o11y`
 * (a Flux patch gives kube-prometheus-stack that targetNamespace there): what is right for one cluster
 * is wrong for the other.
 */
export async function repoWithRedisInTwoClusters(): Promise<string> {
  const root = await copyRepo(path.join(FIXTURES, 'two-clusters'));
  await writeFiles(root, REDIS_FILES);
  const production = path.join(root, PRODUCTION_INFRA);
  const renamed = (await readFile(production, 'utf8'))
    .replace('  name: cilium\n  namespace: flux-system\n', '  name: cni\n  namespace: flux-system\n')
    .replace('    - name: cilium\n', '    - name: cni\n')
    .replace('  name: monitoring\n  namespace: flux-system\n', '  name: prometheus\n  namespace: flux-system\n')
    .replace('          value: 30d\n', '          value: 30d\n        - op: add\n          path: /spec/targetNamespace\n          value: o11y\n');
  await writeFile(production, renamed + redisKustomization(['prometheus']));
  await appendFile(path.join(root, STAGING_INFRA), redisKustomization(['monitoring']));
  return root;
}
