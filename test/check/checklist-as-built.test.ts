/** The seeds' checklist rules look at the overlays as Flux builds them: an overlay patch that adds the probes and labels satisfies them. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { copyRepo, FIXTURES, runCli } from '../helpers/repo.ts';

const BASE = 'base/api/deployment.yaml';
const PATCH = 'overlays/production/api/patch-deployment.yaml';

/** The production overlay's patch: 2 replicas, and the labels and probes the base leaves out. */
const PRODUCTION_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    app.kubernetes.io/version: "1.4.2"
    app.kubernetes.io/component: backend
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app.kubernetes.io/version: "1.4.2"
        app.kubernetes.io/component: backend
    spec:
      containers:
        - name: api
          livenessProbe:
            httpGet: {path: /healthz, port: http}
          readinessProbe:
            httpGet: {path: /ready, port: http}
`;

/** overlays-clean with the base's version and component labels and probes moved into production's patch. */
async function patchedRepo(): Promise<string> {
  const root = await copyRepo(path.join(FIXTURES, 'overlays-clean'));
  const base = await readFile(path.join(root, BASE), 'utf8');
  const stripped = base
    .replace(/^ +app\.kubernetes\.io\/(version|component): .*\n/gm, '')
    .replace(/ {10}livenessProbe:[\s\S]*?(?= {10}securityContext:)/, '');
  expect(stripped).not.toMatch(/Probe|version|component/);
  await writeFile(path.join(root, BASE), stripped);
  await writeFile(path.join(root, PATCH), PRODUCTION_PATCH);
  return root;
}

async function findings(root: string, cluster: string) {
  const result = await runCli(['--infra-root', root, 'check', '--format', 'json', '--cluster', cluster]);
  return (JSON.parse(result.stdout) as { findings: { rule: string; file: string; message: string }[] }).findings.map((f) => [f.rule, f.file]);
}

it('a production patch that adds the probes and the app labels satisfies the rules there; staging, built from the bare base, still lacks them', async () => {
  const root = await patchedRepo();
  expect(await findings(root, 'production')).toEqual([]);
  expect(await findings(root, 'staging')).toEqual([
    ['workload-missing-labels', BASE],
    ['workload-missing-labels', BASE],
    ['workload-missing-probes', BASE],
  ]);
}, 60_000);

it('in a mixed repo, the workloads a shared apps folder (apps/<env>/ listing ../base/<svc>) takes from base/ are checked; the flat components beside them are not', async () => {
  const root = await copyRepo(path.join(FIXTURES, 'apps-shared'));
  const base = 'apps/base/api/deployment.yaml';
  const text = await readFile(path.join(root, base), 'utf8');
  await writeFile(path.join(root, base), text.replace(/ {10}livenessProbe:[\s\S]*?(?= {10}securityContext:)/, ''));
  // a flat component beside the apps makes the repo mixed; its Deployment has no probes either, and is not an app
  await mkdir(path.join(root, 'namespaces/tools'), { recursive: true });
  await writeFile(path.join(root, 'namespaces/tools/kustomization.yaml'), 'resources:\n  - deployment.yaml\n');
  await writeFile(path.join(root, 'namespaces/tools/deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tools\n  namespace: tools\nspec:\n  selector:\n    matchLabels: { app: tools }\n  template:\n    metadata:\n      labels: { app: tools }\n    spec:\n      containers:\n        - name: tools\n          image: x/tools:1\n');
  await writeFile(path.join(root, 'clusters/staging/tools.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: tools\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./namespaces/tools\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n');
  expect((await findings(root, 'staging')).filter(([rule]) => rule.startsWith('workload-'))).toEqual([['workload-missing-probes', base]]);
}, 60_000);
