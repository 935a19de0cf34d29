import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredKustomization, RepoModel } from '../../src/discover/model.ts';
import { computeClusterGraph } from '../../src/check/cluster-graph.ts';
import { loadRepoModel } from '../../src/discover/discover-repo.ts';
import { FIXTURES } from '../helpers/repo.ts';

const REPO = path.join(FIXTURES, 'home-ops-style');

describe('loadRepoModel on a home-ops style repo (gotk-sync entry, apps.yaml, per-app ks.yaml)', () => {
  let model: RepoModel;
  let byName: Map<string, DiscoveredKustomization>;
  beforeAll(async () => {
    model = await loadRepoModel(REPO);
    byName = new Map(model.kustomizations.map((k) => [k.name, k]));
  });

  it('starts from the flux-system Kustomization that gotk-sync.yaml points at ./kubernetes/flux', () => {
    expect(model.entries).toEqual(new Map([['main', 'kubernetes/flux']]));
    expect(byName.get('flux-system')).toMatchObject({
      cluster: 'main', namespace: 'flux-system', file: 'clusters/main/flux-system/gotk-sync.yaml', line: 16, path: 'kubernetes/flux',
    });
  });

  it('finds every Flux Kustomization through apps.yaml and the ks.yaml files, and nothing else', () => {
    expect(model.kustomizations.map((k) => `${k.namespace}/${k.name}`)).toEqual([
      'cert-manager/cert-manager',
      'cert-manager/cert-manager-issuers',
      'kube-system/cilium',
      'flux-system/cluster-apps',
      'default/echo',
      'flux-system/flux-system',
      'default/vault-sync',
    ]);
  });

  it('attributes each to its file and the line of its document, past comments and other kinds in the file', () => {
    const where = Object.fromEntries(model.kustomizations.map((k) => [k.name, `${k.file}:${k.line} → ${k.path}`]));
    expect(where).toEqual({
      'flux-system': 'clusters/main/flux-system/gotk-sync.yaml:16 → kubernetes/flux',
      'cluster-apps': 'kubernetes/flux/apps.yaml:3 → kubernetes/apps',
      'cert-manager': 'kubernetes/apps/cert-manager/cert-manager/ks.yaml:3 → kubernetes/apps/cert-manager/cert-manager/app',
      'cert-manager-issuers': 'kubernetes/apps/cert-manager/cert-manager/ks.yaml:25 → kubernetes/apps/cert-manager/cert-manager/issuers',
      cilium: 'kubernetes/apps/kube-system/cilium/ks.yaml:12 → kubernetes/apps/kube-system/cilium/app',
      echo: 'kubernetes/apps/default/echo/ks.yaml:12 → kubernetes/apps/default/echo/app',
      'vault-sync': 'kubernetes/apps/default/vault-sync/ks.yaml:2 → kubernetes/apps/default/vault-sync/app',
    });
  });

  it('gives a Kustomization without metadata.namespace the namespace of its folder, else flux-system', () => {
    expect(byName.get('cluster-apps')!.object.metadata.namespace).toBeUndefined();
    expect(byName.get('cluster-apps')!.namespace).toBe('flux-system');
    expect(byName.get('echo')!.namespace).toBe('default');
  });

  it('keeps dependsOn entries with their namespace', () => {
    expect(byName.get('echo')!.dependsOn).toEqual([
      { name: 'cert-manager-issuers', namespace: 'cert-manager' },
      { name: 'cilium', namespace: 'kube-system' },
    ]);
    expect(byName.get('cert-manager-issuers')!.dependsOn).toEqual([{ name: 'cert-manager' }]);
  });

  it('builds ${APP} names as kustomize sees them, then substitutes postBuild.substitute as Flux does', () => {
    expect(byName.get('echo')!.object.spec.postBuild.substitute).toEqual({ APP: 'echo' });
    const echo = model.builds.get('main/default/echo')!;
    expect(echo.error).toBeUndefined();
    expect(echo.objects.map((o) => [o.object.kind, o.object.metadata?.name, o.file])).toEqual([
      ['HelmRelease', 'echo', 'kubernetes/apps/default/echo/app/helmrelease.yaml'],
    ]);
  });

  it('builds the Kustomization with a SOPS decryption block without decrypting', () => {
    expect(byName.get('vault-sync')!.object.spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    const secret = model.builds.get('main/default/vault-sync')!.objects.find((o) => o.object.kind === 'Secret')!;
    expect(secret.file).toBe('kubernetes/apps/default/vault-sync/app/secret.sops.yaml');
    expect(secret.object.sops).toBeDefined();
  });

  it('attributes objects of two apps that yield the same ID (both HelmRelease ${APP}) to their own folders', () => {
    const files = (key: string) => model.builds.get(key)!.objects.filter((o) => o.object.kind === 'HelmRelease').map((o) => o.file);
    expect(files('main/default/echo')).toEqual(['kubernetes/apps/default/echo/app/helmrelease.yaml']);
    expect(files('main/default/vault-sync')).toEqual(['kubernetes/apps/default/vault-sync/app/helmrelease.yaml']);
  });

  it('layers the graph across namespaces', () => {
    const graph = computeClusterGraph('main', model.kustomizations);
    expect(Object.fromEntries(graph.entries.map((e) => [e.name, e.layer]))).toEqual({
      cilium: 0, 'cluster-apps': 0, 'flux-system': 0, 'cert-manager': 1, 'cert-manager-issuers': 2, echo: 3, 'vault-sync': 4,
    });
    expect(graph.dangling).toEqual([]);
  });
});
