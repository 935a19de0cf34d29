/** Entry points as Flux finds them, folder cluster names, foreign sources as notices (SPEC §1, §7). */
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepoModel } from '../../src/discover/discover-repo.ts';
import { copyRepo, EXAMPLE, repoOf, runCli } from '../helpers/repo.ts';
import { SHARED, skipUnlessShared } from '../helpers/shared.ts';

const APP = {
  'apps/web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - configmap.yaml\n',
  'apps/web/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: default\ndata:\n  a: b\n',
};

function ks(name: string, p: string, source = 'kind: GitRepository\n    name: flux-system'): string {
  return `---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${p}\n  prune: true\n  sourceRef:\n    ${source}\n`;
}

const names = (model: Awaited<ReturnType<typeof loadRepoModel>>) => model.kustomizations.map((k) => `${k.cluster}/${k.name}`);

describe('entry points', () => {
  it('a FluxInstance spec.sync.path is an entry, named after its last segment', async () => {
    const root = await repoOf({
      ...APP,
      'bootstrap/instance.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  sync:\n    kind: GitRepository\n    url: https://example.com/repo\n    path: kubernetes/flux/cluster\n',
      'kubernetes/flux/cluster/ks.yaml': ks('web', './apps/web'),
    });
    const model = await loadRepoModel(root);
    expect(model.clusters).toEqual(['cluster']);
    expect(model.entries.get('cluster')).toBe('kubernetes/flux/cluster');
    expect(names(model)).toEqual(['cluster/web']);
    expect(model.notices).toEqual([]);
  });

  it('a flux-instance HelmRelease names the entry by values.instance.sync.path (inline, or a values.yaml beside it)', async () => {
    const release = (values: string) =>
      `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n${values}`;
    const oci = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: flux-instance\nspec:\n  interval: 1h\n  url: oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance\n';
    const inline = await repoOf({
      ...APP,
      'kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml': release('  values:\n    instance:\n      sync:\n        kind: GitRepository\n        path: kubernetes/flux/cluster\n'),
      'kubernetes/apps/flux-system/flux-instance/app/ocirepository.yaml': oci,
      'kubernetes/flux/cluster/ks.yaml': ks('web', './apps/web'),
    });
    expect(names(await loadRepoModel(inline))).toEqual(['cluster/web']);
    const fromFile = await repoOf({
      ...APP,
      'kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml': release('  valuesFrom:\n    - kind: ConfigMap\n      name: flux-instance-values\n'),
      'kubernetes/apps/flux-system/flux-instance/app/ocirepository.yaml': oci,
      'kubernetes/apps/flux-system/flux-instance/app/values.yaml': 'instance:\n  sync:\n    path: kubernetes/flux/cluster\n',
      'kubernetes/flux/cluster/ks.yaml': ks('web', './apps/web'),
    });
    expect(names(await loadRepoModel(fromFile))).toEqual(['cluster/web']);
    const chart = await repoOf({
      ...APP,
      'infra/flux.yaml':
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux\nspec:\n  chart:\n    spec:\n      chart: flux-instance\n  values:\n    instance:\n      sync:\n        path: ./fleet/main\n',
      'fleet/main/ks.yaml': ks('web', './apps/web'),
    });
    expect(names(await loadRepoModel(chart))).toEqual(['main/web']);
  });

  it('a gotk-sync.yaml outside clusters/ is an entry, named after the folder above flux-system/; under clusters/ it is that cluster once', async () => {
    const sync = (p: string) =>
      `---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://example.com/repo\n${ks('flux-system', p)}`;
    const root = await repoOf({
      ...APP,
      'fleet/prod/flux-system/gotk-sync.yaml': sync('./fleet/prod'),
      'fleet/prod/flux-system/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gotk-sync.yaml\n',
      'fleet/prod/web.yaml': ks('web', './apps/web'),
      'clusters/homelab/flux-system/gotk-sync.yaml': sync('./clusters/homelab'),
      'clusters/homelab/flux-system/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gotk-sync.yaml\n',
      'clusters/homelab/web.yaml': ks('web', './apps/web'),
    });
    const model = await loadRepoModel(root);
    expect(model.clusters).toEqual(['homelab', 'prod']);
    expect(names(model)).toEqual(['homelab/flux-system', 'homelab/web', 'prod/flux-system', 'prod/web']);
    expect(model.kustomizations.find((k) => k.cluster === 'prod' && k.name === 'flux-system')!.file).toBe('fleet/prod/flux-system/gotk-sync.yaml');
  });

  it('a sync path found only under a subfolder (artifact pushed from ./kubernetes) is taken there, with one notice', async () => {
    const root = await repoOf({
      ...APP,
      'kubernetes/instance.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\nspec:\n  sync:\n    kind: OCIRepository\n    url: oci://example.com/repo\n    path: flux/cluster\n',
      'kubernetes/flux/cluster/ks.yaml': ks('web', './apps/web', 'kind: OCIRepository\n    name: flux-system'),
    });
    const model = await loadRepoModel(root);
    expect(model.entries.get('cluster')).toBe('kubernetes/flux/cluster');
    expect(model.notices.map((n) => n.text)).toEqual(['sync path flux/cluster is not at the repository root: taken as kubernetes/flux/cluster (artifact root kubernetes/)']);
  });

  it('--path DIR on graph and check is the only entry, named by --cluster or the folder', async () => {
    const root = await repoOf({ ...APP, 'deploy/ks.yaml': ks('web', './apps/web'), 'clusters/other/ks.yaml': ks('other', './apps/web') });
    const graph = await runCli(['--infra-root', root, 'graph', '--format', 'json', '--path', 'deploy']);
    expect(graph.exitCode).toBe(0);
    expect(JSON.parse(graph.stdout).kustomizations.map((k: any) => `${k.cluster}/${k.name}`)).toEqual(['deploy/web']);
    const check = await runCli(['--infra-root', root, 'check', '--format', 'json', '--path', './deploy', '--cluster', 'edge']);
    expect(check.exitCode, check.stderr).not.toBe(2);
    expect(check.stderr).toContain('cluster edge');
    expect(JSON.parse(check.stdout).notices).toEqual([]);
  });

  it('no entry at all is NO_CLUSTER (exit 2) listing what was looked for', async () => {
    const result = await runCli(['--infra-root', await repoOf(APP), 'graph']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('NO_CLUSTER');
    expect(result.stderr).toContain('FluxInstance');
    expect(result.stderr).toContain('gotk-sync.yaml');
  });
});

describe('a cluster name is a folder name', () => {
  it('clusters/talos_cluster works for check, graph and component --dry-run', async () => {
    const root = await copyRepo(EXAMPLE);
    await rename(path.join(root, 'clusters/local-kube'), path.join(root, 'clusters/talos_cluster'));
    const graph = await runCli(['--infra-root', root, 'graph', '--format', 'json', '--cluster', 'talos_cluster']);
    expect(graph.exitCode, graph.stderr).toBe(0);
    expect(JSON.parse(graph.stdout).kustomizations.every((k: any) => k.cluster === 'talos_cluster')).toBe(true);
    const check = await runCli(['--infra-root', root, 'check', '--format', 'json', '--cluster', 'talos_cluster']);
    expect(check.exitCode, check.stderr).not.toBe(2);
    const component = await runCli([
      '--infra-root', root, 'component', 'probe', '--chart', 'probe', '--repo-url', 'https://charts.example.com', '--cluster', 'talos_cluster', '--dry-run', '--json',
    ]);
    expect(component.stderr).not.toContain('BAD_NAME');
    expect(component.exitCode, component.stderr).not.toBe(2);
    expect(component.stdout).toContain('clusters/talos_cluster/');
  });
});

describe('sources', () => {
  it('a Kustomization of a foreign OCIRepository is not followed: one notice, no finding', async () => {
    const foreign = 'kind: OCIRepository\n    name: vendor-manifests';
    const root = await repoOf({
      ...APP,
      'clusters/main/ks.yaml': ks('web', './apps/web') + ks('vendor', './deploy/does-not-exist', foreign) + ks('vendor-two', './also-missing', foreign),
    });
    const result = await runCli(['--infra-root', root, 'check', '--format', 'json']);
    const report = JSON.parse(result.stdout);
    expect(report.notices).toEqual([
      { text: 'not followed: source OCIRepository/flux-system/vendor-manifests is not this repository', file: 'clusters/main/ks.yaml', line: expect.any(Number) },
    ]);
    expect(report.findings.filter((f: any) => /vendor/.test(f.message) && /path|build/.test(f.rule))).toEqual([]);
    const text = await runCli(['--infra-root', root, 'graph']);
    expect(text.stderr.match(/not followed: source OCIRepository\/flux-system\/vendor-manifests/g)).toHaveLength(1);
  });
});

describe('ExternalArtifact', () => {
  it('without an ArtifactGenerator of this repository that maps it, a notice and no path', async () => {
    const root = await repoOf({ ...APP, 'clusters/main/ks.yaml': ks('web', './web', 'kind: ExternalArtifact\n    name: apps') });
    const model = await loadRepoModel(root);
    expect(model.kustomizations.map((k) => k.path)).toEqual([undefined]);
    expect(model.notices.map((n) => n.text)).toEqual(['not followed: source ExternalArtifact/flux-system/apps is not this repository']);
  });
});

describe('this repository\'s source', () => {
  it('the GitRepository named by .fluxgen.yaml gitRepository is this repository: followed, no notice', async () => {
    const root = await repoOf({ ...APP, '.fluxgen.yaml': 'gitRepository: infra\n', 'clusters/main/ks.yaml': ks('web', './apps/web', 'kind: GitRepository\n    name: infra') });
    const model = await loadRepoModel(root);
    expect(model.kustomizations.map((k) => `${k.name} ${k.path}`)).toEqual(['web apps/web']);
    expect(model.notices).toEqual([]);
  });
});

describe('the shared real repos', () => {
  const skip = skipUnlessShared();
  const count = async (name: string) => {
    const root = await copyRepo(path.join(SHARED, 'realrepos', name));
    const result = await runCli(['--infra-root', root, 'graph', '--format', 'json']);
    const byCluster: Record<string, number> = {};
    for (const k of JSON.parse(result.stdout).kustomizations) byCluster[k.cluster] = (byCluster[k.cluster] ?? 0) + 1;
    return byCluster;
  };
  it.skipIf(skip)('onedr0p__home-ops: 78 Kustomizations from the flux-instance HelmRelease entry', async () => {
    expect(await count('onedr0p__home-ops')).toEqual({ cluster: 78 });
  }, 60_000);
  it.skipIf(skip)('mmontes11__k8s-infrastructure: 59 (58 in clusters/homelab/*.yaml + flux-system)', async () => {
    expect(await count('mmontes11__k8s-infrastructure')).toEqual({ homelab: 59 });
  }, 60_000);
  it.skipIf(skip)('fluxcd__flux2-kustomize-helm-example: 3 per cluster, ExternalArtifact paths followed into the repo', async () => {
    expect(await count('fluxcd__flux2-kustomize-helm-example')).toEqual({ production: 3, staging: 3 });
    const root = await copyRepo(path.join(SHARED, 'realrepos/fluxcd__flux2-kustomize-helm-example'));
    const model = await loadRepoModel(root);
    expect(model.kustomizations.map((k) => `${k.cluster}/${k.name} ${k.path}`)).toEqual([
      'production/apps apps/production',
      'production/infra-configs infrastructure/configs',
      'production/infra-controllers infrastructure/controllers',
      'staging/apps apps/staging',
      'staging/infra-configs infrastructure/configs',
      'staging/infra-controllers infrastructure/controllers',
    ]);
    expect(model.notices).toEqual([]);
  }, 60_000);
});
