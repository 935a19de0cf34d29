/**
 * Discovery's prefetch (a walk of the files as written, whose folders are built in one batched call before
 * the real walk) changes how many kustomize runs a load waits for, never the model: with it and without
 * it, every Kustomization and every build are the same, also where the guess is wrong (a kustomization
 * in the cluster folder that patches a Flux Kustomization's path).
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createBuilder, type Builder } from '../../src/build/builder.ts';
import { loadRepoModel } from '../../src/discover/discover-repo.ts';
import type { RepoModel } from '../../src/discover/model.ts';
import { countingKubectl } from '../helpers/counting-kubectl.ts';
import { copyRepo, EXAMPLE, runCli } from '../helpers/repo.ts';
import { describeShared, SHARED } from '../helpers/shared.ts';

/** What a model says, builder and paths of the root left out, in a stable order. */
function summary(model: RepoModel): unknown {
  return {
    clusters: model.clusters,
    kustomizations: model.kustomizations.map((k) => ({ ...k, object: k.object })),
    builds: [...model.builds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, outcome]) => [key, outcome.error ?? null, outcome.objects.map((o) => [o.file ?? null, JSON.stringify(o.object)]).sort()]),
    notices: model.notices,
  };
}

/** A builder that counts its calls that started kustomize: the rounds a load waits for, one after another. */
function countingRounds(inner: Builder): { builder: Builder; rounds: () => number } {
  let rounds = 0;
  const counted = async <T>(call: () => Promise<T>): Promise<T> => {
    const before = inner.stats.runs;
    const result = await call();
    if (inner.stats.runs > before) rounds += 1;
    return result;
  };
  const builder: Builder = {
    ...inner,
    stats: inner.stats,
    build: (dirs, options) => counted(() => inner.build(dirs, options)),
    buildApplied: (requests, options) => counted(() => inner.buildApplied(requests, options)),
  };
  return { builder, rounds: () => rounds };
}

/** The model with and without the prefetch, each from a builder of its own (no memo or disk cache shared). */
async function bothWays(root: string): Promise<{ withPrefetch: RepoModel; without: RepoModel }> {
  const withPrefetch = await loadRepoModel(root, { builder: createBuilder(root, { cache: false }) });
  const without = await loadRepoModel(root, { builder: createBuilder(root, { cache: false }), prefetch: false });
  return { withPrefetch, without };
}

it('gives the same model as the level-by-level walk, built in fewer runs (example repo)', async () => {
  const root = await copyRepo(EXAMPLE);
  const withPrefetch = countingRounds(createBuilder(root, { cache: false }));
  const model = await loadRepoModel(root, { builder: withPrefetch.builder });
  const without = countingRounds(createBuilder(root, { cache: false }));
  const walked = await loadRepoModel(root, { builder: without.builder, prefetch: false });
  expect(summary(model)).toEqual(summary(walked));
  expect(model.kustomizations.length).toBeGreaterThan(5);
  // the walk's second level found all its builds made: only the prefetch's batch ran
  expect(without.rounds()).toBe(2);
  expect(withPrefetch.rounds()).toBe(1);
});

it('gives the same model when a kustomization in the cluster folder patches a Flux Kustomization (the guess is wrong)', async () => {
  const root = await copyRepo(EXAMPLE);
  const cluster = path.join(root, 'clusters/local-kube');
  await cp(path.join(root, 'namespaces/kyverno'), path.join(root, 'namespaces/kyverno-patched'), { recursive: true });
  const release = path.join(root, 'namespaces/kyverno-patched/helm-release.yaml');
  await writeFile(release, (await readFile(release, 'utf8')).replace('interval:', '# the patched copy\n  interval:'));
  await writeFile(
    path.join(cluster, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      '  - infrastructure.yaml',
      '  - secrets',
      'patches:',
      '  - target: {kind: Kustomization, name: kyverno}',
      '    patch: |',
      '      - op: replace',
      '        path: /spec/path',
      '        value: ./namespaces/kyverno-patched',
      '',
    ].join('\n'),
  );
  const { withPrefetch, without } = await bothWays(root);
  expect(summary(withPrefetch)).toEqual(summary(without));
  const kyverno = withPrefetch.kustomizations.find((k) => k.name === 'kyverno')!;
  expect(kyverno.path).toBe('namespaces/kyverno-patched');
});

it('component on a cold cache waits for two kustomize rounds: the model, then the change with the cluster folder; none after writing', async () => {
  const root = await copyRepo(EXAMPLE);
  const kubectl = await countingKubectl();
  const result = await runCli(
    ['--infra-root', root, 'component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--monitoring', '--webhook'],
    { env: { ...kubectl.env, FLUXGEN_DEBUG: '1' } },
  );
  expect(result.exitCode).toBe(0);
  const rounds = result.stderr.match(/^fluxgen: debug: kustomize build of .*$/gm) ?? [];
  expect(rounds).toHaveLength(2);
  expect(rounds[1]).toBe('fluxgen: debug: kustomize build of 3 folder(s): clusters/local-kube, namespaces/redis, namespaces/redis-monitoring');
  // the verification after writing: every folder from the cache, keyed by the bytes written
  expect(result.stderr.match(/^fluxgen: debug: build cache hit .*$/gm)).toEqual([
    'fluxgen: debug: build cache hit clusters/local-kube',
    'fluxgen: debug: build cache hit namespaces/redis',
    'fluxgen: debug: build cache hit namespaces/redis-monitoring',
  ]);
  // the model's round is two processes (clusters/local-kube/secrets lies inside clusters/local-kube), the change's one
  expect(await kubectl.runs()).toBe(3);
});

describeShared('prefetch on real repositories', () => {
  for (const name of ['onedr0p__home-ops', 'mmontes11__k8s-infrastructure', 'fluxcd__flux2-kustomize-helm-example']) {
    it(`gives the same model as the level-by-level walk: ${name}`, async () => {
      const root = await copyRepo(path.join(SHARED, 'realrepos', name));
      const { withPrefetch, without } = await bothWays(root);
      expect(summary(withPrefetch)).toEqual(summary(without));
      expect(withPrefetch.kustomizations.length).toBeGreaterThan(0);
    }, 120_000);
  }
});
