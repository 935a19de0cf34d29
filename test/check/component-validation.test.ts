/** The component summary's Schema and Anti-patterns lines come from `check`'s rule engine. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import type { FluxgenConfig } from '../../src/config.ts';
import type { Draft } from '../../src/generate/generator.ts';
import { validateDrafts } from '../../src/generate/validate-drafts.ts';
import { copyRepo, EXAMPLE, runCli, tempDir } from '../helpers/repo.ts';

async function summary(args: string[]) {
  const root = await copyRepo(EXAMPLE);
  const result = await runCli(['--infra-root', root, 'component', ...args, '--dry-run', '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout).validation;
}

describe.concurrent('fluxgen component validation results', () => {
  it('pass schema and anti-patterns for a generated component with monitoring and webhook policy', async () => {
    expect(await summary(['redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x', '--monitoring', '--webhook'])).toEqual({
      yaml: 'pass',
      kustomize: 'pass',
      schema: 'pass',
      antiPatterns: 'pass',
    });
  });

  it('fail anti-patterns when user values enable the chart ServiceMonitor', async () => {
    const values = path.join(await tempDir(), 'values.yaml');
    await writeFile(values, 'metrics:\n  serviceMonitor:\n    enabled: true\n');
    const validation = await summary(['redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--values', values]);
    expect(validation).toMatchObject({ schema: 'pass', antiPatterns: 'fail' });
  });

  it('still check the rendered files with --no-validate', async () => {
    const validation = await summary(['podinfo', '--chart', 'podinfo', '--repo-url', 'oci://ghcr.io/stefanprodan/charts', '--no-validate']);
    expect(validation).toEqual({ yaml: 'pass', kustomize: 'skipped', schema: 'pass', antiPatterns: 'pass' });
  });
});

/** The drafts of one cluster of the example, validated as `component` validates them. */
const validateComponent = (root: string, config: FluxgenConfig, clusters: string[], drafts: Draft[]) =>
  validateDrafts({ root, config, layout: 'flat', kustomizations: [cilium] }, clusters, [], new Map(clusters.map((cluster) => [cluster, drafts])));

/** The cluster's Cilium Kustomization (the seeds' provider of cilium.io), without a build. */
const cilium = {
  cluster: 'local-kube', name: 'cilium', namespace: 'flux-system', file: 'clusters/local-kube/infrastructure.yaml', line: 1,
  path: 'namespaces/cilium', dependsOn: [], object: { kind: 'Kustomization', metadata: { name: 'cilium' } },
};

describe('validateDrafts', () => {
  const draft = { name: 'app', path: 'namespaces/app', monitoring: false, dependsOn: [] as string[] };
  const release = (spec: Record<string, unknown>) => ({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'app', namespace: 'app' }, spec });
  const chart = { spec: { chart: 'app', sourceRef: { kind: 'HelmRepository', name: 'r', namespace: 'flux-system' } } };

  it('fails schema, not anti-patterns, on a HelmRelease field of the wrong type', async () => {
    const objects = [release({ interval: 60, chart })];
    expect(await validateComponent(EXAMPLE, DEFAULT_CONFIG, ['local-kube'], [{ ...draft, objects }])).toEqual({ schema: 'fail', antiPatterns: 'pass' });
  });

  it('fails anti-patterns on a missing CRD dependency, and follows .fluxgen.yaml rules: off', async () => {
    const objects = [{ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'p', namespace: 'app' }, spec: { endpointSelector: {}, egress: [{ toEntities: ['kube-apiserver'] }] } }];
    expect(await validateComponent(EXAMPLE, DEFAULT_CONFIG, ['local-kube'], [{ ...draft, objects }])).toEqual({ schema: 'pass', antiPatterns: 'fail' });
    const relaxed = { ...DEFAULT_CONFIG, rules: { 'missing-crd-dependency': 'off' as const } };
    expect(await validateComponent(EXAMPLE, relaxed, ['local-kube'], [{ ...draft, objects }])).toEqual({ schema: 'pass', antiPatterns: 'pass' });
  });
});
