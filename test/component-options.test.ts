/** --dry-run, --no-validate, the missing-kustomize message, and adding to an existing Kustomization. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, copyRepo, EXAMPLE, readTree, runCli, tempDir } from './helpers/repo.ts';

const REDIS = ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x', '--monitoring'];

/** Runs the bin with a PATH that holds neither kustomize nor kubectl. */
async function runWithoutKustomize(args: string[]) {
  const empty = await tempDir('fluxgen-nopath-');
  return execa(process.execPath, [BIN, ...args], { env: { PATH: empty }, extendEnv: false, reject: false, stdin: 'ignore' });
}

describe.concurrent('component options', () => {
  it('--dry-run prints the plan and writes nothing', async () => {
    const root = await copyRepo(EXAMPLE);
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, ...REDIS, '--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Infrastructure Plan (dry run: nothing written)');
    expect(result.stdout).toContain('`namespaces/redis/helm-release.yaml`');
    expect(await readTree(root)).toEqual(before);
  });

  it('--json prints exactly one JSON object on stdout with the SPEC §6 keys', async () => {
    const root = await copyRepo(EXAMPLE);
    const result = await runCli(['--infra-root', root, ...REDIS, '--json']);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['filesCreated', 'filesModified', 'kustomizations', 'assumptions', 'clusterRecreate', 'validation']);
    expect(report.kustomizations).toEqual([
      { cluster: 'local-kube', name: 'redis', dependsOn: [], layer: 0 },
      { cluster: 'local-kube', name: 'redis-monitoring', dependsOn: ['monitoring', 'redis'], layer: 1 },
    ]);
    expect(report.filesModified).toEqual(['clusters/local-kube/infrastructure.yaml']);
    expect(report.validation).toMatchObject({ yaml: 'pass', kustomize: 'pass' });
  });

  it('without kustomize or kubectl it says how to install one, exit 2, nothing written', async () => {
    const root = await copyRepo(EXAMPLE);
    const before = await readTree(root);
    const result = await runWithoutKustomize(['--infra-root', root, ...REDIS]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('[KUSTOMIZE_MISSING]');
    expect(result.stderr).toContain('install kustomize');
    expect(await readTree(root)).toEqual(before);
  });

  it('--no-validate skips kustomize and writes the same bytes as a validated run', async () => {
    const unvalidated = await copyRepo(EXAMPLE);
    const skipped = await runWithoutKustomize(['--infra-root', unvalidated, ...REDIS, '--webhook', '--no-validate', '--json']);
    expect(skipped.exitCode).toBe(0);
    expect(JSON.parse(skipped.stdout).validation.kustomize).toBe('skipped');
    const validated = await copyRepo(EXAMPLE);
    expect((await runCli(['--infra-root', validated, ...REDIS, '--webhook'])).exitCode).toBe(0);
    expect(await readTree(unvalidated)).toEqual(await readTree(validated));
  });

  it('a kustomize build failure after writing restores every file (exit 1)', async () => {
    const root = await copyRepo(EXAMPLE);
    // A broken manifest in the cluster folder: the cluster build after writing fails.
    await writeFile(path.join(root, 'clusters/local-kube/broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n');
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, ...REDIS]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('[KUSTOMIZE_FAILED]');
    expect(result.stderr).toContain('nothing was changed');
    expect(await readTree(root)).toEqual(before);
  });

  it('a --depends-on on a re-run adds to the existing Kustomization in place and says a recreate is needed', async () => {
    const root = await copyRepo(EXAMPLE);
    expect((await runCli(['--infra-root', root, ...REDIS])).exitCode).toBe(0);
    const result = await runCli(['--infra-root', root, ...REDIS, '--depends-on', 'longhorn-system', '--json']);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.clusterRecreate.required).toBe(true);
    expect(report.clusterRecreate.reasons[0]).toContain('redis');
    expect(report.kustomizations[0]).toEqual({ cluster: 'local-kube', name: 'redis', dependsOn: ['longhorn-system'], layer: 2 });
    const infra = (await readTree(root)).get('clusters/local-kube/infrastructure.yaml')!;
    expect(infra.match(/^  name: redis\r?\n/gm)).toHaveLength(1);
  });
});
