/** `fluxgen service` sizes the new container like the repo's other services when most agree, else with the standard values; a REVIEW says which. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fluxKustomization } from '../check/clean-repo.ts';
import { copyRepo, PROJECT, runCli, writeFiles } from '../helpers/repo.ts';

const SHOP = path.join(PROJECT, 'examples/shop');
const ORDERS = ['service', 'orders', '--image', 'ghcr.io/example/orders:1.0.0', '--port', '8080', '--json'];

/** Another service of examples/shop in production (base, overlay, Flux Kustomization) whose container has `resources` (YAML lines at 12 spaces). */
function otherService(name: string, resources: string, overlayPatch?: string): Record<string, string> {
  const overlay = overlayPatch ? `patches:\n  - path: patch-resources.yaml\n` : '';
  return {
    [`base/${name}/kustomization.yaml`]: 'resources:\n  - deployment.yaml\n',
    [`base/${name}/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: ${name}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ${name}}
    spec:
      containers:
        - name: ${name}
          image: ghcr.io/example/${name}:1.0.0
          resources:
${resources}
`,
    [`overlays/production/${name}/kustomization.yaml`]: `namespace: shop\nresources:\n  - ../../../base/${name}\n${overlay}`,
    ...(overlayPatch ? { [`overlays/production/${name}/patch-resources.yaml`]: overlayPatch } : {}),
    [`clusters/production/apps/${name}.yaml`]: fluxKustomization({ name, path: `overlays/production/${name}` }),
  };
}

/** web's resources in examples/shop, in block style and the other key order. */
const WEBS = '            limits:\n              memory: 128Mi\n              cpu: 250m\n            requests:\n              memory: 64Mi\n              cpu: 50m';
const LARGE = '            requests: {cpu: "1", memory: 1Gi}\n            limits: {cpu: "2", memory: 2Gi}';

async function ordersIn(extra: Record<string, string>) {
  const root = await copyRepo(SHOP);
  await writeFiles(root, extra);
  const result = await runCli(['--infra-root', root, ...ORDERS]);
  expect(result.exitCode, result.stderr).toBe(0);
  const deployment = parse(await readFile(path.join(root, 'base/orders/deployment.yaml'), 'utf8'));
  const reviews: string[] = JSON.parse(result.stdout).assumptions.filter((a: { file: string }) => a.file === 'base/orders/deployment.yaml').map((a: { text: string }) => a.text);
  return { resources: deployment.spec.template.spec.containers[0].resources, reviews };
}

describe.concurrent('fluxgen service resources follow the repo', () => {
  it('takes the requests and limits most of the other services share (2 of 3, key order aside), with a REVIEW naming them', async () => {
    const { resources, reviews } = await ordersIn({ ...otherService('cart', WEBS), ...otherService('search', LARGE) });
    expect(resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } });
    expect(reviews).toContain("Resource limits follow the repo's other services, as 2 of their 3 Deployments (cart, web): requests 50m CPU / 64Mi memory, limits 250m CPU / 128Mi memory; size them to the service");
  });

  it('uses the standard values when no value has a majority (a container without limits counts against), and says so', async () => {
    const { resources, reviews } = await ordersIn({ ...otherService('search', LARGE), ...otherService('queue', '            requests: {cpu: 10m, memory: 16Mi}') });
    expect(resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(reviews).toContain(
      "Using standard resource limits (requests 100m CPU / 128Mi memory, limits 500m CPU / 256Mi memory): size them to the service; the repo's other services do not agree (no requests and limits shared by more than half of their 3 Deployments: queue, search, web)",
    );
  });

  it('follows the services as built: an overlay patch on their resources counts', async () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  template:\n    spec:\n      containers:\n        - name: cart\n          resources: {requests: {cpu: "1", memory: 1Gi}, limits: {cpu: "2", memory: 2Gi}}\n';
    const { resources, reviews } = await ordersIn({ ...otherService('cart', WEBS, patch), ...otherService('search', LARGE) });
    expect(resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(reviews).toContain("Resource limits follow the repo's other services, as 2 of their 3 Deployments (cart, search): requests 1 CPU / 1Gi memory, limits 2 CPU / 2Gi memory; size them to the service");
  });
});
