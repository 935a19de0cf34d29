/**
 * The cache of whole check runs: an unchanged repo gets the last run's exact output and exit code without
 * starting kustomize; any changed file, another flag, or FLUXGEN_DEBUG runs check again.
 */
import { execFileSync } from 'node:child_process';
import { lstat, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countingKubectl } from '../helpers/counting-kubectl.ts';
import { copyRepo, EXAMPLE, runCli, tempDir } from '../helpers/repo.ts';

const RELEASE = 'namespaces/kyverno/helm-release.yaml';

describe('check on an unchanged repo', () => {
  it('replays the last run byte for byte, exit code included, and a changed file runs it again', async () => {
    const root = await copyRepo(EXAMPLE);
    const kubectl = await countingKubectl();
    const check = (args: string[] = [], env: Record<string, string> = {}) => runCli(['--infra-root', root, 'check', ...args], { env: { ...kubectl.env, ...env } });

    const cold = await check();
    expect(cold.exitCode).toBe(0);
    expect(await readdir(path.join(root, '.fluxgen/cache/checks'))).toHaveLength(1);
    const warm = await check();
    expect(warm).toMatchObject({ exitCode: cold.exitCode, stdout: cold.stdout, stderr: cold.stderr });

    // another format is another run, stored beside the first
    const json = await check(['--format', 'json']);
    expect(JSON.parse(json.stdout)).toHaveProperty('findings');
    expect(await readdir(path.join(root, '.fluxgen/cache/checks'))).toHaveLength(2);

    // a planted anti-pattern: the cached clean run must not hide it, and its failure is replayed too
    const release = path.join(root, RELEASE);
    await writeFile(release, (await readFile(release, 'utf8')).replace('  upgrade:\n    remediation:', '  upgrade:\n    force: true\n    remediation:'));
    const runsBefore = await kubectl.runs();
    const failed = await check();
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toContain('helmrelease-upgrade-force');
    expect(await kubectl.runs()).toBe(runsBefore + 1);
    const replayed = await check();
    expect(replayed).toMatchObject({ exitCode: 1, stdout: failed.stdout, stderr: failed.stderr });
    expect(await kubectl.runs()).toBe(runsBefore + 1);

    // FLUXGEN_DEBUG shows the run itself
    const debug = await check([], { FLUXGEN_DEBUG: '1' });
    expect(debug.stderr).toMatch(/^fluxgen: debug: /m);
  });

  it('hashes a FIFO in the repo by its kind, never reading it (a read would block)', async () => {
    const root = await copyRepo(EXAMPLE);
    execFileSync('mkfifo', [path.join(root, 'namespaces/a-fifo')]);
    const first = await runCli(['--infra-root', root, 'check']);
    expect(first.exitCode).toBe(0);
    expect(await runCli(['--infra-root', root, 'check'])).toMatchObject({ exitCode: 0, stdout: first.stdout, stderr: first.stderr });
  });

  it('stores nothing through a symlinked .fluxgen, and still checks', async () => {
    const root = await copyRepo(EXAMPLE);
    const outside = await tempDir('fluxgen-outside-');
    await rm(path.join(root, '.fluxgen'), { recursive: true, force: true });
    await symlink(outside, path.join(root, '.fluxgen'));
    expect((await lstat(path.join(root, '.fluxgen'))).isSymbolicLink()).toBe(true);
    for (let i = 0; i < 2; i += 1) expect((await runCli(['--infra-root', root, 'check'])).exitCode).toBe(0);
    expect(await readdir(outside)).toEqual([]);
  });

  it('regen --check replays too: in sync at once, then the drift of a removed provider dependsOn, exit 1 both times', async () => {
    const root = await copyRepo(EXAMPLE);
    const kubectl = await countingKubectl();
    const regen = () => runCli(['--infra-root', root, 'regen', '--check'], { env: kubectl.env });
    const first = await regen();
    expect(first.exitCode).toBe(0);
    const runs = await kubectl.runs();
    expect(await regen()).toMatchObject({ exitCode: 0, stdout: first.stdout, stderr: first.stderr });
    expect(await kubectl.runs()).toBe(runs);

    const infra = path.join(root, 'clusters/local-kube/infrastructure.yaml');
    const text = await readFile(infra, 'utf8');
    const dropped = text.replace('spec:\n  dependsOn: [{name: cilium}]\n  interval: 5m\n  path: ./namespaces/kyverno\n', 'spec:\n  interval: 5m\n  path: ./namespaces/kyverno\n');
    expect(dropped).not.toBe(text);
    await writeFile(infra, dropped);
    const drift = await regen();
    expect(drift.exitCode).toBe(1);
    expect(drift.stdout).toContain('+    - name: cilium');
    expect(drift.stderr).toContain('Kustomization kyverno lacks dependsOn cilium');
    expect(await regen()).toMatchObject({ exitCode: 1, stdout: drift.stdout, stderr: drift.stderr });
  });
});
