/**
 * The shipped .pre-commit-hooks.yaml through the real pre-commit framework (PyPI's pre-commit, as
 * .ci/run installs it), with real git: a GitOps repo whose .pre-commit-config.yaml points at a
 * fresh clone of this project (its committed HEAD: commit before running this). pre-commit
 * installs the hooks' node environment itself, with `npm install -g git+file://<clone>`.
 *
 * pre-commit is $FLUXGEN_PRE_COMMIT (set by .ci/run), else `pre-commit` on PATH, else the venv
 * that .ci/install-pre-commit makes; without one, the file is skipped with one line.
 */
import { access, constants, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, copyRepo, runCli, tempDir } from '../helpers/repo.ts';
import { cloneProject, gitInit, INSTALL_TIMEOUT, npmUnavailable, ok, run, type Run } from './installs.ts';

/** Where .ci/install-pre-commit puts pre-commit by default. */
const CI_VENV_PRE_COMMIT = path.join(os.homedir(), '.cache/fluxgen-ci/venv/bin/pre-commit');

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(() => true, () => false);
}

async function findPreCommit(): Promise<string | undefined> {
  const named = process.env.FLUXGEN_PRE_COMMIT;
  if (named) {
    // Named (by CI) and missing is a failure, not a skip.
    if (!(await executable(named))) throw new Error(`FLUXGEN_PRE_COMMIT=${named} is not an executable`);
    return named;
  }
  const onPath = await execa('pre-commit', ['--version'], { reject: false, stdin: 'ignore' });
  if (onPath.exitCode === 0) return 'pre-commit';
  return (await executable(CI_VENV_PRE_COMMIT)) ? CI_VENV_PRE_COMMIT : undefined;
}

const preCommit = await findPreCommit();
const unavailable = preCommit ? await npmUnavailable() : 'pre-commit is not installed (bash .ci/install-pre-commit installs it, or set FLUXGEN_PRE_COMMIT)';
if (unavailable) console.log(`skipped test/install/pre-commit.test.ts: ${unavailable}`);

const INFRA = 'clusters/local-kube/infrastructure.yaml';
const KYVERNO_DEPENDS_ON = 'spec:\n  dependsOn: [{name: cilium}]\n  interval: 5m\n  path: ./namespaces/kyverno\n';
const KYVERNO_RELEASE = 'namespaces/kyverno/helm-release.yaml';

/** The GitOps repo's .pre-commit-config.yaml (docs/pre-commit.md shows the same with a GitHub URL). */
function config(repo: string, rev: string): string {
  return [
    'repos:',
    `  - repo: ${repo}`,
    `    rev: ${rev}`,
    '    hooks:',
    '      - id: fluxgen-regen-check',
    '        language_version: system',
    '      - id: fluxgen-check',
    '        language_version: system',
    '',
  ].join('\n');
}

async function replaceIn(root: string, file: string, from: string, to: string): Promise<void> {
  const text = await readFile(path.join(root, file), 'utf8');
  expect(text.split(from)).toHaveLength(2);
  await writeFile(path.join(root, file), text.replace(from, to));
}

describe.skipIf(unavailable)('the pre-commit framework', () => {
  let env: Record<string, string>;
  let base: string;

  /** `pre-commit ...args` in root, with this run's PRE_COMMIT_HOME. */
  function pc(root: string, args: string[]): Promise<Run> {
    return run(preCommit!, args, { cwd: root, env });
  }

  beforeAll(async () => {
    env = { PRE_COMMIT_HOME: await tempDir('fluxgen-pre-commit-home-'), NO_COLOR: '1' };
    const project = await cloneProject();
    base = await copyRepo(EXAMPLE);
    const component = await runCli(['--infra-root', base, 'component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami']);
    expect(component.exitCode, component.stderr).toBe(0);
    await writeFile(path.join(base, '.pre-commit-config.yaml'), config(project.dir, project.sha));
    await gitInit(base);
    // The first run installs the hooks' environment (npm install -g git+file://<clone>) into PRE_COMMIT_HOME.
    await ok(preCommit!, ['install-hooks'], { cwd: base, env });
  }, INSTALL_TIMEOUT);

  it('pre-commit run --all-files passes on a clean repo', async () => {
    const result = await pc(base, ['run', '--all-files']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(/^fluxgen regen --check\.+Passed$/m);
    expect(result.all).toMatch(/^fluxgen check\.+Passed$/m);
  });

  it('fails with the diff when a CRD provider dependsOn was removed, and the installed hook refuses the commit', async () => {
    const root = await copyRepo(base);
    await replaceIn(root, INFRA, KYVERNO_DEPENDS_ON, 'spec:\n  interval: 5m\n  path: ./namespaces/kyverno\n');
    await ok('git', ['add', INFRA], { cwd: root });

    const result = await pc(root, ['run', '--all-files']);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.all).toMatch(/^fluxgen regen --check\.+Failed$/m);
    expect(result.all).toContain(`+++ b/${INFRA}`);
    expect(result.all).toContain('   name: kyverno\n   namespace: flux-system\n spec:\n+  dependsOn:\n+    - name: cilium\n   interval: 5m');
    expect(result.all).toContain('Kustomization kyverno lacks dependsOn cilium');

    await ok(preCommit!, ['install'], { cwd: root, env });
    const head = (await ok('git', ['rev-parse', 'HEAD'], { cwd: root })).trim();
    const commit = await run('git', ['commit', '-m', 'drop the cilium dependency of kyverno'], { cwd: root, env });
    expect(commit.exitCode).not.toBe(0);
    expect(commit.all).toContain('Kustomization kyverno lacks dependsOn cilium');
    expect((await ok('git', ['rev-parse', 'HEAD'], { cwd: root })).trim()).toBe(head);
  });

  it('fluxgen-check reports a planted anti-pattern by its rule', async () => {
    const root = await copyRepo(base);
    await replaceIn(root, KYVERNO_RELEASE, '  upgrade:\n    remediation:', '  upgrade:\n    force: true\n    remediation:');
    await ok('git', ['add', KYVERNO_RELEASE], { cwd: root });

    const result = await pc(root, ['run', '--all-files']);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.all).toMatch(/^fluxgen regen --check\.+Passed$/m);
    expect(result.all).toMatch(/^fluxgen check\.+Failed$/m);
    expect(result.all).toContain('helmrelease-upgrade-force');
    expect(result.all).toContain(KYVERNO_RELEASE);
  });
});
