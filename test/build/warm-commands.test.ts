/**
 * The one builder as the commands use it (real kustomize behind a counting wrapper): check and graph on an
 * unchanged repo start no kustomize process; a changed file rebuilds only what reads it; a remote base is
 * never handed to kustomize; regen --check with a symlinked .fluxgen writes nothing outside the repo.
 */
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countingKubectl } from '../helpers/counting-kubectl.ts';
import { copyRepo, EXAMPLE, runCli, tempDir } from '../helpers/repo.ts';

const INFRA = 'clusters/local-kube/infrastructure.yaml';

describe('commands over the one builder', () => {
  it('a second check and graph on an unchanged repo start no kustomize process; a changed file rebuilds only its folder', async () => {
    const root = await copyRepo(EXAMPLE);
    const kubectl = await countingKubectl();
    const run = (args: string[]) => runCli(['--infra-root', root, ...args], { env: kubectl.env });
    expect((await run(['check'])).exitCode).toBe(0);
    const cold = await kubectl.runs();
    expect(cold).toBeGreaterThan(0);

    for (const args of [['check'], ['graph'], ['check', '--format', 'json'], ['graph', '--format', 'dot']]) {
      expect((await run(args)).exitCode).toBe(0);
    }
    expect(await kubectl.runs()).toBe(cold);

    const release = path.join(root, 'namespaces/kyverno/helm-release.yaml');
    await writeFile(release, `# a comment\n${await readFile(release, 'utf8')}`);
    const debug = await runCli(['--infra-root', root, 'graph'], { env: { ...kubectl.env, FLUXGEN_DEBUG: '1' } });
    expect(debug.stderr.match(/^fluxgen: debug: kustomize build of .*$/gm)).toEqual(['fluxgen: debug: kustomize build of 1 folder(s): namespaces/kyverno']);
    expect(await kubectl.runs()).toBe(cold + 1);
  });

  it('never hands a remote base to kustomize, and names each remote URL once, as not checked offline', async () => {
    const root = await copyRepo(EXAMPLE);
    const url = 'https://github.com/example/deploy//base?ref=v1.0.0';
    await mkdir(path.join(root, 'namespaces/remote-app'), { recursive: true });
    await writeFile(path.join(root, 'namespaces/remote-app/kustomization.yaml'), `resources:\n  - ${url}\n`);
    const doc = '---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: remote-app\n  namespace: flux-system\nspec:\n  interval: 5m\n  path: ./namespaces/remote-app\n  prune: false\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
    await writeFile(path.join(root, INFRA), `${await readFile(path.join(root, INFRA), 'utf8')}${doc}`);
    const kubectl = await countingKubectl();
    const result = await runCli(['--infra-root', root, 'graph'], { env: kubectl.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr.split(url).length - 1).toBe(1);
    expect(result.stderr).toContain('not checked offline');
    expect((await kubectl.lines()).some((line) => line.includes('remote-app'))).toBe(false);
  });

  it('regen --check with .fluxgen a symlink outside the repo writes nothing there', async () => {
    const root = await copyRepo(EXAMPLE);
    const outside = await tempDir('fluxgen-outside-');
    await symlink(outside, path.join(root, '.fluxgen'));
    const result = await runCli(['--infra-root', root, 'regen', '--check']);
    expect(result.exitCode).toBe(0);
    expect(await readdir(outside)).toEqual([]);
  });
});
