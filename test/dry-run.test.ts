/**
 * `--dry-run` on every writing command (`component`, `monitoring`, `netpol`; SPEC §7): the plan and a unified diff of every file, nothing written,
 * the exit code of the real run; the diff, applied with `git apply` to a copy, gives the real run's tree.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoWithHandWrittenRedis } from './helpers/hand-written.ts';
import { copyRepo, EXAMPLE, FIXTURES, readTree, runCli, tempDir } from './helpers/repo.ts';

const REDIS = ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x', '--monitoring', '--webhook'];

/** Applies a unified diff to `root` with `git apply` (outside any git repository: as `patch -p1`). */
async function gitApply(root: string, diff: string): Promise<void> {
  const file = path.join(await tempDir('fluxgen-diff-'), 'change.diff');
  await writeFile(file, diff);
  await execa('git', ['apply', '--unsafe-paths', '--whitespace=nowarn', file], { cwd: root });
}

/** Runs `args` as a dry run on one copy and for real on another; returns both, with the dry run's tree unchanged checked. */
async function dryAndReal(repo: string, args: string[]) {
  const dry = await copyRepo(repo);
  const before = await readTree(dry);
  const planned = await runCli(['--infra-root', dry, ...args, '--dry-run', '--json']);
  expect(await readTree(dry)).toEqual(before);
  const real = await copyRepo(repo);
  const written = await runCli(['--infra-root', real, ...args]);
  return { dry, planned, real, written };
}

/** The files a diff deletes (`+++ /dev/null`), sorted. */
const deletedBy = (diff: string) => [...diff.matchAll(/^--- a\/(.+)\n\+\+\+ \/dev\/null$/gm)].map((m) => m[1]!).sort();

describe.concurrent('--dry-run', () => {
  it.each([
    ['a new component with monitoring and a network policy', async () => EXAMPLE, REDIS],
    ['a component in two clusters', async () => path.join(FIXTURES, 'two-clusters'), ['component', 'podinfo', '--chart', 'podinfo', '--repo-url', 'oci://ghcr.io/stefanprodan/charts', '--monitoring', '--cluster', 'staging', '--cluster', 'production']],
    ['a monitoring split that moves files and edits the component in place', repoWithHandWrittenRedis, ['monitoring', 'redis']],
    ['a monitoring part generated for a component without one', repoWithHandWrittenRedis, ['monitoring', 'kyverno']],
    ['a network policy added to a hand-written component', repoWithHandWrittenRedis, ['netpol', 'redis']],
  ])('%s: writes nothing, exits as the real run, and its diff applied with git apply equals the real run', async (_, source, args) => {
    const { dry, planned, real, written } = await dryAndReal(await source(), args);
    expect(planned.exitCode, planned.stderr).toBe(0);
    expect(written.exitCode, written.stderr).toBe(0);
    const report = JSON.parse(planned.stdout);
    expect(report.diff).toContain('+++ b/clusters/');
    // the diff and the summary agree on what changes
    const touched = [...report.diff.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m: RegExpMatchArray) => m[1]).sort();
    expect(touched).toEqual([...report.filesCreated, ...report.filesModified].sort());
    expect(deletedBy(report.diff)).toEqual(report.filesDeleted ?? []);
    await gitApply(dry, report.diff);
    expect(await readTree(dry)).toEqual(await readTree(real));
  });

  it('prints the monitoring split as markdown, files to delete included, and git apply takes the diff as printed', async () => {
    const repo = await repoWithHandWrittenRedis();
    const { dry, real, written } = await dryAndReal(repo, ['monitoring', 'redis']);
    const root = await copyRepo(repo);
    const printed = await runCli(['--infra-root', root, 'monitoring', 'redis', '--dry-run']);
    expect(printed.exitCode).toBe(written.exitCode);
    expect(printed.stdout).toMatch(/^## Infrastructure Plan \(dry run: nothing written\)/);
    expect(printed.stdout).toMatch(/### Files To Delete \(moved\)\n- `namespaces\/redis\/prometheus-rule.yaml`\n- `namespaces\/redis\/servicemonitor.yaml`/);
    expect(printed.stdout).toContain('--- a/namespaces/redis/servicemonitor.yaml\n+++ /dev/null\n');
    expect(printed.stdout).toContain('--- /dev/null\n+++ b/namespaces/redis-monitoring/servicemonitor.yaml\n');
    // the in-place edits of the user's files are in the diff too
    for (const file of ['namespaces/redis/kustomization.yaml', 'namespaces/redis/helm-release.yaml']) expect(printed.stdout).toContain(`--- a/${file}\n+++ b/${file}\n`);
    expect(await readTree(root)).toEqual(await readTree(dry));
    await gitApply(root, `${printed.stdout}\n`); // execa strips the final newline
    expect(await readTree(root)).toEqual(await readTree(real));
  });

  it.each([
    ['monitoring', ['monitoring', 'nope']],
    ['netpol', ['netpol', 'nope']],
  ])('%s: on a component that does not exist exits 2 as the real run does, and writes nothing', async (_, args) => {
    const { planned, written, dry, real } = await dryAndReal(await repoWithHandWrittenRedis(), args);
    expect(written.exitCode).toBe(2);
    expect(planned.exitCode).toBe(written.exitCode);
    expect(planned.stdout).toBe('');
    expect(planned.stderr).toContain('UNKNOWN_COMPONENT');
    expect(await readTree(dry)).toEqual(await readTree(real));
  });

  it('prints the markdown plan followed by the diff, which git apply also takes as printed', async () => {
    const root = await copyRepo(EXAMPLE);
    const result = await runCli(['--infra-root', root, ...REDIS, '--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^## Infrastructure Plan \(dry run: nothing written\)/);
    expect(result.stdout).toContain('\n### Diff\n\n');
    expect(result.stdout).toContain('--- a/clusters/local-kube/infrastructure.yaml\n+++ b/clusters/local-kube/infrastructure.yaml\n');
    const real = await copyRepo(EXAMPLE);
    expect((await runCli(['--infra-root', real, ...REDIS])).exitCode).toBe(0);
    await gitApply(root, `${result.stdout}\n`); // execa strips the final newline
    expect(await readTree(root)).toEqual(await readTree(real));
  });

  it('after the real run, a dry run of the same command has nothing to show', async () => {
    const root = await copyRepo(EXAMPLE);
    expect((await runCli(['--infra-root', root, ...REDIS])).exitCode).toBe(0);
    const again = await runCli(['--infra-root', root, ...REDIS, '--dry-run']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout.endsWith('### Diff\n\n(no change)')).toBe(true);
    expect(JSON.parse((await runCli(['--infra-root', root, ...REDIS, '--dry-run', '--json'])).stdout).diff).toBe('');
  });

  it('exits as the real run would when the change is refused, and writes nothing', async () => {
    // --webhook in a cluster without a Cilium provider: a validation error (exit 1) either way
    const repo = await copyRepo(path.join(FIXTURES, 'two-clusters'));
    const file = path.join(repo, 'clusters/staging/infrastructure.yaml');
    await writeFile(file, '# staging without any Kustomization yet\n');
    const args = ['component', 'kyverno', '--chart', 'kyverno', '--repo-url', 'https://kyverno.github.io/kyverno/', '--webhook', '--cluster', 'staging'];
    const { planned, written, dry, real } = await dryAndReal(repo, args);
    expect(written.exitCode).toBe(1);
    expect(planned.exitCode).toBe(written.exitCode);
    expect(planned.stdout).toBe('');
    expect(await readTree(dry)).toEqual(await readTree(real));
  });
});
