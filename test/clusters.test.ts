/** `--cluster` repeatable, `defaultCluster`, per-cluster dependsOn and `--patch-file` (SPEC §7, §1). */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRepo, FIXTURES, readTree, runCli, tempDir } from './helpers/repo.ts';

const TWO = path.join(FIXTURES, 'two-clusters');
const PODINFO = ['component', 'podinfo', '--chart', 'podinfo', '--repo-url', 'oci://ghcr.io/stefanprodan/charts', '--chart-version', '6.7.1'];
const STAGING = 'clusters/staging/infrastructure.yaml';
const PRODUCTION = 'clusters/production/infrastructure.yaml';
const PODINFO_KS = 'kind: Kustomization\nmetadata:\n  name: podinfo\n';

/** The two-clusters fixture whose production cluster names its monitoring Kustomization `prometheus`. */
async function renamedProductionMonitoring(): Promise<string> {
  const root = await copyRepo(TWO);
  const file = path.join(root, PRODUCTION);
  await writeFile(file, (await readFile(file, 'utf8')).replace('  name: monitoring\n', '  name: prometheus\n'));
  return root;
}

describe.concurrent('several clusters', () => {
  it('two --cluster flags write the Kustomization into both cluster files, and nothing else changes in them', async () => {
    const root = await copyRepo(TWO);
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, ...PODINFO, '--cluster', 'staging', '--cluster', 'production', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const after = await readTree(root);
    for (const file of [STAGING, PRODUCTION]) {
      expect(after.get(file)!.startsWith(before.get(file)!)).toBe(true);
      expect(after.get(file)!.slice(before.get(file)!.length)).toContain('  name: podinfo\n');
    }
    const report = JSON.parse(result.stdout);
    expect(report.kustomizations.map((k: { cluster: string }) => k.cluster)).toEqual(['production', 'staging']);
    expect(report.filesModified).toEqual([PRODUCTION, STAGING]);
  });

  it('no --cluster in a repo with two clusters exits 2 listing them, and writes nothing', async () => {
    const root = await copyRepo(TWO);
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, ...PODINFO]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('production, staging');
    expect(result.stderr).toContain('--cluster');
    expect(await readTree(root)).toEqual(before);
  });

  it('no --cluster uses defaultCluster of .fluxgen.yaml', async () => {
    const root = await copyRepo(TWO);
    await writeFile(path.join(root, '.fluxgen.yaml'), 'defaultCluster: production\n');
    const result = await runCli(['--infra-root', root, ...PODINFO, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).filesModified).toEqual([PRODUCTION]);
  });

  it('defaultCluster may be any folder name, not only a Kubernetes name', async () => {
    const root = await copyRepo(TWO);
    await writeFile(path.join(root, '.fluxgen.yaml'), 'defaultCluster: Prod_EU\n');
    const result = await runCli(['--infra-root', root, ...PODINFO]);
    // valid in .fluxgen.yaml; this repo simply has no such cluster
    expect(result.stderr).not.toContain('BAD_CONFIG');
    expect(result.stderr).toContain('[UNKNOWN_CLUSTER]');
  });

  it('a defaultCluster that names no cluster exits 2 naming it and the clusters', async () => {
    const root = await copyRepo(TWO);
    await writeFile(path.join(root, '.fluxgen.yaml'), 'defaultCluster: qa\n');
    const result = await runCli(['--infra-root', root, ...PODINFO]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('defaultCluster "qa"');
    expect(result.stderr).toContain('production, staging');
  });

  it('computes dependsOn per cluster: each cluster names its own monitoring provider', async () => {
    const root = await renamedProductionMonitoring();
    const result = await runCli(['--infra-root', root, ...PODINFO, '--monitoring', '--cluster', 'staging', '--cluster', 'production', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const monitoring = JSON.parse(result.stdout).kustomizations.filter((k: { name: string }) => k.name === 'podinfo-monitoring');
    expect(monitoring).toEqual([
      { cluster: 'production', name: 'podinfo-monitoring', dependsOn: ['podinfo', 'prometheus'], layer: 2 },
      { cluster: 'staging', name: 'podinfo-monitoring', dependsOn: ['monitoring', 'podinfo'], layer: 2 },
    ]);
    const tree = await readTree(root);
    expect(tree.get(PRODUCTION)).not.toContain('- name: monitoring\n');
    expect(tree.get(STAGING)!.split('podinfo-monitoring')[1]).toContain('- name: monitoring\n');
  });
});

describe.concurrent('--patch-file CLUSTER=FILE', () => {
  it("adds a Flux patches entry to that cluster's Kustomization only", async () => {
    const root = await copyRepo(TWO);
    const dir = await tempDir();
    const patch = path.join(dir, 'replicas.yaml');
    await writeFile(patch, 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  values:\n    replicaCount: 3\n');
    const args = [...PODINFO, '--cluster', 'staging', '--cluster', 'production', '--patch-file', `production=${patch}`];
    const result = await runCli(['--infra-root', root, ...args]);
    expect(result.exitCode, result.stderr).toBe(0);
    const tree = await readTree(root);
    const added = tree.get(PRODUCTION)!.split(PODINFO_KS)[1]!;
    expect(added).toContain('  patches:\n    - target:\n        kind: HelmRelease\n        name: podinfo\n      patch: |\n');
    expect(added).toContain('          replicaCount: 3\n');
    expect(tree.get(STAGING)!.split(PODINFO_KS)[1]).not.toContain('patches:');
    // the same run again changes nothing
    expect((await runCli(['--infra-root', root, ...args])).exitCode).toBe(0);
    expect(await readTree(root)).toEqual(tree);
  });

  it('a cluster the run does not write to, or an unreadable file, exits 2 and writes nothing', async () => {
    const root = await copyRepo(TWO);
    const before = await readTree(root);
    const dir = await tempDir();
    const patch = path.join(dir, 'p.yaml');
    await writeFile(patch, 'kind: HelmRelease\nmetadata:\n  name: podinfo\n');
    const wrongCluster = await runCli(['--infra-root', root, ...PODINFO, '--cluster', 'staging', '--patch-file', `production=${patch}`]);
    expect(wrongCluster.exitCode).toBe(2);
    expect(wrongCluster.stderr).toContain('cluster "production"');
    const missing = await runCli(['--infra-root', root, ...PODINFO, '--cluster', 'staging', '--patch-file', `staging=${dir}/nope.yaml`]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
    const malformed = await runCli(['--infra-root', root, ...PODINFO, '--cluster', 'staging', '--patch-file', 'staging']);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toContain('CLUSTER=FILE');
    expect(await readTree(root)).toEqual(before);
  });
});
