/** Cluster recreate (SPEC §5): YES when an existing Kustomization's dependsOn or path changes or resources move; NO for additions. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideRecreate } from '../../src/generate/cluster-recreate.ts';
import { copyRepo, EXAMPLE, runCli } from '../helpers/repo.ts';

const FILE = 'clusters/dev/infrastructure.yaml';

/** A Flux Kustomization document. */
function ks(name: string, options: { path?: string; dependsOn?: string[] } = {}): string {
  const deps = options.dependsOn?.length ? `  dependsOn:\n${options.dependsOn.map((d) => `    - name: ${d}\n`).join('')}` : '';
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n${deps}  path: ${options.path ?? `./namespaces/${name}`}\n`;
}

const stream = (...docs: string[]) => docs.join('---\n');

describe('decideRecreate', () => {
  it('says NO, naming them, when the change only adds Kustomizations', () => {
    const decision = decideRecreate([{ path: FILE, cluster: 'dev', before: stream(ks('cilium')), after: stream(ks('cilium'), ks('redis', { dependsOn: ['cilium'] })) }]);
    expect(decision).toEqual({ required: false, reasons: ['additions only: new Kustomization redis (cluster dev); Flux applies them on the running cluster'] });
  });

  it('says NO when no Kustomization changes at all (component files only)', () => {
    const decision = decideRecreate([{ path: 'namespaces/redis/helm-release.yaml', before: 'kind: HelmRelease\n', after: 'kind: HelmRelease\nspec: {}\n' }]);
    expect(decision.required).toBe(false);
    expect(decision.reasons).toEqual(['no existing Kustomization changes its dependsOn or path, and no resources move']);
  });

  it('says YES when an existing Kustomization gains or loses a dependsOn', () => {
    const decision = decideRecreate([{ path: FILE, cluster: 'dev', before: ks('redis', { dependsOn: ['longhorn'] }), after: ks('redis', { dependsOn: ['cilium'] }) }]);
    expect(decision).toEqual({
      required: true,
      reasons: ['dependsOn of existing Kustomization redis in cluster dev gains cilium', 'dependsOn of existing Kustomization redis in cluster dev loses longhorn'],
    });
  });

  it('says YES when an existing Kustomization path changes, naming both paths', () => {
    const decision = decideRecreate([{ path: FILE, before: ks('redis', { path: './apps/redis' }), after: ks('redis') }]);
    expect(decision).toEqual({ required: true, reasons: [`path of existing Kustomization redis in ${FILE} changes from ./apps/redis to ./namespaces/redis`] });
    expect(decideRecreate([{ path: FILE, before: ks('redis', { path: './namespaces/redis/' }), after: ks('redis', { path: 'namespaces/redis' }) }]).required).toBe(false);
  });

  it('says YES when the generator declares resources moving between Kustomizations, even with the cluster files unchanged', () => {
    const move = { resource: 'ServiceMonitor redis (namespaces/redis/servicemonitor.yaml)', from: 'redis', to: 'redis-monitoring' };
    const decision = decideRecreate([{ path: FILE, cluster: 'dev', before: ks('redis'), after: stream(ks('redis'), ks('redis-monitoring')) }], [move]);
    expect(decision).toEqual({ required: true, reasons: ['ServiceMonitor redis (namespaces/redis/servicemonitor.yaml) moves from Kustomization redis to redis-monitoring'] });
  });

  it('ignores files that are not YAML streams of Flux Kustomizations', () => {
    const decision = decideRecreate([{ path: 'namespaces/redis/kustomization.yaml', before: 'resources: [a.yaml]\n', after: 'resources: [a.yaml, b.yaml]\n' }, { path: 'notes.txt', before: null, after: ': not yaml' }]);
    expect(decision.required).toBe(false);
  });
});

describe.concurrent('cluster recreate in the summary of a writing command', () => {
  const REDIS = ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x'];

  it('a new component: NO, in markdown and JSON', async () => {
    const root = await copyRepo(EXAMPLE);
    const result = await runCli(['--infra-root', root, ...REDIS, '--dry-run', '--json']);
    expect(JSON.parse(result.stdout).clusterRecreate).toEqual({
      required: false,
      reasons: ['additions only: new Kustomization redis (cluster local-kube); Flux applies them on the running cluster'],
    });
    const markdown = await runCli(['--infra-root', root, ...REDIS, '--dry-run']);
    expect(markdown.stdout).toContain('### Cluster Recreate Required?\n- NO: additions only: new Kustomization redis (cluster local-kube)');
  });

  it('adding the network policy to an existing component: YES, the reason and the configured command, in markdown and JSON', async () => {
    const root = await copyRepo(EXAMPLE);
    await writeFile(path.join(root, '.fluxgen.yaml'), "recreateCommand: 'make cluster-down cluster-up'\n");
    expect((await runCli(['--infra-root', root, ...REDIS])).exitCode).toBe(0);
    const json = await runCli(['--infra-root', root, ...REDIS, '--webhook', '--dry-run', '--json']);
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).clusterRecreate).toEqual({
      required: true,
      reasons: ['dependsOn of existing Kustomization redis in cluster local-kube gains cilium'],
      command: 'make cluster-down cluster-up',
    });
    const markdown = await runCli(['--infra-root', root, ...REDIS, '--webhook']);
    expect(markdown.exitCode).toBe(0);
    expect(markdown.stdout).toContain('- YES: dependsOn of existing Kustomization redis in cluster local-kube gains cilium\n- Run: `make cluster-down cluster-up`');
    // the same run again: nothing changes, nothing to recreate
    const again = await runCli(['--infra-root', root, ...REDIS, '--webhook', '--json']);
    expect(JSON.parse(again.stdout).clusterRecreate.required).toBe(false);
  });
});
