/** The small pure pieces of regen: Kustomization paths, pending repo facts, unified diffs. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { withPendingFiles } from '../../src/plan/pending-facts.ts';
import type { RepoFacts } from '../../src/plan/repo.ts';
import { formatUnifiedDiff } from '../../src/report/unified-diff.ts';
import { kustomizationDir } from '../../src/run/regen-depends-on.ts';

describe('kustomizationDir', () => {
  it.each([
    ['./namespaces/cilium', 'namespaces/cilium'],
    ['namespaces/cilium/', 'namespaces/cilium'],
    ['./apps/../namespaces/x', 'namespaces/x'],
    ['./', ''],
    [undefined, ''],
    ['../other-repo/apps', undefined],
    ['/etc', undefined],
  ])('spec.path %j is the repo directory %j', (specPath, dir) => {
    expect(kustomizationDir(specPath)).toBe(dir);
  });
});

const kustomization = (name: string, dependsOn: string[] = []) =>
  `---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\nspec:\n  path: ./namespaces/${name}\n` +
  (dependsOn.length ? `  dependsOn:\n${dependsOn.map((d) => `    - name: ${d}\n`).join('')}` : '');

describe('withPendingFiles', () => {
  const repo: RepoFacts = {
    root: '/repo',
    config: DEFAULT_CONFIG,
    layout: 'flat',
    clusters: [
      {
        name: 'c1',
        infraFile: 'clusters/c1/infrastructure.yaml',
        infraSource: kustomization('cilium'),
        kustomizations: [{ name: 'cilium', dependsOn: [], docIndex: 0, line: 3, path: './namespaces/cilium', file: 'clusters/c1/infrastructure.yaml' }],
      },
    ],
    helmRepositories: [{ name: 'old', namespace: 'flux-system', url: 'https://old.example', file: 'namespaces/a/helm-repository.yaml' }],
  };

  it('sees the Kustomizations and HelmRepositories of pending files instead of those on disk, and leaves the facts alone', () => {
    const infra = kustomization('cilium') + kustomization('redis', ['cilium']);
    const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: new\nspec:\n  url: https://new.example\n';
    const pending = new Map([
      ['clusters/c1/infrastructure.yaml', infra],
      ['namespaces/a/helm-repository.yaml', source],
    ]);
    const facts = withPendingFiles(repo, pending);
    expect(facts.clusters[0]!.infraSource).toBe(infra);
    expect(facts.clusters[0]!.kustomizations.map((k) => [k.name, k.dependsOn])).toEqual([['cilium', []], ['redis', ['cilium']]]);
    expect(facts.helmRepositories).toEqual([{ name: 'new', namespace: 'flux-system', url: 'https://new.example', file: 'namespaces/a/helm-repository.yaml' }]);
    expect(repo.clusters[0]!.kustomizations).toHaveLength(1);
    expect(withPendingFiles(repo, new Map())).toBe(repo);
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
