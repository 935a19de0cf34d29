import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBuilder } from '../../src/build/builder.ts';
import type { BuiltObject } from '../../src/build/kustomize.ts';
import { cleanKustomizeError } from '../../src/build/run-kustomize.ts';
import { isRemoteReference } from '../../src/build/kustomization-fields.ts';
import { loadRepoModel } from '../../src/discover/discover-repo.ts';
import { copyRepo, EXAMPLE, FIXTURES, tempDir } from '../helpers/repo.ts';

/** Canonical text of objects, order-free. */
const canonical = (objects: readonly BuiltObject[]) => objects.map((o) => JSON.stringify(o)).sort();

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
}

const configMap = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shared\ndata:\n  owner: ${value}\n`;
const listing = (...resources: string[]) => `resources:\n${resources.map((r) => `  - ${r}`).join('\n')}\n`;

/** Adds a Flux Kustomization document to the example's infrastructure.yaml. */
async function addKustomization(root: string, name: string, pathValue: string): Promise<void> {
  const file = path.join(root, 'clusters/local-kube/infrastructure.yaml');
  const doc = `---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 5m\n  path: ${pathValue}\n  prune: false\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
  await writeFile(file, `${await readFile(file, 'utf8')}${doc}`);
}

describe('the builder, one batch per call', () => {
  it('yield, folder by folder, the same objects as one kustomize build per folder (example repo)', async () => {
    const model = await loadRepoModel(EXAMPLE, { builder: createBuilder(EXAMPLE, { cache: false }) });
    const dirs = ['clusters/local-kube', ...model.kustomizations.map((k) => k.path!)];
    const batched = await createBuilder(EXAMPLE, { cache: false }).build(dirs);
    for (const dir of dirs) {
      const alone = (await createBuilder(EXAMPLE, { cache: false }).build([dir])).get(dir)!.objects.map((o) => o.object);
      expect(canonical(batched.get(dir)!.objects.map((o) => o.object)), dir).toEqual(canonical(alone));
    }
  });

  it('build a folder without kustomization.yaml as Flux does: its manifests, and sub-folders with one as a whole', async () => {
    const outcome = (await createBuilder(EXAMPLE, { cache: false }).build(['clusters/local-kube'])).get('clusters/local-kube')!;
    const files = [...new Set(outcome.objects.map((o) => o.file))].sort();
    expect(files).toEqual(['clusters/local-kube/infrastructure.yaml', 'clusters/local-kube/secrets/cluster-secrets.sops.yaml']);
    expect(outcome.objects.filter((o) => o.object.kind === 'Kustomization')).toHaveLength(10);
  });

  it('fall back on an ID collision between two folders and still attribute each object to its folder and file', async () => {
    const root = await tempDir();
    await write(root, {
      'a/kustomization.yaml': listing('cm.yaml'),
      'a/cm.yaml': configMap('a'),
      'b/kustomization.yaml': listing('cm.yaml'),
      'b/cm.yaml': configMap('b'),
      'c/kustomization.yaml': listing('cm.yaml'),
      'c/cm.yaml': configMap('c').replace('name: settings', 'name: other'),
    });
    const session = createBuilder(root, { cache: false });
    const outcomes = await session.build(['a', 'b', 'c']);
    for (const dir of ['a', 'b']) {
      expect(outcomes.get(dir)!.objects.map((o) => [o.file, o.object.data])).toEqual([[`${dir}/cm.yaml`, { owner: dir }]]);
    }
    expect(outcomes.get('c')!.objects.map((o) => o.object.metadata?.name)).toEqual(['other']);
    expect(session.stats.runs).toBeGreaterThan(1);
  });

  it('attribute objects of a base two folders share to each folder, in one run (overlays stamped by folder)', async () => {
    const root = await tempDir();
    await write(root, {
      'base/app/kustomization.yaml': listing('cm.yaml'),
      'base/app/cm.yaml': configMap('base').replace('  namespace: shared\n', ''),
      'overlays/a/kustomization.yaml': `namespace: team-a\n${listing('../../base/app')}`,
      'overlays/b/kustomization.yaml': `namespace: team-b\n${listing('../../base/app')}`,
    });
    const session = createBuilder(root, { cache: false });
    const outcomes = await session.build(['overlays/a', 'overlays/b']);
    for (const team of ['a', 'b']) {
      expect(outcomes.get(`overlays/${team}`)!.objects).toEqual([
        { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: `team-${team}` }, data: { owner: 'base' } }, file: 'base/app/cm.yaml' },
      ]);
    }
    expect(session.stats.runs).toBe(1);
  });

  it('attribute objects to repo files when the repo is reached through a symlink', async () => {
    const link = path.join(await tempDir(), 'repo');
    await symlink(EXAMPLE, link);
    const outcome = (await createBuilder(link, { cache: false }).build(['namespaces/cilium'])).get('namespaces/cilium')!;
    expect(outcome.objects.map((o) => o.file).sort()).toEqual(['namespaces/cilium/helm-release.yaml', 'namespaces/cilium/helm-repository.yaml']);
  });

  it('build each folder once per builder, however many times it is asked for', async () => {
    const session = createBuilder(path.join(FIXTURES, 'two-clusters'), { cache: false });
    const first = await session.build(['namespaces/cilium', 'namespaces/monitoring', 'namespaces/cilium']);
    const again = await session.build(['namespaces/monitoring']);
    expect(session.stats.runs).toBe(1);
    expect(again.get('namespaces/monitoring')).toEqual(first.get('namespaces/monitoring'));
  });

  it('say a path that is a file is not a directory', async () => {
    const outcome = (await createBuilder(EXAMPLE, { cache: false }).build(['clusters/local-kube/infrastructure.yaml'])).values().next().value!;
    expect(outcome).toEqual({ objects: [], error: 'clusters/local-kube/infrastructure.yaml is not a directory' });
  });
});

