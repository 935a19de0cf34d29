/** `component` follows the repo (SPEC §1): target file, components folder, Kustomization fields; per-app refused. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { inferComponentsDir, inferFields, inferTargetFile } from '../src/plan/follow-repo.ts';
import { fakeModel, writeRepo } from './check/fake-model.ts';
import { copyRepo, readTree, runCli } from './helpers/repo.ts';
import { SHARED, skipUnlessShared } from './helpers/shared.ts';

const ks = (name: string, spec: string[]) =>
  ['apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', `  name: ${name}`, '  namespace: flux-system', 'spec:', ...spec.map((l) => `  ${l}`), ''].join('\n');
const common = (p: string) => ['interval: 10m', `path: ./${p}`, 'prune: true', 'sourceRef:', '  kind: GitRepository', '  name: home', 'decryption:', '  provider: sops'];

describe('inference from the model', () => {
  it('target file: the cluster file with most Kustomizations when there is no infrastructure.yaml (ties by name)', async () => {
    const model = await fakeModel({
      'clusters/c1/apps.yaml': [ks('a', common('infra/controllers/a')), ks('b', common('infra/controllers/b'))].join('---\n'),
      'clusters/c1/zz.yaml': [ks('c', common('infra/configs/c')), ks('d', common('infra/configs/d'))].join('---\n'),
      'clusters/c1/extra.yaml': ks('e', common('other/e')),
    });
    const target = inferTargetFile(model, 'c1');
    expect(target.value).toBe('clusters/c1/apps.yaml');
    expect(target.review).toBe('target file clusters/c1/apps.yaml, as it holds 2 of 5 Kustomizations of cluster c1');
    expect(inferComponentsDir(model, 'c1', target.value)).toEqual({ value: 'infra/controllers', review: 'components folder infra/controllers/, as the paths of 2 of 2 Kustomizations in clusters/c1/apps.yaml' });
  });

  it('near miss: an existing infrastructure.yaml is the target even when another file holds more', async () => {
    const model = await fakeModel({
      'clusters/c1/infrastructure.yaml': ks('a', common('namespaces/a')),
      'clusters/c1/apps.yaml': [ks('b', common('apps/b')), ks('c', common('apps/c'))].join('---\n'),
    });
    expect(inferTargetFile(model, 'c1')).toEqual({ value: 'clusters/c1/infrastructure.yaml' });
    expect(inferComponentsDir(model, 'c1', 'clusters/c1/infrastructure.yaml')).toEqual({ value: 'namespaces' });
  });

  it('fields every Kustomization of the file agrees on are taken; absent everywhere stays out; disagreement keeps the default', async () => {
    const model = await fakeModel({
      'clusters/c1/apps.yaml': [ks('a', [...common('x/a'), 'wait: true']), ks('b', [...common('x/b'), 'wait: false'])].join('---\n'),
    });
    const fields = inferFields(model, 'c1', 'clusters/c1/apps.yaml');
    expect(fields.values.get('interval')).toBe('10m');
    expect(fields.values.get('prune')).toBe(true);
    expect(fields.values.get('sourceRef')).toEqual({ kind: 'GitRepository', name: 'home' });
    expect(fields.values.get('decryption')).toEqual({ provider: 'sops' });
    expect(fields.values.get('wait')).toBe(true); // SPEC §2 default: a and b disagree
    expect(fields.values.get('timeout')).toBeUndefined(); // absent in both: left out
    expect(fields.values.get('retryInterval')).toBeUndefined();
    expect(fields.reviews).toContain('interval 10m, as 2 of 2 Kustomizations in clusters/c1/apps.yaml');
    expect(fields.reviews).toContain('timeout left out, as 2 of 2 Kustomizations in clusters/c1/apps.yaml');
    expect(fields.reviews.some((r) => r.startsWith('wait'))).toBe(false);
  });
});

describe('.fluxgen.yaml still wins', () => {
  it('a configured infrastructureFile, componentsDir and kustomization.interval are kept, with no REVIEW line', async () => {
    const files = { 'clusters/c1/apps.yaml': [ks('a', common('infra/controllers/a')), ks('b', common('infra/controllers/b'))].join('---\n') };
    const root = await writeRepo(files);
    await writeFile(path.join(root, '.fluxgen.yaml'), 'infrastructureFile: infra.yaml\ncomponentsDir: parts\nkustomization:\n  interval: 3m\n');
    const model = { ...(await fakeModel(files)), root, config: await loadConfig(root) };
    expect(inferTargetFile(model, 'c1')).toEqual({ value: 'clusters/c1/infra.yaml' });
    expect(inferComponentsDir(model, 'c1', 'clusters/c1/apps.yaml')).toEqual({ value: 'parts' });
    const fields = inferFields(model, 'c1', 'clusters/c1/apps.yaml');
    expect(fields.values.get('interval')).toBe('3m');
    expect(fields.values.get('prune')).toBe(true); // not configured: the file's value
    expect(fields.reviews.some((r) => r.startsWith('interval'))).toBe(false);
  });
});

describe('component in a per-app layout', () => {
  it('exits 2, says the layout is not generated yet, and writes nothing', async () => {
    const root = await writeRepo({
      'kubernetes/flux/cluster/ks.yaml': ks('cluster-apps', ['interval: 1h', 'path: ./kubernetes/apps', 'sourceRef:', '  kind: GitRepository', '  name: flux-system']),
      'kubernetes/apps/db/redis/ks.yaml': ks('redis', ['interval: 1h', 'path: ./kubernetes/apps/db/redis/app', 'sourceRef:', '  kind: GitRepository', '  name: flux-system']),
      'kubernetes/apps/db/redis/app/kustomization.yaml': 'resources: []\n',
      'clusters/main/infrastructure.yaml': ks('apps', ['interval: 1h', 'path: ./kubernetes/apps/db/redis', 'prune: true', 'sourceRef:', '  kind: GitRepository', '  name: flux-system']),
    });
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, 'component', 'valkey', '--chart', 'valkey', '--repo-url', 'https://charts.bitnami.com/bitnami', '--no-validate']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/per-app layout/);
    expect(result.stderr).toMatch(/not generate into that layout yet/);
    expect(await readTree(root)).toEqual(before);
  });
});

const MMONTES = path.join(SHARED, 'realrepos/mmontes11__k8s-infrastructure');
const INFRA = 'clusters/homelab/infrastructure.yaml';

describe.skipIf(skipUnlessShared())('component on mmontes11/k8s-infrastructure', () => {
  it('redis (already a Kustomization in database.yaml) --dry-run --json: rendered under infrastructure/, nothing written', async () => {
    const root = await copyRepo(MMONTES);
    const before = await readTree(root);
    const result = await runCli(['--infra-root', root, 'component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--no-validate', '--dry-run', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.filesCreated).toContain('infrastructure/redis/helm-release.yaml');
    expect(report.filesCreated.filter((f: string) => !f.startsWith('.fluxgen/')).every((f: string) => f.startsWith('infrastructure/redis/'))).toBe(true);
    // the existing redis Kustomization (database.yaml) already depends on redis-operator: no cluster file changes
    expect(report.filesModified).toEqual([]);
    expect(report.kustomizations).toEqual([{ cluster: 'homelab', name: 'redis', dependsOn: ['redis-operator'], layer: 2 }]);
    expect(report.assumptions.map((a: { text: string }) => a.text)).toContain(`components folder infrastructure/, as the paths of 4 of 4 Kustomizations in ${INFRA}`);
    expect(await readTree(root)).toEqual(before);
  }, 120_000);

  it('a new component, validated: appended to infrastructure.yaml with its conventions, every byte before kept', async () => {
    const root = await copyRepo(MMONTES);
    const original = await readFile(path.join(root, INFRA), 'utf8');
    const result = await runCli(['--infra-root', root, 'component', 'valkey', '--chart', 'valkey', '--repo-url', 'https://charts.bitnami.com/bitnami', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.filesModified).toEqual([INFRA]);
    expect(report.validation.kustomize).toBe('pass');
    const after = await readFile(path.join(root, INFRA), 'utf8');
    expect(after.startsWith(original)).toBe(true);
    const added = after.slice(original.length);
    expect(added).toContain('  path: ./infrastructure/valkey\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  wait: true\n  timeout: 5m');
    const texts = report.assumptions.map((a: { text: string }) => a.text);
    expect(texts).toContain(`prune true, as 4 of 4 Kustomizations in ${INFRA}`);
    expect(texts).toContain(`timeout 5m, as 4 of 4 Kustomizations in ${INFRA}`);
    expect(await readFile(path.join(root, 'infrastructure/valkey/kustomization.yaml'), 'utf8')).toContain('helm-release.yaml');
  }, 180_000);
});
