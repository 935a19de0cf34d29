/** How an env applies its services: one Flux Kustomization per service (the seeds) or one shared apps folder. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepoModel } from '../../src/discover/discover-repo.ts';
import { perServiceKustomizations, sharedAppsFolder } from '../../src/discover/service-layout.ts';
import { copyRepo, FIXTURES, PROJECT, repoOf } from '../helpers/repo.ts';

const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: { app: ${name} }\n  template:\n    metadata:\n      labels: { app: ${name} }\n    spec:\n      containers:\n        - name: ${name}\n          image: x/${name}:1\n`;

const flux = (name: string, folder: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./${folder}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;

/** A base `base/<svc>/` holding one Deployment. */
const base = (svc: string) => ({
  [`base/${svc}/kustomization.yaml`]: 'resources:\n  - deployment.yaml\n',
  [`base/${svc}/deployment.yaml`]: deployment(svc),
});

const shared = (model: Awaited<ReturnType<typeof loadRepoModel>>, env: string) => {
  const found = sharedAppsFolder(model, env, 'orders');
  return found && { kustomization: found.kustomization.name, folder: found.folder, bases: found.bases, services: found.services };
};

describe.concurrent('service layout of an env', () => {
  it('the seeds (examples/shop): one Kustomization per service, no shared folder', async () => {
    const model = await loadRepoModel(await copyRepo(path.join(PROJECT, 'examples/shop')));
    expect(perServiceKustomizations(model, 'staging', 'orders').map((k) => k.name)).toEqual(['web']);
    expect(shared(model, 'staging')).toBeUndefined();
  });

  it('apps/<env>/ listing ../base/<svc>, applied by one apps Kustomization: the shared folder, even with one service', async () => {
    const model = await loadRepoModel(await copyRepo(path.join(FIXTURES, 'apps-shared')));
    expect(perServiceKustomizations(model, 'staging', 'orders')).toEqual([]);
    expect(shared(model, 'staging')).toEqual({ kustomization: 'apps', folder: 'apps/staging', bases: 'apps/base', services: ['api'] });
  });

  it('overlays/<env>/ listing two bases, applied by one Kustomization: shared, not per-service', async () => {
    const root = await repoOf({
      ...base('api'),
      ...base('web'),
      'overlays/staging/kustomization.yaml': 'resources:\n  - ../../base/api\n  - ../../base/web\n',
      'clusters/staging/apps.yaml': flux('apps', 'overlays/staging'),
    });
    const model = await loadRepoModel(root);
    expect(perServiceKustomizations(model, 'staging', 'orders')).toEqual([]);
    expect(shared(model, 'staging')).toEqual({ kustomization: 'apps', folder: 'overlays/staging', bases: 'base', services: ['api', 'web'] });
  });

  it('a per-service overlay named after its Kustomization, not its base (overlays/staging/frontend → base/web), stays per-service', async () => {
    const root = await repoOf({
      ...base('web'),
      'overlays/staging/frontend/kustomization.yaml': 'resources:\n  - ../../../base/web\n',
      'clusters/staging/apps/frontend.yaml': flux('frontend', 'overlays/staging/frontend'),
    });
    const model = await loadRepoModel(root);
    expect(perServiceKustomizations(model, 'staging', 'orders').map((k) => k.name)).toEqual(['frontend']);
    expect(shared(model, 'staging')).toBeUndefined();
  });
});
