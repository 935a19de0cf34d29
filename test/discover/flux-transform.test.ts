/**
 * What a Flux Kustomization builds is what kustomize-controller applies (SPEC §1): its spec.patches,
 * components, targetNamespace, namePrefix/nameSuffix, commonMetadata, then postBuild substitution, and
 * the patches a parent puts on its children. Real kustomize, real files; a finding of a value a patch
 * set points at the patch line, once for all the objects it affects.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepoModel } from '../../src/discover/discover-repo.ts';
import { kustomizationKey } from '../../src/discover/model.ts';
import { lineOf } from '../check/clean-repo.ts';
import { repoOf, runCli } from '../helpers/repo.ts';

const KUSTOMIZATION = (resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;

const release = (name: string, extra = '') =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: ${name}\nspec:\n  interval: 30m\n  chart:\n    spec:\n      chart: ${name}\n      sourceRef:\n        kind: HelmRepository\n        name: ${name}\n        namespace: flux-system\n${extra}`;

function ks(name: string, p: string, spec = ''): string {
  return `---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${p}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${spec}`;
}

const app = (name: string, extra = '') => ({
  [`apps/${name}/kustomization.yaml`]: KUSTOMIZATION(['helmrelease.yaml']),
  [`apps/${name}/helmrelease.yaml`]: release(name, extra),
});

async function check(root: string): Promise<{ rule: string; file: string; line: number; message: string; severity: string }[]> {
  const result = await runCli(['--infra-root', root, 'check', '--format', 'json']);
  return JSON.parse(result.stdout).findings;
}

describe("a Kustomization's own transformations", () => {
  it('spec.patches change what the rules see: a patch that sets upgrade.force is found at its line, one that clears it silences the file', async () => {
    const infrastructure =
      ks('api', './apps/api', '  patches:\n    - patch: |\n        apiVersion: helm.toolkit.fluxcd.io/v2\n        kind: HelmRelease\n        metadata:\n          name: api\n          namespace: api\n        spec:\n          upgrade:\n            force: true\n') +
      ks('web', './apps/web', '  patches:\n    - patch: |\n        - op: replace\n          path: /spec/upgrade/force\n          value: false\n      target:\n        kind: HelmRelease\n        name: web\n');
    const root = await repoOf({ ...app('api'), ...app('web', '  upgrade:\n    force: true\n'), 'clusters/c/infrastructure.yaml': infrastructure });
    const force = (await check(root)).filter((f) => f.rule === 'helmrelease-upgrade-force');
    expect(force).toEqual([
      expect.objectContaining({ file: 'clusters/c/infrastructure.yaml', line: lineOf(infrastructure, 'force: true'), severity: 'error' }),
    ]);
    expect(force[0]!.message).toMatch(/HelmRelease\/api: spec\.upgrade\.force: true .* \(set by this Flux patch\)$/);
  }, 60_000);

  it('targetNamespace, namePrefix, nameSuffix, commonMetadata and components are applied by kustomize', async () => {
    const root = await repoOf({
      ...app('web'),
      'components/extra/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - configmap.yaml\n',
      'components/extra/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: b\n',
      'clusters/c/infrastructure.yaml': ks(
        'web',
        './apps/web',
        '  targetNamespace: shop\n  namePrefix: pre-\n  nameSuffix: -suf\n  commonMetadata:\n    labels:\n      team: shop\n  components:\n    - ../../components/extra\n',
      ),
    });
    const model = await loadRepoModel(root);
    const web = model.kustomizations.find((k) => k.name === 'web')!;
    const objects = model.builds.get(kustomizationKey(web))!.objects;
    expect(objects.map((o) => `${o.object.kind} ${o.object.metadata?.namespace}/${o.object.metadata?.name} ${o.object.metadata?.labels?.team} ${o.file}`).sort()).toEqual([
      'ConfigMap shop/pre-extra-suf shop components/extra/configmap.yaml',
      'HelmRelease shop/pre-web-suf shop apps/web/helmrelease.yaml',
    ]);
  }, 60_000);

  it('postBuild substitution runs after the patches, with substitute and a substituteFrom ConfigMap of the repo; the value is typed as Flux reads the text', async () => {
    const root = await repoOf({
      ...app('web'),
      'clusters/c/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata:\n  TIMEOUT: 7m\n',
      'clusters/c/infrastructure.yaml': ks(
        'web',
        './apps/web',
        '  patches:\n    - patch: |\n        apiVersion: helm.toolkit.fluxcd.io/v2\n        kind: HelmRelease\n        metadata:\n          name: web\n          namespace: web\n        spec:\n          timeout: ${TIMEOUT}\n          values:\n            replicas: ${REPLICAS}\n            tier: ${TIER:=gold}\n  postBuild:\n    substitute:\n      REPLICAS: "3"\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n',
      ),
    });
    const model = await loadRepoModel(root);
    const web = model.kustomizations.find((k) => k.name === 'web')!;
    const spec = model.builds.get(kustomizationKey(web))!.objects[0]!.object.spec as Record<string, any>;
    expect(spec.timeout).toBe('7m');
    expect(spec.values).toEqual({ replicas: 3, tier: 'gold' });
  }, 60_000);
});

describe("a parent's patches on its children", () => {
  const parent =
    ks(
      'apps',
      './kubernetes/apps',
      [
        '  patches:',
        '    - # HelmRelease defaults for every child',
        '      patch: |-',
        '        apiVersion: kustomize.toolkit.fluxcd.io/v1',
        '        kind: Kustomization',
        '        metadata:',
        '          name: _',
        '        spec:',
        '          patches:',
        '            - patch: |-',
        '                apiVersion: helm.toolkit.fluxcd.io/v2',
        '                kind: HelmRelease',
        '                metadata:',
        '                  name: _',
        '                spec:',
        '                  upgrade:',
        '                    cleanupOnFail: true',
        '              target:',
        '                group: helm.toolkit.fluxcd.io',
        '                kind: HelmRelease',
        '      target:',
        '        group: kustomize.toolkit.fluxcd.io',
        '        kind: Kustomization',
        '',
      ].join('\n'),
    );
  const files = {
    'clusters/c/apps.yaml': parent,
    'kubernetes/apps/kustomization.yaml': KUSTOMIZATION(['api.yaml', 'web.yaml', 'db.yaml']),
    'kubernetes/apps/api.yaml': ks('api', './apps/api'),
    'kubernetes/apps/web.yaml': ks('web', './apps/web'),
    'kubernetes/apps/db.yaml': ks('db', './apps/db'),
    ...app('api'),
    ...app('web'),
    ...app('db'),
  };

  it('the children are the patched objects, and the cleanupOnFail the patch puts on 3 releases is one finding at the patch line', async () => {
    const root = await repoOf(files);
    const model = await loadRepoModel(root);
    const api = model.kustomizations.find((k) => k.name === 'api')!;
    expect(api.file).toBe('kubernetes/apps/api.yaml');
    expect(api.parent).toBe('c/flux-system/apps');
    expect(api.object.spec.patches).toHaveLength(1);
    const cleanup = (await check(root)).filter((f) => f.rule === 'helmrelease-cleanup-on-fail');
    expect(cleanup).toHaveLength(1);
    expect(cleanup[0]).toMatchObject({ file: 'clusters/c/apps.yaml', line: lineOf(parent, 'cleanupOnFail: true'), severity: 'error' });
    expect(cleanup[0]!.message).toMatch(/^this Flux patch affects 3 objects \(HelmRelease\/api\/api, HelmRelease\/db\/db, HelmRelease\/web\/web\)/);
  }, 60_000);

  it('a release that sets cleanupOnFail itself, without the patch, is found in its own file', async () => {
    const root = await repoOf({ ...files, 'clusters/c/apps.yaml': ks('apps', './kubernetes/apps'), ...app('web', '  upgrade:\n    cleanupOnFail: true\n') });
    const cleanup = (await check(root)).filter((f) => f.rule === 'helmrelease-cleanup-on-fail');
    expect(cleanup.map((f) => `${f.file}:${f.line}`)).toEqual([`apps/web/helmrelease.yaml:${lineOf(release('web', '  upgrade:\n    cleanupOnFail: true\n'), 'cleanupOnFail')}`]);
  }, 60_000);

  it('the generated overlays are never written into the repo, and a warm run builds nothing', async () => {
    const root = await repoOf(files);
    await check(root);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(path.join(root, '.fluxgen'))).sort()).toEqual(['cache']);
    const warm = await runCli(['--infra-root', root, 'check', '--format', 'json'], { env: { FLUXGEN_DEBUG: '1' } });
    expect(warm.stderr).not.toMatch(/kustomize build of/);
  }, 60_000);
});
