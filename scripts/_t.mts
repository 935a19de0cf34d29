import { mkdir, writeFile, mkdtemp } from 'node:fs/promises';
import path from 'node:path'; import os from 'node:os';
import { loadRepoModel } from '../src/discover/discover-repo.ts';
const root = await mkdtemp(path.join(os.tmpdir(), 'x-'));
const files: Record<string,string> = {
 'apps/api/kustomization.yaml': 'resources:\n  - helmrelease.yaml\n',
 'apps/api/helmrelease.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: api\n  namespace: api\nspec:\n  interval: 30m\n',
 'clusters/c/infrastructure.yaml': '---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: api\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/api\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  patches:\n    - patch: |\n        apiVersion: helm.toolkit.fluxcd.io/v2\n        kind: HelmRelease\n        metadata:\n          name: api\n        spec:\n          upgrade:\n            force: true\n',
};
for (const [rel, text] of Object.entries(files)) { await mkdir(path.dirname(path.join(root, rel)), { recursive: true }); await writeFile(path.join(root, rel), text); }
const m = await loadRepoModel(root);
for (const [k, b] of m.builds) console.log(k, JSON.stringify(b).slice(0, 600));
