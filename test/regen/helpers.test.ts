/** The small pieces of regen: Kustomization paths, the model with pending files, unified diffs. */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createBuilder } from '../../src/build/builder.ts';
import { loadRepoModel } from '../../src/discover/discover-repo.ts';
import { normalizeFluxPath } from '../../src/discover/flux-object.ts';
import { helmRepositoriesOf } from '../../src/discover/helm-repositories.ts';
import { formatUnifiedDiff } from '../../src/report/unified-diff.ts';
import { EXAMPLE } from '../helpers/repo.ts';

describe('spec.path as Flux reads it (one rule for every command)', () => {
  it.each([
    ['./namespaces/cilium', 'namespaces/cilium'],
    ['namespaces/cilium/', 'namespaces/cilium'],
    ['./apps/../namespaces/x', 'namespaces/x'],
    ['./', ''],
    // securejoin: a path cannot climb out of the source, `../x` is `x` (regen used to call it "outside the repo")
    ['../other-repo/apps', 'other-repo/apps'],
    ['/etc', 'etc'],
  ])('spec.path %j is the repo directory %j', (specPath, dir) => {
    expect(normalizeFluxPath(specPath)).toBe(dir);
  });
});

const kustomization = (name: string, dependsOn: string[] = []) =>
  `---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  path: ./namespaces/${name}\n` +
  (dependsOn.length ? `  dependsOn:\n${dependsOn.map((d) => `    - name: ${d}\n`).join('')}` : '');

describe('the repo model with pending files (an overlay)', () => {
  it('sees the Kustomizations and HelmRepositories of pending files instead of those on disk, and leaves the repo model alone', async () => {
    const infraFile = 'clusters/local-kube/infrastructure.yaml';
    const builder = createBuilder(EXAMPLE, { cache: false });
    const base = await loadRepoModel(EXAMPLE, { builder });
    const infra = (await readFile(path.join(EXAMPLE, infraFile), 'utf8')) + kustomization('redis', ['cilium']);
    const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: new\n  namespace: flux-system\nspec:\n  url: https://new.example\n';
    const pending = new Map([
      [infraFile, infra],
      ['namespaces/redis/kustomization.yaml', 'resources:\n  - helm-repository.yaml\n'],
      ['namespaces/redis/helm-repository.yaml', source],
    ]);
    const staged = await loadRepoModel(EXAMPLE, { builder, overlay: pending });
    const redis = staged.kustomizations.find((k) => k.name === 'redis')!;
    expect(redis).toMatchObject({ file: infraFile, path: 'namespaces/redis', dependsOn: [{ name: 'cilium' }] });
    expect(redis.line).toBe(infra.split('\n').indexOf('apiVersion: kustomize.toolkit.fluxcd.io/v1', infra.split('\n').length - 12) + 1);
    expect(helmRepositoriesOf(staged)).toContainEqual({ name: 'new', namespace: 'flux-system', url: 'https://new.example', file: 'namespaces/redis/helm-repository.yaml' });
    expect(base.kustomizations.some((k) => k.name === 'redis')).toBe(false);
    expect(helmRepositoriesOf(base).some((r) => r.name === 'new')).toBe(false);
  });
});

describe('formatUnifiedDiff', () => {
  it('names files a/ and b/ relative to the repo root, a created file /dev/null, and shows nothing for no change', () => {
    const diff = formatUnifiedDiff([
      { path: 'clusters/c1/infrastructure.yaml', before: 'a\nb\n', after: 'a\nc\n' },
      { path: 'namespaces/x/new.yaml', before: null, after: 'x: 1\n' },
    ]);
    expect(diff).toContain('--- a/clusters/c1/infrastructure.yaml\n+++ b/clusters/c1/infrastructure.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
    expect(diff).toContain('--- /dev/null\n+++ b/namespaces/x/new.yaml\n@@ -0,0 +1,1 @@\n+x: 1\n');
    expect(formatUnifiedDiff([])).toBe('');
  });
});