describe('loadRepoModel with broken and remote paths', () => {
  it('pinpoints a failing folder: an error on that Kustomization only, every other one built', async () => {
    const root = await copyRepo(EXAMPLE);
    await writeFile(path.join(root, 'namespaces/kyverno/kustomization.yaml'), listing('helm-release.yaml', 'missing.yaml'));
    const model = await loadRepoModel(root);
    const failed = [...model.builds].filter(([, outcome]) => outcome.error !== undefined);
    expect(failed.map(([key]) => key)).toEqual(['local-kube/flux-system/kyverno']);
    expect(failed[0]![1].error).toContain('namespaces/kyverno/missing.yaml');
    expect(failed[0]![1].error).not.toContain(root);
    expect(model.builds.get('local-kube/flux-system/cilium')!.objects).toHaveLength(2);
    expect(model.kustomizations).toHaveLength(10);
  });

  it('reports a remote base (also one reached through a local base) as remote, not as a failure', async () => {
    const root = await copyRepo(EXAMPLE);
    const url = 'https://github.com/example/deploy//base?ref=v1.0.0';
    await write(root, {
      'namespaces/remote-app/kustomization.yaml': listing('../../bases/shared', 'configmap.yaml'),
      'namespaces/remote-app/configmap.yaml': configMap('remote'),
      'bases/shared/kustomization.yaml': listing(url),
    });
    await addKustomization(root, 'remote-app', './namespaces/remote-app');
    const model = await loadRepoModel(root);
    expect(model.builds.get('local-kube/flux-system/remote-app')).toEqual({ objects: [], remote: [url] });
    expect([...model.builds.values()].filter((o) => o.error)).toEqual([]);
  });

  it('records the path of a Kustomization whose folder is missing, with no build', async () => {
    const root = await copyRepo(EXAMPLE);
    await addKustomization(root, 'ghost', './namespaces/ghost/');
    const model = await loadRepoModel(root);
    expect(model.kustomizations.find((k) => k.name === 'ghost')!.path).toBe('namespaces/ghost');
    expect(model.builds.has('local-kube/flux-system/ghost')).toBe(false);
  });

  it('refuses an unknown cluster with UNKNOWN_CLUSTER and a repo without clusters/ with NO_CLUSTER', async () => {
    await expect(loadRepoModel(EXAMPLE, { cluster: 'nope' })).rejects.toMatchObject({ code: 'UNKNOWN_CLUSTER', exitCode: 2 });
    await expect(loadRepoModel(await tempDir())).rejects.toMatchObject({ code: 'NO_CLUSTER', exitCode: 2 });
  });
});

describe('build helpers', () => {
  it.each([
    ['https://github.com/org/repo//deploy?ref=v1', true],
    ['github.com/org/repo/deploy?ref=v1', true],
    ['git@github.com:org/repo.git', true],
    ['ssh://git@example.com/org/repo', true],
    ['../base', false],
    ['deployment.yaml', false],
    ['configs.d/app.yaml', false],
  ])('isRemoteReference(%s) is %s', (entry, remote) => {
    expect(isRemoteReference(entry)).toBe(remote);
  });

  it('keeps only the message of kubectl\'s log line', () => {
    const stderr = 'E1123 16:19:03.205037   19162 run.go:72] "command failed" err="accumulating resources: open \\"x\\": no such file"\n';
    expect(cleanKustomizeError(stderr)).toBe('accumulating resources: open "x": no such file');
    expect(cleanKustomizeError('Error: bad thing\n')).toBe('bad thing');
  });
});
