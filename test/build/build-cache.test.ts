/** The kustomize build cache: what a build can read, keys, hits and misses (real kustomize). */
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectBuildInputs } from '../../src/build/build-inputs.ts';
import { buildKey, cachedBuild, pruneBuildCache, type BuildFunction } from '../../src/build/build-cache.ts';
import { buildKustomization } from '../../src/build/kustomize.ts';
import { isFluxgenError } from '../../src/errors.ts';
import { tempDir } from '../helpers/repo.ts';

const CONFIG_MAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;

/** A throwaway tree from an object of path → content. */
async function testdir(files: Record<string, string>): Promise<string> {
  const root = await tempDir('fluxgen-cache-');
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

const overlayRepo = (extra: Record<string, string> = {}) =>
  testdir({
    ...extra,
    'base/kustomization.yaml': 'resources:\n  - config.yaml\n',
    'base/config.yaml': CONFIG_MAP('base'),
    'overlays/prod/kustomization.yaml': [
      'resources:', '  - ../../base', '  - ../../shared/extra.yaml', '  - ../../missing.yaml',
      'patches:', '  - path: ../../patches/label.yaml', '    target: {kind: ConfigMap}',
      'configMapGenerator:', '  - name: app', '    files:', '      - app.conf=../../config/app.conf', '',
    ].join('\n'),
    'shared/extra.yaml': CONFIG_MAP('extra'),
    'shared/unrelated.yaml': CONFIG_MAP('unrelated'),
    'patches/label.yaml': '- op: add\n  path: /metadata/labels\n  value: {tier: prod}\n',
    'config/app.conf': 'x=1\n',
    'apps/one/config.yaml': CONFIG_MAP('one'),
    'apps/two/config.yaml': CONFIG_MAP('two'),
  });

/** A build function that counts the kustomize runs. */
function counting(): { build: BuildFunction; runs: string[] } {
  const runs: string[] = [];
  return { runs, build: async (root, dir) => (runs.push(dir), buildKustomization(root, dir)) };
}

describe('collectBuildInputs', () => {
  it('lists the directory tree plus every file and folder its kustomization references outside it, and marks missing references', async () => {
    const root = await overlayRepo();
    const inputs = await collectBuildInputs(root, 'overlays/prod');
    expect(inputs?.map((i) => [i.path, i.content === null])).toEqual([
      ['base/config.yaml', false],
      ['base/kustomization.yaml', false],
      ['config/app.conf', false],
      ['missing.yaml', true],
      ['overlays/prod/kustomization.yaml', false],
      ['patches/label.yaml', false],
      ['shared/extra.yaml', false],
    ]);
  });

  it('refuses to cache a build that reads a remote resource', async () => {
    const root = await testdir({ 'app/kustomization.yaml': 'resources:\n  - https://github.com/org/repo//deploy?ref=v1\n' });
    expect(await collectBuildInputs(root, 'app')).toBeUndefined();
    expect(await buildKey(root, 'app')).toBeUndefined();
  });
});

describe('buildKey', () => {
  it('changes with a referenced file outside the directory, not with an unrelated file, and not with where the tree lives', async () => {
    const root = await overlayRepo();
    const key = await buildKey(root, 'overlays/prod');
    await writeFile(path.join(root, 'shared/unrelated.yaml'), CONFIG_MAP('changed'));
    expect(await buildKey(root, './overlays/prod/')).toBe(key);
    const copy = await overlayRepo();
    expect(await buildKey(copy, 'overlays/prod')).toBe(key);
    await writeFile(path.join(root, 'config/app.conf'), 'x=2\n');
    expect(await buildKey(root, 'overlays/prod')).not.toBe(key);
    await writeFile(path.join(copy, 'missing.yaml'), CONFIG_MAP('now-here'));
    expect(await buildKey(copy, 'overlays/prod')).not.toBe(key);
  });
});

describe('cachedBuild', () => {
  it('runs kustomize once for an unchanged directory and again only for the directory whose file changed', async () => {
    const root = await overlayRepo({ 'missing.yaml': CONFIG_MAP('present') });
    const { build, runs } = counting();
    const first = await cachedBuild(root, 'overlays/prod', build);
    expect(first).toContain('tier: prod');
    await cachedBuild(root, 'apps/one', build);
    await cachedBuild(root, 'apps/two', build);
    expect(await cachedBuild(root, 'overlays/prod', build)).toBe(first);
    await cachedBuild(root, 'apps/one', build);
    await cachedBuild(root, 'apps/two', build);
    expect(runs).toEqual(['overlays/prod', 'apps/one', 'apps/two']);

    await writeFile(path.join(root, 'apps/two/config.yaml'), CONFIG_MAP('two-changed'));
    for (const dir of ['overlays/prod', 'apps/one', 'apps/two']) await cachedBuild(root, dir, build);
    expect(runs).toEqual(['overlays/prod', 'apps/one', 'apps/two', 'apps/two']);
  });

  it('keeps its entries under .fluxgen/cache/, which ignores itself in git', async () => {
    const root = await overlayRepo();
    await cachedBuild(root, 'apps/one', buildKustomization);
    expect(await readFile(path.join(root, '.fluxgen/cache/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(await readdir(path.join(root, '.fluxgen/cache/kustomize'))).toHaveLength(1);
  });

  it('never stores a failed build', async () => {
    const root = await testdir({ 'bad/kustomization.yaml': 'resources:\n  - nowhere.yaml\n' });
    const { build, runs } = counting();
    for (let i = 0; i < 2; i++) {
      const error = await cachedBuild(root, 'bad', build).catch((e: unknown) => e);
      expect(isFluxgenError(error) && error.code).toBe('KUSTOMIZE_FAILED');
    }
    expect(runs).toEqual(['bad', 'bad']);
  });

  it('prunes entries unused for longer than the given age', async () => {
    const root = await overlayRepo();
    await cachedBuild(root, 'apps/one', buildKustomization);
    await cachedBuild(root, 'apps/two', buildKustomization);
    const dir = path.join(root, '.fluxgen/cache/kustomize');
    const [old] = await readdir(dir);
    const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    await utimes(path.join(dir, old!), longAgo, longAgo);
    expect(await pruneBuildCache(root)).toBe(1);
    expect(await readdir(dir)).toHaveLength(1);
  });
});
