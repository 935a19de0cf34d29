/** The one builder: memo and disk cache, batched kustomize runs, overlays, remote bases, the no-kustomize engine (real kustomize). */
import { execFileSync } from 'node:child_process';
import { chmod, cp, lstat, mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createBuilder, pruneBuildCache, type BuildOutcome, type BuildProgress } from '../../src/build/builder.ts';
import { countingKubectl } from '../helpers/counting-kubectl.ts';
import { copyRepo, EXAMPLE, PROJECT, readTree, tempDir } from '../helpers/repo.ts';

const NAMESPACES = [
  'cert-manager', 'cert-manager-monitoring', 'cilium', 'cluster-issuers', 'gatekeeper-system', 'kyverno', 'longhorn-system',
  'longhorn-system-monitoring', 'monitoring',
].map((name) => `namespaces/${name}`);
const EXAMPLE_DIRS = ['clusters/local-kube', 'clusters/local-kube/secrets', ...NAMESPACES];

const configMap = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n  a: "1"\n`;
const listing = (...resources: string[]) => `resources:\n${resources.map((r) => `  - ${r}`).join('\n')}\n`;

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
}

/** kind/name/namespace and file of each object, sorted: what the engines must agree on. */
const identities = (outcome: BuildOutcome) =>
  outcome.objects.map((o) => [o.object.kind, o.object.metadata?.name, o.object.metadata?.namespace ?? '', o.file ?? ''].join(' ')).sort();

const exists = (file: string) => lstat(file).then(() => true, () => false);

interface ChildResult {
  stats: { runs: number; hits: number; misses: number };
  outcomes: Record<string, { objects: number; error?: string }>;
}

/** A new builder in a new process (its own kustomize lookup, no memo). */
async function buildInChild(root: string, dirs: string[], env: Record<string, string>): Promise<ChildResult> {
  const { stdout } = await execa('node', ['bin/run-ts.js', 'test/build/build-in-child.ts', root, ...dirs.map((dir) => dir || '.')], { cwd: PROJECT, env });
  return JSON.parse(stdout) as ChildResult;
}

describe('the builder and its caches', () => {
  it('runs kustomize on a cold repo, not at all on a warm one, and again only for the folders that read a changed file', async () => {
    const root = await copyRepo(EXAMPLE);
    const kubectl = await countingKubectl();
    const cold = await buildInChild(root, EXAMPLE_DIRS, kubectl.env);
    expect(cold.stats.runs).toBeGreaterThanOrEqual(1);
    expect(cold.stats).toMatchObject({ hits: 0, misses: EXAMPLE_DIRS.length });
    expect(await kubectl.runs()).toBe(cold.stats.runs);
    for (const dir of EXAMPLE_DIRS) expect(cold.outcomes[dir]!.error, dir).toBeUndefined();
    expect(cold.outcomes['namespaces/kyverno']!.objects).toBe(4);

    const warm = await buildInChild(root, EXAMPLE_DIRS, kubectl.env);
    expect(warm.stats).toEqual({ runs: 0, hits: EXAMPLE_DIRS.length, misses: 0 });
    expect(warm.outcomes).toEqual(cold.outcomes);
    expect(await kubectl.runs()).toBe(cold.stats.runs);

    const release = path.join(root, 'namespaces/cilium/helm-release.yaml');
    await writeFile(release, (await readFile(release, 'utf8')).replace('interval:', 'timeout: 10m\n  interval:'));
    const oneChanged = await buildInChild(root, EXAMPLE_DIRS, kubectl.env);
    expect(oneChanged.stats).toEqual({ runs: 1, hits: EXAMPLE_DIRS.length - 1, misses: 1 });
    expect(await kubectl.runs()).toBe(cold.stats.runs + 1);

    // clusters/local-kube builds its secrets/ sub-folder too: both read the secret, each in its own run (they nest).
    await writeFile(path.join(root, 'clusters/local-kube/secrets/cluster-secrets.sops.yaml'), configMap('cluster-secrets'));
    const shared = await buildInChild(root, EXAMPLE_DIRS, kubectl.env);
    expect(shared.stats).toEqual({ runs: 2, hits: EXAMPLE_DIRS.length - 2, misses: 2 });
    expect(await kubectl.runs()).toBe(cold.stats.runs + 3);
  });

  it('builds a folder once per builder, however often it is asked for, and returns the same outcome', async () => {
    const builder = createBuilder(EXAMPLE, { cache: false });
    const [first, concurrent] = await Promise.all([
      builder.build(['namespaces/cilium', './namespaces/cilium/', 'namespaces/monitoring']),
      builder.build(['namespaces/cilium']),
    ]);
    expect(concurrent.get('namespaces/cilium')).toBe(first.get('namespaces/cilium'));
    expect(first.get('./namespaces/cilium/')).toBe(first.get('namespaces/cilium'));
    const runs = builder.stats.runs;
    const again = await builder.build(['namespaces/monitoring']);
    expect(again.get('namespaces/monitoring')).toBe(first.get('namespaces/monitoring'));
    expect(builder.stats).toEqual({ runs, hits: 2, misses: 2 }); // cilium built once, for both calls
  });

  it('reuses an outcome when the overlay does not touch what the folder reads', async () => {
    const builder = createBuilder(EXAMPLE, { cache: false });
    const before = (await builder.build(['namespaces/cilium'])).get('namespaces/cilium');
    const overlay = new Map([['namespaces/kyverno/extra.yaml', configMap('extra')]]);
    const outcomes = await builder.build(['namespaces/cilium', 'namespaces/kyverno'], { overlay });
    expect(outcomes.get('namespaces/cilium')).toBe(before);
    expect(builder.stats).toMatchObject({ runs: 2, hits: 1, misses: 2 });
  });

  it('re-reads the disk with fresh (after writing), while a plain call answers from memory', async () => {
    const root = await copyRepo(EXAMPLE);
    const builder = createBuilder(root);
    await builder.build(['namespaces/cilium']);
    await write(root, { 'namespaces/cilium/kustomization.yaml': listing('helm-release.yaml') });
    expect((await builder.build(['namespaces/cilium'])).get('namespaces/cilium')!.objects).toHaveLength(2);
    expect((await builder.build(['namespaces/cilium'], { fresh: true })).get('namespaces/cilium')!.objects).toHaveLength(1);
  });

  it('keeps its entries under .fluxgen/cache/, which ignores itself in git, and prunes those unused for a week', async () => {
    const root = await copyRepo(EXAMPLE);
    await createBuilder(root).build(['namespaces/cilium', 'namespaces/monitoring']);
    expect(await readFile(path.join(root, '.fluxgen/cache/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const entries = path.join(root, '.fluxgen/cache/builds');
    const [old, kept] = await readdir(entries);
    expect(JSON.parse(await readFile(path.join(entries, kept!), 'utf8')).objects[0]).toHaveProperty('file');
    const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    await utimes(path.join(entries, old!), longAgo, longAgo);
    expect(await pruneBuildCache(root)).toBe(1);
    expect(await readdir(entries)).toEqual([kept]);
  });

  it('writes nothing with cache: false', async () => {
    const root = await copyRepo(EXAMPLE);
    const outcomes = await createBuilder(root, { cache: false }).build(EXAMPLE_DIRS);
    expect([...outcomes.values()].filter((o) => o.error)).toEqual([]);
    expect(await exists(path.join(root, '.fluxgen/cache'))).toBe(false);
  });

  it.each(['.fluxgen', '.fluxgen/cache'])('never writes or reads the cache through a symlinked %s: builds work, the folder outside stays empty', async (link) => {
    const root = await copyRepo(EXAMPLE);
    const outside = await tempDir('fluxgen-outside-');
    await mkdir(path.dirname(path.join(root, link)), { recursive: true });
    await symlink(outside, path.join(root, link));
    const outcomes = await createBuilder(root).build(NAMESPACES);
    expect([...outcomes.values()].filter((o) => o.error || o.objects.length === 0)).toEqual([]);
    expect(await readdir(outside)).toEqual([]);

    // Real entries of these very builds (keys do not depend on where the repo lives), planted behind the link,
    // aged: neither read nor pruned.
    const elsewhere = await copyRepo(EXAMPLE);
    await createBuilder(elsewhere).build(NAMESPACES);
    const planted = link === '.fluxgen' ? path.join(outside, 'cache') : outside;
    await cp(path.join(elsewhere, '.fluxgen/cache'), planted, { recursive: true });
    const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    for (const name of await readdir(path.join(planted, 'builds'))) await utimes(path.join(planted, 'builds', name), longAgo, longAgo);
    const second = createBuilder(root);
    await second.build(NAMESPACES);
    expect(second.stats).toMatchObject({ hits: 0, misses: NAMESPACES.length });
    expect(await pruneBuildCache(root)).toBe(0);
    expect(await readdir(path.join(planted, 'builds'))).toHaveLength(NAMESPACES.length);
  });
});

describe('overlay builds', () => {
  it('build a folder that exists only in the overlay, with a base on disk, objects attributed to repo files', async () => {
    const root = await copyRepo(EXAMPLE);
    const overlay = new Map([
      ['namespaces/new-app/kustomization.yaml', listing('../cilium', 'config.yaml')],
      ['namespaces/new-app/config.yaml', configMap('new-app')],
    ]);
    const builder = createBuilder(root);
    const outcome = (await builder.build(['namespaces/new-app'], { overlay })).get('namespaces/new-app')!;
    expect(identities(outcome)).toEqual([
      'ConfigMap new-app  namespaces/new-app/config.yaml',
      'HelmRelease cilium kube-system namespaces/cilium/helm-release.yaml',
      'HelmRepository cilium flux-system namespaces/cilium/helm-repository.yaml',
    ]);
    expect(await exists(path.join(root, 'namespaces/new-app'))).toBe(false);
    expect((await builder.build(['namespaces/new-app'])).get('namespaces/new-app')).toEqual({ objects: [], error: 'namespaces/new-app is not a directory' });
  });

  it('see an overlaid file instead of the one on disk, and leave the disk as it was', async () => {
    const root = await copyRepo(EXAMPLE);
    const before = await readTree(root);
    const overlay = new Map([['namespaces/cilium/helm-repository.yaml', (before.get('namespaces/cilium/helm-repository.yaml')!).replace('name: cilium', 'name: cilium-mirror')]]);
    const builder = createBuilder(root);
    const [plain, staged] = [await builder.build(['namespaces/cilium']), await builder.build(['namespaces/cilium'], { overlay })];
    expect(identities(plain.get('namespaces/cilium')!)).toContain('HelmRepository cilium flux-system namespaces/cilium/helm-repository.yaml');
    expect(identities(staged.get('namespaces/cilium')!)).toContain('HelmRepository cilium-mirror flux-system namespaces/cilium/helm-repository.yaml');
    expect([...(await readTree(root))].filter(([file]) => !file.startsWith('.fluxgen/'))).toEqual([...before]);
  });

  it('treat a null file as deleted: gone from a folder built as Flux builds it, and an error where a kustomization lists it', async () => {
    const root = await copyRepo(EXAMPLE);
    const overlay = new Map<string, string | null>([
      ['clusters/local-kube/infrastructure.yaml', null],
      ['namespaces/kyverno/namespace.yaml', null],
    ]);
    const outcomes = await createBuilder(root).build(['clusters/local-kube', 'namespaces/kyverno', 'namespaces/cilium'], { overlay });
    expect(identities(outcomes.get('clusters/local-kube')!)).toEqual(['Secret cluster-secrets flux-system clusters/local-kube/secrets/cluster-secrets.sops.yaml']);
    const kyverno = outcomes.get('namespaces/kyverno')!;
    expect(kyverno.objects).toEqual([]);
    expect(kyverno.error).toContain('namespaces/kyverno/namespace.yaml');
    expect(kyverno.error).not.toMatch(/fluxgen-stage-|\/tmp\//);
    expect(outcomes.get('namespaces/cilium')!.objects).toHaveLength(2);
  });
});

describe('remote bases and failures', () => {
  it('never fetch a remote base: the folder is not built, its outcome names the URL, listed once', async () => {
    const root = await tempDir();
    const url = 'https://github.com/example/deploy//base?ref=v1.0.0';
    await write(root, {
      'apps/a/kustomization.yaml': listing(url, 'cm.yaml'),
      'apps/a/cm.yaml': configMap('a'),
      'apps/b/kustomization.yaml': listing('../../bases/remote'),
      'bases/remote/kustomization.yaml': listing(url),
    });
    const builder = createBuilder(root);
    const outcomes = await builder.build(['apps/a', 'apps/b']);
    expect(outcomes.get('apps/a')).toEqual({ objects: [], remote: [url] });
    expect(outcomes.get('apps/b')).toEqual({ objects: [], remote: [url] });
    expect(builder.stats.runs).toBe(0);
    expect(builder.remoteReferences()).toEqual([url]);
    expect(await exists(path.join(root, '.fluxgen'))).toBe(false);
  });

  it('pinpoint a broken folder among several: its own error, every other folder built, and the failure not cached', async () => {
    const root = await copyRepo(EXAMPLE);
    await write(root, { 'namespaces/kyverno/kustomization.yaml': listing('helm-release.yaml', 'missing.yaml') });
    const outcomes = await createBuilder(root).build(NAMESPACES);
    const failed = [...outcomes].filter(([, outcome]) => outcome.error !== undefined);
    expect(failed.map(([dir]) => dir)).toEqual(['namespaces/kyverno']);
    expect(failed[0]![1].error).toContain('namespaces/kyverno/missing.yaml');
    expect(failed[0]![1].error).not.toContain(root);
    expect(outcomes.get('namespaces/cilium')!.objects).toHaveLength(2);

    const again = createBuilder(root);
    await again.build(NAMESPACES);
    expect(again.stats).toEqual({ runs: 1, hits: NAMESPACES.length - 1, misses: 1 });
  });

  it('say a missing folder or a file is not a directory', async () => {
    const outcomes = await createBuilder(EXAMPLE, { cache: false }).build(['namespaces/ghost', 'clusters/local-kube/infrastructure.yaml']);
    expect(outcomes.get('namespaces/ghost')).toEqual({ objects: [], error: 'namespaces/ghost is not a directory' });
    expect(outcomes.get('clusters/local-kube/infrastructure.yaml')).toEqual({ objects: [], error: 'clusters/local-kube/infrastructure.yaml is not a directory' });
  });
});

describe('progress', () => {
  it('counts every folder queued, then each as it settles: batch by batch while a broken one is pinpointed, cache hits at once, memo hits not at all', async () => {
    const root = await copyRepo(EXAMPLE);
    await write(root, { 'namespaces/kyverno/kustomization.yaml': listing('helm-release.yaml', 'missing.yaml') });
    const events: BuildProgress[] = [];
    const builder = createBuilder(root, { onProgress: (progress) => events.push(progress) });
    await builder.build(NAMESPACES);
    expect(events[0]).toEqual({ done: 0, total: NAMESPACES.length });
    expect(events.at(-1)).toEqual({ done: NAMESPACES.length, total: NAMESPACES.length });
    expect(events.length).toBeGreaterThan(2);
    for (const [i, event] of events.entries()) {
      expect(event.total).toBe(NAMESPACES.length);
      if (i > 0) expect(event.done).toBeGreaterThan(events[i - 1]!.done);
    }

    const told = events.length;
    await builder.build(NAMESPACES);
    expect(events).toHaveLength(told);

    const fromCache: BuildProgress[] = [];
    await createBuilder(root, { onProgress: (progress) => fromCache.push(progress) }).build(NAMESPACES);
    expect(fromCache).toEqual([
      { done: 0, total: NAMESPACES.length },
      { done: NAMESPACES.length - 1, total: NAMESPACES.length },
      { done: NAMESPACES.length, total: NAMESPACES.length },
    ]);
  });
});

describe('the no-kustomize engine', () => {
  it('gives the same objects, with the same files, as kustomize on the example repo, with no process', async () => {
    const dirs = [...EXAMPLE_DIRS, ''];
    const built = await createBuilder(EXAMPLE, { cache: false }).build(dirs);
    const plain = createBuilder(EXAMPLE, { kustomize: false });
    const read = await plain.build(dirs);
    for (const dir of dirs) expect(identities(read.get(dir)!), dir || '.').toEqual(identities(built.get(dir)!));
    expect(plain.stats.runs).toBe(0);
  });

  it('applies a kustomization\'s namespace as kustomize does, overlaid files included', async () => {
    const root = await tempDir();
    await write(root, {
      'app/kustomization.yaml': `namespace: team\n${listing('objects.yaml', 'sub')}`,
      'app/objects.yaml': [
        configMap('own-namespace', '  namespace: other\n'),
        configMap('no-namespace'),
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n',
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: placeholder\n',
        'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: issuer\n',
      ].join('---\n'),
      'app/sub/kustomization.yaml': `namespace: inner\n${listing('cm.yaml')}`,
      'app/sub/cm.yaml': configMap('nested'),
    });
    const overlay = new Map([['app/sub/cm.yaml', configMap('nested-overlaid')]]);
    const built = (await createBuilder(root, { cache: false }).build(['app'], { overlay })).get('app')!;
    const read = (await createBuilder(root, { kustomize: false }).build(['app'], { overlay })).get('app')!;
    expect(identities(read)).toEqual(identities(built));
    expect(identities(read)).toContain('ConfigMap nested-overlaid team app/sub/cm.yaml');
  });

  it('reports a listed file that does not exist as the folder\'s error', async () => {
    const root = await tempDir();
    await write(root, { 'app/kustomization.yaml': listing('cm.yaml', 'missing.yaml'), 'app/cm.yaml': configMap('a') });
    const outcome = (await createBuilder(root, { kustomize: false }).build(['app'])).get('app')!;
    expect(outcome.objects).toEqual([]);
    expect(outcome.error).toBe('app/kustomization.yaml lists "missing.yaml", which does not exist (app/missing.yaml)');
  });
});
