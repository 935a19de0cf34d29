/** `--cluster` repeatable, `defaultCluster`, per-cluster dependsOn and `--patch-file` (SPEC §7, §1), for `component`, `monitoring` and `netpol`. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { PRODUCTION_INFRA, repoWithRedisInTwoClusters, STAGING_INFRA } from './helpers/hand-written.ts';
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

/** The dependsOn names of Flux Kustomization `name` in a cluster file. */
function dependsOnOf(infra: string, name: string): string[] {
  const ks = parseAllDocuments(infra).map((d) => d.toJS()).find((k) => k?.metadata?.name === name);
  return (ks?.spec?.dependsOn ?? []).map((d: { name: string }) => d.name);
}

describe.concurrent('monitoring and netpol on a hand-written component in two clusters that name their providers differently', () => {
  it("monitoring gives each cluster's -monitoring Kustomization that cluster's own monitoring provider, appended to each file", async () => {
    const root = await repoWithRedisInTwoClusters();
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, 'monitoring', 'redis', '--cluster', 'staging', '--cluster', 'production', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.kustomizations).toEqual([
      { cluster: 'production', name: 'redis-monitoring', dependsOn: ['prometheus', 'redis'], layer: 3 },
      { cluster: 'staging', name: 'redis-monitoring', dependsOn: ['monitoring', 'redis'], layer: 3 },
    ]);
    expect(report.clusterRecreate.required).toBe(true);
    const after = await readTree(root);
    for (const [file, provider] of [[PRODUCTION_INFRA, 'prometheus'], [STAGING_INFRA, 'monitoring']] as const) {
      // every byte of the hand-maintained file kept; one new document at its end
      expect(after.get(file)!.startsWith(before.get(file)!), file).toBe(true);
      expect(dependsOnOf(after.get(file)!, 'redis-monitoring'), file).toEqual([provider, 'redis']);
      expect(parseAllDocuments(after.get(file)!.slice(before.get(file)!.length)).map((d) => d.toJS()?.metadata?.name), file).toEqual(['redis-monitoring']);
    }
    expect(parse(after.get('.fluxgen/components/redis.monitoring.yaml')!).spec.clusters).toEqual(['production', 'staging']);
    const again = await runCli(['--infra-root', root, 'monitoring', 'redis', '--cluster', 'staging', '--cluster', 'production']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(await readTree(root)).toEqual(after);
    expect((await runCli(['--infra-root', root, 'regen', '--check'])).exitCode).toBe(0);
  });

  it("netpol gives the component's Kustomization each cluster's own Cilium provider, and the policy admits each cluster's Prometheus", async () => {
    const root = await repoWithRedisInTwoClusters();
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, 'netpol', 'redis', '--cluster', 'staging', '--cluster', 'production', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).kustomizations).toEqual([
      { cluster: 'production', name: 'redis', dependsOn: ['cni', 'prometheus'], layer: 2 },
      { cluster: 'staging', name: 'redis', dependsOn: ['cilium', 'monitoring'], layer: 2 },
    ]);
    const after = await readTree(root);
    // only the dependsOn list of redis grew, by that cluster's Cilium provider
    expect(after.get(PRODUCTION_INFRA)!.replace('    - name: prometheus\n    - name: cni\n', '    - name: prometheus\n')).toBe(before.get(PRODUCTION_INFRA));
    expect(after.get(STAGING_INFRA)!.replace('    - name: monitoring\n    - name: cilium\n', '    - name: monitoring\n')).toBe(before.get(STAGING_INFRA));
    const policy = parse(after.get('namespaces/redis/cilium-network-policies/allow-k8s-api.yaml')!);
    const admitted = policy.spec.ingress.flatMap((r: any) => (r.fromEndpoints ?? []).map((e: any) => e.matchLabels?.['k8s:io.kubernetes.pod.namespace'])).filter(Boolean);
    expect(admitted).toEqual(['o11y', 'monitoring']);
    const check = await runCli(['--infra-root', root, 'check', '--format', 'json']);
    expect(JSON.parse(check.stdout).findings.filter((f: { rule: string }) => f.rule === 'netpol-blocks-prometheus')).toEqual([]);
    const again = await runCli(['--infra-root', root, 'netpol', 'redis', '--cluster', 'staging', '--cluster', 'production']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(await readTree(root)).toEqual(after);
  });

  it("component --webhook --monitoring in both clusters writes one policy that admits each cluster's Prometheus", async () => {
    const root = await repoWithRedisInTwoClusters();
    const args = ['component', 'kyverno', '--chart', 'kyverno', '--repo-url', 'https://kyverno.github.io/kyverno/', '--chart-version', '3.x', '--webhook', '--monitoring'];
    const result = await runCli(['--infra-root', root, ...args, '--cluster', 'staging', '--cluster', 'production']);
    expect(result.exitCode, result.stderr).toBe(0);
    const policy = parse(await readFile(path.join(root, 'namespaces/kyverno/cilium-network-policies/allow-k8s-api.yaml'), 'utf8'));
    const scrape = policy.spec.ingress.find((r: any) => r.fromEndpoints?.some((e: any) => e.matchLabels));
    expect(scrape.fromEndpoints.map((e: any) => e.matchLabels['k8s:io.kubernetes.pod.namespace'])).toEqual(['o11y', 'monitoring']);
  });

  it.each(['monitoring', 'netpol'])('%s without --cluster in a repo with two clusters and no defaultCluster exits 2 listing them, and writes nothing', async (command) => {
    const root = await repoWithRedisInTwoClusters();
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, command, 'redis']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/\[AMBIGUOUS_CLUSTER\].*several clusters \(production, staging\)/);
    expect(result.stderr).toContain('--cluster');
    expect(await readTree(root)).toEqual(before);
  });
});

describe.concurrent('monitoring and netpol on a component fluxgen generated in two clusters', () => {
  it.each(['monitoring', 'netpol'])('%s follows its record to both clusters, and refuses (exit 2) a --cluster set other than the recorded one', async (command) => {
    const root = await copyRepo(TWO);
    expect((await runCli(['--infra-root', root, ...PODINFO, '--cluster', 'staging', '--cluster', 'production'])).exitCode).toBe(0);
    const generated = await readTree(root);
    const refused = await runCli(['--infra-root', root, command, 'podinfo', '--cluster', 'staging']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/\[BAD_INPUT\]: component podinfo was generated by fluxgen for clusters production, staging \(\.fluxgen\/components\/podinfo\.yaml\)/);
    expect(refused.stderr).toContain(`run \`fluxgen ${command} podinfo\` without --cluster`);
    expect(await readTree(root)).toEqual(generated);

    const run = await runCli(['--infra-root', root, command, 'podinfo', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).filesModified).toEqual(expect.arrayContaining([PRODUCTION, STAGING]));
    expect(parse((await readTree(root)).get('.fluxgen/components/podinfo.yaml')!).spec.clusters).toEqual(['production', 'staging']);
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
