/**
 * `fluxgen service` in a repo whose env applies one shared apps folder (flux2-kustomize-helm-example:
 * `apps/base/<svc>/`, `apps/<env>/kustomization.yaml` listing `../base/<svc>`, one `apps` Kustomization per
 * env): the files land in the repo's folders, the env's list gains one line, no Flux Kustomization is added.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { copyRepo, FIXTURES, readTree, runCli } from '../helpers/repo.ts';
import { SHARED, describeShared } from '../helpers/shared.ts';

type Obj = Record<string, any>;

const ORDERS = ['service', 'orders', '--image', 'ghcr.io/example/orders:1.0.0', '--port', '8080'];

async function copyOf(repo: string): Promise<string> {
  const root = await copyRepo(repo);
  await execa('chmod', ['-R', 'u+w', root]); // the shared snapshots are read-only
  return root;
}

async function built(root: string, dir: string): Promise<Obj[]> {
  const { stdout } = await execa('kubectl', ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', path.join(root, dir)]);
  return parseAllDocuments(stdout).map((d) => d.toJS() as Obj);
}

/** The lines `after` has that `before` lacks, when `after` is `before` with lines inserted (else undefined). */
function insertedLines(before: string, after: string): string[] | undefined {
  const [old, now] = [before.split('\n'), after.split('\n')];
  const added: string[] = [];
  let i = 0;
  for (const line of now) {
    if (i < old.length && line === old[i]) i++;
    else added.push(line);
  }
  return i === old.length ? added : undefined;
}

/** Every file of the tree outside the paths the run may create or change. */
function untouched(tree: Map<string, string>, changed: readonly string[]): Map<string, string> {
  return new Map([...tree].filter(([file]) => !changed.some((c) => file === c || file.startsWith(`${c}/`)) && !file.startsWith('.fluxgen/')));
}

interface SharedRepo {
  source: string;
  envs: { env: string; flux: string; replicas: number }[];
  args: string[];
}

function sharedAppsSuite({ source, envs, args }: SharedRepo): void {
  const lists = envs.map(({ env }) => `apps/${env}/kustomization.yaml`);

  it('writes apps/base/orders/ and apps/<env>/orders/, lists the overlay in apps/<env>/kustomization.yaml (one line, bytes kept), adds no Flux Kustomization', async () => {
    const root = await copyOf(source);
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, ...ORDERS, ...args, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    const overlays = envs.flatMap(({ env }) => [`apps/${env}/orders/kustomization.yaml`, `apps/${env}/orders/patch-deployment.yaml`]);
    const base = ['configmap', 'deployment', 'kustomization', 'service'].map((f) => `apps/base/orders/${f}.yaml`);
    expect(report.filesCreated).toEqual(['.fluxgen/components/orders.yaml', ...base, ...overlays].sort());
    expect(report.filesModified).toEqual([...lists].sort());
    expect(report.kustomizations.map((k: Obj) => `${k.cluster}/${k.name}`)).toEqual(envs.map(({ env }) => `${env}/apps`).sort());
    const after = await readTree(root);
    const changed = ['apps/base/orders', ...envs.map(({ env }) => `apps/${env}/orders`), ...lists];
    expect(untouched(after, changed)).toEqual(untouched(before, changed));
    for (const [i, { env, flux, replicas }] of envs.entries()) {
      expect(insertedLines(before.get(lists[i]!)!, after.get(lists[i]!)!)).toEqual(['  - orders']);
      const texts = report.assumptions.map((a: Obj) => a.text);
      expect(texts).toContain(`Overlay apps/${env}/orders/ listed in apps/${env}/kustomization.yaml: the env's Flux Kustomization apps (${flux}) applies it, so no new Flux Kustomization is written`);
      const deployment = (await built(root, `apps/${env}`)).find((o) => o.kind === 'Deployment' && o.metadata.name === 'orders');
      expect(deployment?.spec.replicas).toBe(replicas);
    }
    expect([...after.keys()].filter((f) => /^(base|overlays)\/|^clusters\/[^/]+\/apps\//.test(f))).toEqual([]);
    const check = await runCli(['--infra-root', root, 'check', '--format', 'json']);
    expect(check.exitCode, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).findings.filter((f: Obj) => f.severity === 'error')).toEqual([]);
  }, 120_000);

  it('--dry-run writes nothing; after a real run a second one changes nothing and regen --check is in sync', async () => {
    const root = await copyOf(source);
    const before = await readTree(root);
    const dry = await runCli(['--infra-root', root, ...ORDERS, ...args, '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`+++ b/${lists[0]}`);
    expect(await readTree(root)).toEqual(before);
    expect((await runCli(['--infra-root', root, ...ORDERS, ...args])).exitCode).toBe(0);
    const once = await readTree(root);
    const again = await runCli(['--infra-root', root, ...ORDERS, ...args]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(await readTree(root)).toEqual(once);
    const regen = await runCli(['--infra-root', root, 'regen', '--check']);
    expect(regen.exitCode, regen.stderr + regen.stdout).toBe(0);
    expect(await readFile(path.join(root, lists[0]!), 'utf8')).toBe(once.get(lists[0]!));
  }, 120_000);
}

describe.concurrent('fluxgen service in a repo with one shared apps Kustomization per env (test/fixtures/repos/apps-shared)', () => {
  sharedAppsSuite({
    source: path.join(FIXTURES, 'apps-shared'),
    envs: [
      { env: 'production', flux: 'clusters/production/apps.yaml', replicas: 2 },
      { env: 'staging', flux: 'clusters/staging/apps.yaml', replicas: 1 },
    ],
    args: [],
  });

  it('follows the namespace the env folder gives its other services', async () => {
    const root = await copyOf(path.join(FIXTURES, 'apps-shared'));
    expect((await runCli(['--infra-root', root, ...ORDERS, '--env', 'staging'])).exitCode).toBe(0);
    const objects = (await built(root, 'apps/staging')).filter((o) => o.metadata.name === 'orders');
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['apps']));
  }, 120_000);
});

describeShared('fluxgen service on fluxcd/flux2-kustomize-helm-example (ExternalArtifact apps, one apps Kustomization per env)', () => {
  sharedAppsSuite({
    source: path.join(SHARED, 'realrepos/fluxcd__flux2-kustomize-helm-example'),
    envs: [{ env: 'staging', flux: 'clusters/staging/apps.yaml', replicas: 1 }],
    args: ['--env', 'staging'],
  });
});
