import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { HOMELAB, HOMELAB_INFRA, REDIS_FILES, repoWithHandWrittenRedis } from '../helpers/hand-written.ts';
import { copyRepo, readTree, runCli, tempDir, writeFiles } from '../helpers/repo.ts';

const MONITORING_RULES = /monitoring-outside-monitoring-kustomization|chart-servicemonitor-enabled|monitoring-kustomization-deps/;

describe('fluxgen monitoring on a hand-written component in the seeds\' layout', () => {
  it('splits out its ServiceMonitor and PrometheusRule byte for byte, edits both lists and the values in place, and a second run changes nothing', async () => {
    const root = await repoWithHandWrittenRedis();
    const before = await readTree(root);
    const checkBefore = await runCli(['--infra-root', root, 'check', '--format', 'json']);
    expect(checkBefore.stdout).toMatch(MONITORING_RULES);

    const run = await runCli(['--infra-root', root, 'monitoring', 'redis']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const after = await readTree(root);

    // moved byte for byte
    expect(after.get('namespaces/redis-monitoring/servicemonitor.yaml')).toBe(REDIS_FILES['namespaces/redis/servicemonitor.yaml']);
    expect(after.get('namespaces/redis-monitoring/prometheus-rule.yaml')).toBe(REDIS_FILES['namespaces/redis/prometheus-rule.yaml']);
    expect(after.has('namespaces/redis/servicemonitor.yaml')).toBe(false);
    expect(after.has('namespaces/redis/prometheus-rule.yaml')).toBe(false);
    // the component's list loses exactly those two lines; the new one lists them
    expect(after.get('namespaces/redis/kustomization.yaml')).toBe(
      REDIS_FILES['namespaces/redis/kustomization.yaml'].replace('    - servicemonitor.yaml\n', '').replace('    - prometheus-rule.yaml # alerts tuned by hand\n', ''),
    );
    expect(parse(after.get('namespaces/redis-monitoring/kustomization.yaml')!).resources).toEqual(['prometheus-rule.yaml', 'servicemonitor.yaml']);
    // the values edited in place: only `true` became `false`, comments kept
    expect(after.get('namespaces/redis/helm-release.yaml')).toBe(
      REDIS_FILES['namespaces/redis/helm-release.yaml'].replace('                enabled: true  # TODO move to redis-monitoring', '                enabled: false  # TODO move to redis-monitoring'),
    );
    // the new Kustomization
    const infra = after.get(HOMELAB_INFRA)!;
    const ks = parseAllDocuments(infra).map((d) => d.toJS()).find((k) => k?.metadata?.name === 'redis-monitoring');
    expect(ks.spec).toMatchObject({ dependsOn: [{ name: 'monitoring' }, { name: 'redis' }], path: './namespaces/redis-monitoring', wait: false, timeout: '5m' });
    expect(infra.startsWith(before.get(HOMELAB_INFRA)!)).toBe(true);
    for (const [file, content] of before) if (!file.startsWith('namespaces/redis/') && file !== HOMELAB_INFRA) expect(after.get(file), file).toBe(content);

    expect(run.stdout).toMatch(/Cluster Recreate Required\?\n- YES: PrometheusRule redis \(namespaces\/redis\/prometheus-rule.yaml\) moves from Kustomization redis to redis-monitoring; ServiceMonitor redis \(namespaces\/redis\/servicemonitor.yaml\) moves/);
    expect(run.stdout).toMatch(/### Files Deleted \(moved\)\n- `namespaces\/redis\/prometheus-rule.yaml`\n- `namespaces\/redis\/servicemonitor.yaml`/);

    const check = await runCli(['--infra-root', root, 'check', '--format', 'json']);
    expect(check.stdout).not.toMatch(MONITORING_RULES);

    const again = await runCli(['--infra-root', root, 'monitoring', 'redis']);
    expect(again.exitCode).toBe(0);
    expect(await readTree(root)).toEqual(after);
    const regen = await runCli(['--infra-root', root, 'regen', '--check']);
    expect(regen.exitCode).toBe(0);
  });

  it('moves them into a -monitoring folder a person already started: its list gains them in place, their own files stay theirs', async () => {
    const root = await repoWithHandWrittenRedis();
    const started = {
      'namespaces/redis-monitoring/kustomization.yaml': '# dashboards first, by hand\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - dashboard.yaml   # grafana sidecar picks it up\n',
      'namespaces/redis-monitoring/dashboard.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis-dashboard\n  namespace: redis\n  labels:\n    grafana_dashboard: "1"\ndata:\n  redis.json: "{}"\n',
    };
    await writeFiles(root, started);
    const run = await runCli(['--infra-root', root, 'monitoring', 'redis']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const after = await readTree(root);
    expect(after.get('namespaces/redis-monitoring/kustomization.yaml')).toBe(`${started['namespaces/redis-monitoring/kustomization.yaml']}  - prometheus-rule.yaml\n  - servicemonitor.yaml\n`);
    expect(after.get('namespaces/redis-monitoring/dashboard.yaml')).toBe(started['namespaces/redis-monitoring/dashboard.yaml']);
    expect(after.get('namespaces/redis-monitoring/servicemonitor.yaml')).toBe(REDIS_FILES['namespaces/redis/servicemonitor.yaml']);
    // the record keeps only what fluxgen moved
    expect(Object.keys(parse(after.get('.fluxgen/components/redis.monitoring.yaml')!).files)).toEqual(['namespaces/redis-monitoring/prometheus-rule.yaml', 'namespaces/redis-monitoring/servicemonitor.yaml']);
    expect((await runCli(['--infra-root', root, 'regen', '--check'])).exitCode).toBe(0);
    expect((await runCli(['--infra-root', root, 'monitoring', 'redis'])).exitCode).toBe(0);
    expect(await readTree(root)).toEqual(after);
  });

  it('gives a component without monitoring resources a generated PrometheusRule and ServiceMonitor', async () => {
    const root = await repoWithHandWrittenRedis();
    const run = await runCli(['--infra-root', root, 'monitoring', 'kyverno']);
    expect(run.exitCode).toBe(0);
    const tree = await readTree(root);
    expect(parse(tree.get('namespaces/kyverno-monitoring/prometheus-rules.yaml')!).kind).toBe('PrometheusRule');
    expect(parse(tree.get('namespaces/kyverno-monitoring/servicemonitor.yaml')!).spec.namespaceSelector.matchNames).toEqual(['kyverno']);
    expect(run.stdout).toMatch(/Cluster Recreate Required\?\n- NO/);
    const again = await runCli(['--infra-root', root, 'monitoring', 'kyverno']);
    expect(again.exitCode).toBe(0);
    expect(await readTree(root)).toEqual(tree);
  });

  it('refuses a component that does not exist (exit 2), naming those that do', async () => {
    const root = await repoWithHandWrittenRedis();
    const before = await readTree(root);
    const run = await runCli(['--infra-root', root, 'monitoring', 'nope']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/UNKNOWN_COMPONENT.*no component "nope"[\s\S]*cert-manager, cilium, .*redis, shared-sources; run `fluxgen monitoring <one of them>`/);
    expect(await readTree(root)).toEqual(before);
  });
});

describe('fluxgen monitoring on a component fluxgen generated', () => {
  /** `fluxgen component podinfo` with values that enable the chart's ServiceMonitor (which fluxgen keeps off). */
  async function podinfoArgs(): Promise<string[]> {
    const values = path.join(await tempDir(), 'values.yaml');
    await writeFile(values, 'serviceMonitor:\n  enabled: true\n');
    return ['component', 'podinfo', '--chart', 'podinfo', '--repo-url', 'https://stefanprodan.github.io/podinfo', '--chart-version', '6.x', '--values', values];
  }

  it('adds the -monitoring part through its record: the same tree as `component --monitoring`, regen in sync, a second run changes nothing', async () => {
    const args = await podinfoArgs();
    const root = await copyRepo(HOMELAB);
    expect((await runCli(['--infra-root', root, ...args])).exitCode).toBe(0);
    const generated = await readTree(root);
    expect(generated.get('namespaces/podinfo/helm-release.yaml')).toContain('`fluxgen monitoring podinfo` adds a ServiceMonitor');

    const run = await runCli(['--infra-root', root, 'monitoring', 'podinfo']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Cluster Recreate Required\?\n- NO: additions only: new Kustomization podinfo-monitoring/);
    const after = await readTree(root);
    const record = parse(after.get('.fluxgen/components/podinfo.yaml')!);
    expect(record.spec.monitoring).toBe(true);
    expect(Object.keys(record.files)).toContain('namespaces/podinfo-monitoring/servicemonitor.yaml');
    expect(after.has('.fluxgen/components/podinfo.monitoring.yaml')).toBe(false);
    // the HelmRelease no longer points at a command to run: the -monitoring part exists now
    expect(after.get('namespaces/podinfo/helm-release.yaml')).toContain('# Managed separately in the podinfo-monitoring Kustomization');
    const ks = parseAllDocuments(after.get(HOMELAB_INFRA)!).map((d) => d.toJS()).find((k) => k?.metadata?.name === 'podinfo-monitoring');
    expect(ks.spec).toMatchObject({ dependsOn: [{ name: 'monitoring' }, { name: 'podinfo' }], path: './namespaces/podinfo-monitoring', wait: false, timeout: '5m' });
    expect(after.get(HOMELAB_INFRA)!.startsWith(generated.get(HOMELAB_INFRA)!)).toBe(true);

    // exactly what `component --monitoring` writes in one go
    const direct = await copyRepo(HOMELAB);
    expect((await runCli(['--infra-root', direct, ...args, '--monitoring'])).exitCode).toBe(0);
    expect(await readTree(direct)).toEqual(after);

    const check = await runCli(['--infra-root', root, 'regen', '--check']);
    expect(check.exitCode, check.stdout + check.stderr).toBe(0);
    expect((await runCli(['--infra-root', root, 'regen'])).exitCode).toBe(0);
    expect(await readTree(root)).toEqual(after);
    const again = await runCli(['--infra-root', root, 'monitoring', 'podinfo']);
    expect(again.exitCode).toBe(0);
    expect(await readTree(root)).toEqual(after);
  });
});
