import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { HOMELAB_INFRA, REDIS_FILES, repoWithHandWrittenRedis } from '../helpers/hand-written.ts';
import { copyRepo, EXAMPLE, FIXTURES, readTree, runCli } from '../helpers/repo.ts';

const POLICY = 'namespaces/redis/cilium-network-policies/allow-k8s-api.yaml';

/** The Flux Kustomization `name` of the hand-maintained cluster file. */
function kustomization(infra: string, name: string): Record<string, any> {
  return parseAllDocuments(infra).map((d) => d.toJS()).find((k) => k?.metadata?.name === name);
}

describe('fluxgen netpol on a hand-written component', () => {
  it('adds the policy, lists it in place, and gives the Kustomization cilium; every other byte is kept; twice changes nothing', async () => {
    const root = await repoWithHandWrittenRedis();
    const before = await readTree(root);
    const run = await runCli(['--infra-root', root, 'netpol', 'redis']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const after = await readTree(root);

    expect(after.get('namespaces/redis/kustomization.yaml')).toBe(REDIS_FILES['namespaces/redis/kustomization.yaml'] + '    - cilium-network-policies/allow-k8s-api.yaml\n');
    const infra = after.get(HOMELAB_INFRA)!;
    expect(kustomization(infra, 'redis').spec.dependsOn.map((d: { name: string }) => d.name)).toEqual(['shared-sources', 'monitoring', 'cilium']);
    // only the dependsOn list of redis grew: the hand-maintained file is otherwise byte for byte the same
    expect(infra.replace(/(    - name: monitoring   # ServiceMonitor CRDs\r?\n)    - name: cilium\r?\n/, '$1')).toBe(before.get(HOMELAB_INFRA));
    for (const [file, content] of before) if (file !== HOMELAB_INFRA && file !== 'namespaces/redis/kustomization.yaml') expect(after.get(file), file).toBe(content);

    // the record keeps only what fluxgen generated: the policy
    const record = parse(after.get('.fluxgen/components/redis.netpol.yaml')!);
    expect(record.kind).toBe('netpol');
    expect(Object.keys(record.files)).toEqual([POLICY]);
    expect(run.stdout).toMatch(/Cluster Recreate Required\?\n- YES: dependsOn of existing Kustomization redis in cluster homelab gains cilium/);

    const again = await runCli(['--infra-root', root, 'netpol', 'redis']);
    expect(again.exitCode).toBe(0);
    expect(await readTree(root)).toEqual(after);
    // regen re-renders the recorded policy only, to the same bytes
    const regen = await runCli(['--infra-root', root, 'regen', '--check']);
    expect(regen.stderr).not.toMatch(/drift|error/);
    expect(regen.exitCode).toBe(0);
  });

  it('on a component fluxgen generated, re-renders it with the policy through its own record', async () => {
    const root = await repoWithHandWrittenRedis();
    expect((await runCli(['--infra-root', root, 'component', 'podinfo', '--chart', 'podinfo', '--repo-url', 'https://stefanprodan.github.io/podinfo', '--chart-version', '6.x'])).exitCode).toBe(0);
    const run = await runCli(['--infra-root', root, 'netpol', 'podinfo']);
    expect(run.exitCode).toBe(0);
    const tree = await readTree(root);
    expect(parse(tree.get('.fluxgen/components/podinfo.yaml')!).spec.webhook).toBe(true);
    expect(tree.has('.fluxgen/components/podinfo.netpol.yaml')).toBe(false);
    expect(tree.get('namespaces/podinfo/kustomization.yaml')).toContain('- cilium-network-policies/allow-k8s-api.yaml');
    expect((await runCli(['--infra-root', root, 'regen', '--check'])).exitCode).toBe(0);
  });

  it("admits Prometheus's namespace when the component is scraped (its ServiceMonitor)", async () => {
    const root = await repoWithHandWrittenRedis();
    expect((await runCli(['--infra-root', root, 'netpol', 'redis'])).exitCode).toBe(0);
    const policy = parse(await readFile(path.join(root, POLICY), 'utf8'));
    const namespaces = policy.spec.ingress.flatMap((r: any) => (r.fromEndpoints ?? []).map((e: any) => e.matchLabels?.['k8s:io.kubernetes.pod.namespace']));
    expect(namespaces).toContain('monitoring');
    expect(policy.metadata.namespace).toBe('redis');
  });

  it("after a monitoring split (a -monitoring part, no ServiceMonitor of its own) admits Prometheus's namespace; check finds nothing about it", async () => {
    const root = await repoWithHandWrittenRedis();
    expect((await runCli(['--infra-root', root, 'monitoring', 'redis'])).exitCode).toBe(0);
    const run = await runCli(['--infra-root', root, 'netpol', 'redis']);
    expect(run.exitCode, run.stderr).toBe(0);
    const policy = parse(await readFile(path.join(root, POLICY), 'utf8'));
    const namespaces = policy.spec.ingress.flatMap((r: any) => (r.fromEndpoints ?? []).map((e: any) => e.matchLabels?.['k8s:io.kubernetes.pod.namespace']));
    expect(namespaces).toContain('monitoring');
    expect(run.stdout).toMatch(/It denies every other ingress \(clients in other namespaces or outside the cluster cannot reach it\)/);
    const check = await runCli(['--infra-root', root, 'check', '--format', 'json']);
    const rules = JSON.parse(check.stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules.filter((r: string) => /netpol-blocks-prometheus|monitoring|webhook-without-cilium-policy/.test(r))).toEqual([]);
  });

  it('refuses a component that does not exist (exit 2), naming those that do, and writes nothing', async () => {
    const root = await repoWithHandWrittenRedis();
    const before = await readTree(root);
    const run = await runCli(['--infra-root', root, 'netpol', 'rediss']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/UNKNOWN_COMPONENT.*cluster homelab has no component "rediss"/);
    expect(run.stderr).toMatch(/cert-manager, cilium, .*kyverno, .*redis/);
    expect(await readTree(root)).toEqual(before);
  });
});

describe('fluxgen netpol on repos it was not written against', () => {
  it("adds the policy beside a per-app component's app/ folder (home-ops layout), its ks.yaml kept as it is; twice changes nothing", async () => {
    const root = await copyRepo(path.join(FIXTURES, 'home-ops-style'));
    const before = await readTree(root);
    const run = await runCli(['--infra-root', root, 'netpol', 'echo']);
    expect(run.exitCode, run.stderr).toBe(0);
    const after = await readTree(root);
    const app = 'kubernetes/apps/default/echo/app';
    expect(parse(after.get(`${app}/cilium-network-policies/allow-k8s-api.yaml`)!).kind).toBe('CiliumNetworkPolicy');
    expect(after.get(`${app}/kustomization.yaml`)).toBe(`${before.get(`${app}/kustomization.yaml`)}  - cilium-network-policies/allow-k8s-api.yaml\n`);
    // echo already depends on cilium: its ks.yaml and every other file are untouched
    for (const [file, content] of before) if (file !== `${app}/kustomization.yaml`) expect(after.get(file), file).toBe(content);
    expect(run.stdout).toMatch(/Cluster Recreate Required\?\n- NO/);
    expect((await runCli(['--infra-root', root, 'netpol', 'echo'])).exitCode).toBe(0);
    expect(await readTree(root)).toEqual(after);
  });

  it.each(['netpol', 'monitoring'])('%s refuses (exit 2) a service fluxgen generated, saying it is not a component, and writes nothing', async (command) => {
    const root = await copyRepo(path.join(FIXTURES, 'overlays-clean'));
    expect((await runCli(['--infra-root', root, 'service', 'web2', '--image', 'nginx:1.27', '--port', '8080', '--env', 'staging'])).exitCode).toBe(0);
    const before = await readTree(root);
    const run = await runCli(['--infra-root', root, command, 'web2', '--cluster', 'staging']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`[BAD_INPUT]: web2 is a fluxgen service (.fluxgen/components/web2.yaml), not a component`);
    expect(await readTree(root)).toEqual(before);
  });

  it('refuses (exit 2, TARGET_EXISTS) to replace a policy of that name a person wrote, and writes nothing', async () => {
    const root = await copyRepo(EXAMPLE);
    const before = await readTree(root);
    const run = await runCli(['--infra-root', root, 'netpol', 'kyverno']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('[TARGET_EXISTS]: namespaces/kyverno/cilium-network-policies/allow-k8s-api.yaml exists and was not generated by fluxgen');
    expect(run.stderr).toContain('--force');
    expect(await readTree(root)).toEqual(before);
  });
});
