/** `npx plop component` in a real pseudo-terminal: same questions, same code path, same bytes as the CLI. */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ENTER, spawnPty, SPACE, DOWN } from './helpers/pty.ts';
import path from 'node:path';
import { copyRepo, EXAMPLE, FIXTURES, PROJECT, readTree, runCli } from './helpers/repo.ts';
import { repoWithHandWrittenRedis } from './helpers/hand-written.ts';

const NPX = 'npx';

/** Answers the prompts as a person would, waiting for each question on screen. */
async function answer(root: string, steps: [string | RegExp, string][], generator = 'component'): Promise<{ exitCode: number; screen: string }> {
  const session = spawnPty(NPX, ['plop', generator], { cwd: PROJECT, env: { ...process.env, INFRA_ROOT: root, NO_COLOR: '1' } });
  for (const [question, keys] of steps) {
    await session.expect(question);
    await new Promise((r) => setTimeout(r, 60));
    session.type(keys);
  }
  return { exitCode: await session.exit(), screen: session.screen() };
}

describe('npx plop component', () => {
  it('asks every question, shows the plan, and writes the same bytes as the CLI with the same answers', async () => {
    const viaPlop = await copyRepo(EXAMPLE);
    const { exitCode, screen } = await answer(viaPlop, [
      ['Component name', `redis${ENTER}`],
      ['Namespace', `cache${ENTER}`],
      ['Helm chart', ENTER],
      ['Helm repository URL', `https://charts.bitnami.com/bitnami${ENTER}`],
      ['Chart version', `20.x${ENTER}`],
      ['HelmRepository name', ENTER],
      ['-monitoring', `y${ENTER}`],
      ['CiliumNetworkPolicy', `y${ENTER}`],
      ['Pod Security level', `${DOWN}${ENTER}`],
      ['Extra dependsOn', `${DOWN}${DOWN}${DOWN}${SPACE}${ENTER}`],
      ['Write these files?', ENTER],
    ]);
    expect(screen).toContain('Infrastructure Plan (dry run: nothing written)');
    expect(screen).toContain('Infrastructure Implementation Complete');
    expect(exitCode).toBe(0);

    const viaCli = await copyRepo(EXAMPLE);
    const cli = await runCli([
      '--infra-root', viaCli, 'component', 'redis', '--namespace', 'cache', '--chart', 'redis',
      '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x', '--monitoring', '--webhook',
      '--pss', 'baseline', '--depends-on', 'cluster-issuers',
    ]);
    expect(cli.exitCode).toBe(0);
    const plopTree = await readTree(viaPlop);
    expect(plopTree.get('namespaces/cache/namespace.yaml') ?? plopTree.get('namespaces/redis/namespace.yaml')).toContain('enforce: baseline');
    expect(plopTree.get('clusters/local-kube/infrastructure.yaml')).toContain('- name: cluster-issuers');
    expect(plopTree).toEqual(await readTree(viaCli));
  });

  it('pressing Enter at every default gives what the CLI gives without those flags', async () => {
    const viaPlop = await copyRepo(EXAMPLE);
    const { exitCode } = await answer(viaPlop, [
      ['Component name', `kyverno-policies${ENTER}`],
      ['Namespace', ENTER],
      ['Helm chart', ENTER],
      ['Helm repository URL', `https://kyverno.github.io/kyverno/${ENTER}`],
      ['Chart version', ENTER],
      ['HelmRepository name', ENTER],
      ['-monitoring', ENTER],
      ['CiliumNetworkPolicy', ENTER],
      ['Pod Security level', ENTER],
      ['Extra dependsOn', ENTER],
      ['Write these files?', ENTER],
    ]);
    expect(exitCode).toBe(0);
    const viaCli = await copyRepo(EXAMPLE);
    const cli = await runCli(['--infra-root', viaCli, 'component', 'kyverno-policies', '--chart', 'kyverno-policies', '--repo-url', 'https://kyverno.github.io/kyverno/']);
    expect(cli.exitCode).toBe(0);
    const tree = await readTree(viaPlop);
    // the chart kyverno-policies registers no webhook (only kyverno does): the default is no, as in the CLI.
    expect(tree.has('namespaces/kyverno-policies/cilium-network-policies/allow-k8s-api.yaml')).toBe(false);
    expect(tree).toEqual(await readTree(viaCli));
  });

  it('in a repo with two clusters, asks which with a multi-select and writes each picked cluster as --cluster does', async () => {
    const repo = path.join(FIXTURES, 'two-clusters');
    const viaPlop = await copyRepo(repo);
    const { exitCode, screen } = await answer(viaPlop, [
      ['Component name', `podinfo${ENTER}`],
      ['Namespace', ENTER],
      ['Helm chart', ENTER],
      ['Helm repository URL', `oci://ghcr.io/stefanprodan/charts${ENTER}`],
      ['Chart version', `6.7.1${ENTER}`],
      ['HelmRepository name', ENTER],
      ['-monitoring', ENTER],
      ['CiliumNetworkPolicy', ENTER],
      ['Pod Security level', ENTER],
      // nothing picked: refused, asked again; then both
      ['Clusters', ENTER],
      ['pick at least one of production, staging', `${SPACE}${DOWN}${SPACE}${ENTER}`],
      ['Extra dependsOn', ENTER],
      ['Write these files?', ENTER],
    ]);
    expect(screen).toContain('[cluster staging]');
    expect(exitCode).toBe(0);
    const viaCli = await copyRepo(repo);
    const cli = await runCli(['--infra-root', viaCli, 'component', 'podinfo', '--chart', 'podinfo', '--repo-url', 'oci://ghcr.io/stefanprodan/charts', '--chart-version', '6.7.1', '--cluster', 'production', '--cluster', 'staging']);
    expect(cli.exitCode).toBe(0);
    expect(await readTree(viaPlop)).toEqual(await readTree(viaCli));
  });

  it('rejects a bad answer with the core rule and asks again', async () => {
    const root = await copyRepo(EXAMPLE);
    const before = await readTree(root);
    const session = spawnPty(NPX, ['plop', 'component'], { cwd: PROJECT, env: { ...process.env, INFRA_ROOT: root, NO_COLOR: '1' } });
    await session.expect('Component name');
    session.type(`Bad_Name${ENTER}`);
    await session.expect('must be a DNS-1123 label');
    session.type('\u0003');
    await session.exit();
    expect(await readTree(root)).toEqual(before);
  });

  it('declining the plan writes nothing', async () => {
    const root = await copyRepo(EXAMPLE);
    const before = await readTree(root);
    const { exitCode, screen } = await answer(root, [
      ['Component name', `redis${ENTER}`],
      ['Namespace', ENTER],
      ['Helm chart', ENTER],
      ['Helm repository URL', `https://charts.bitnami.com/bitnami${ENTER}`],
      ['Chart version', ENTER],
      ['HelmRepository name', ENTER],
      ['-monitoring', ENTER],
      ['CiliumNetworkPolicy', ENTER],
      ['Pod Security level', ENTER],
      ['Extra dependsOn', ENTER],
      ['Write these files?', `n${ENTER}`],
    ]);
    expect(screen).toContain('Nothing written.');
    expect(exitCode).toBe(0);
    expect(await readTree(root)).toEqual(before);
  });

  it('without a terminal it fails fast with a clear message instead of hanging', async () => {
    const root = await copyRepo(EXAMPLE);
    const result = await execa(NPX, ['plop', 'component'], { cwd: PROJECT, env: { INFRA_ROOT: root }, stdin: 'ignore', reject: false, timeout: 30_000 });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('[NO_TTY]');
    expect(result.stderr).toContain('fluxgen component <name>');
  });
});


describe('npx plop monitoring and npx plop netpol', () => {
  // the components of the hand-written homelab, in the order the list offers them: redis is the 9th
  const REDIS = `${DOWN.repeat(8)}${ENTER}`;

  for (const generator of ['netpol', 'monitoring']) {
    it(`${generator}: offers the existing components as a list, shows the plan, and writes what \`fluxgen ${generator}\` writes`, async () => {
      const viaPlop = await repoWithHandWrittenRedis();
      const { exitCode, screen } = await answer(viaPlop, [
        [/Component[\s\S]*shared-sources/, REDIS],
        ['Write these files?', ENTER],
      ], generator);
      expect(screen).toMatch(/cert-manager[\s\S]*kyverno[\s\S]*redis/);
      expect(screen).toContain('Infrastructure Plan (dry run: nothing written)');
      expect(exitCode).toBe(0);
      const viaCli = await repoWithHandWrittenRedis();
      expect((await runCli(['--infra-root', viaCli, generator, 'redis'])).exitCode).toBe(0);
      expect(await readTree(viaPlop)).toEqual(await readTree(viaCli));
    });
  }
});
