/** `fluxgen service` (SPEC §2b): what the overlays build, following the repo, the flat refusal, image tags, bad input. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { copyRepo, EXAMPLE, FIXTURES, isBuildCache, PROJECT, readTree, runCli } from '../helpers/repo.ts';
import { expectRefused } from '../helpers/refusal.ts';

const SHOP = path.join(PROJECT, 'examples/shop');
const ORDERS = ['service', 'orders', '--image', 'ghcr.io/example/orders:1.0.0', '--port', '8080'];

type Obj = Record<string, any>;

async function built(root: string, dir: string): Promise<Obj[]> {
  const { stdout } = await execa('kubectl', ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', path.join(root, dir)]);
  return parseAllDocuments(stdout).map((d) => d.toJS() as Obj);
}

async function serviceRun(repo: string, args: string[]): Promise<{ root: string; exitCode: number; stdout: string; stderr: string }> {
  const root = await copyRepo(repo);
  const result = await runCli(['--infra-root', root, ...args]);
  return { root, ...result };
}

describe.concurrent('fluxgen service in the bundled base/overlays example', () => {
  it('writes overlays that build: labels, requests and limits, both probes, a restricted securityContext; the Service selects the pods; production 2 replicas, staging 1', async () => {
    const { root, exitCode } = await serviceRun(SHOP, [...ORDERS, '--config', 'LOG_LEVEL=info']);
    expect(exitCode).toBe(0);
    for (const [env, replicas] of [['production', 2], ['staging', 1]] as const) {
      const objects = await built(root, `overlays/${env}/orders`);
      const deployment = objects.find((o) => o.kind === 'Deployment')!;
      const service = objects.find((o) => o.kind === 'Service')!;
      expect(deployment.spec.replicas).toBe(replicas);
      for (const labels of [deployment.metadata.labels, deployment.spec.template.metadata.labels]) {
        expect(labels).toEqual({ 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/version': '1.0.0', 'app.kubernetes.io/component': 'backend' });
      }
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      expect(Object.keys(container.resources).sort()).toEqual(['limits', 'requests']);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
      for (const [key, value] of Object.entries(service.spec.selector)) expect(deployment.spec.template.metadata.labels[key]).toBe(value);
      expect(service.spec.ports[0]).toMatchObject({ port: 8080, targetPort: 'http' });
      expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['shop']));
      const flux = parse(await readFile(path.join(root, `clusters/${env}/apps/orders.yaml`), 'utf8'));
      expect(flux.spec.path).toBe(`./overlays/${env}/orders`);
    }
    const check = await runCli(['--infra-root', root, 'check', '--format', 'json']);
    expect([check.exitCode, JSON.parse(check.stdout).findings]).toEqual([0, []]);
  });

  it('--replicas wins over the production default', async () => {
    const { root, exitCode } = await serviceRun(SHOP, [...ORDERS, '--replicas', '3', '--env', 'production']);
    expect(exitCode).toBe(0);
    expect((await built(root, 'overlays/production/orders')).find((o) => o.kind === 'Deployment')!.spec.replicas).toBe(3);
    expect(existsSync(path.join(root, 'overlays/staging/orders'))).toBe(false);
  });

  it('gives an untagged or latest image the seeds\' REVIEW, a digest-pinned one none', async () => {
    const review = /Image tag needs updating after build/;
    const summary = async (image: string) => (await serviceRun(SHOP, ['service', 'orders', '--image', image, '--port', '8080', '--dry-run', '--json'])).stdout;
    expect(await summary('ghcr.io/example/orders')).toMatch(review);
    expect(await summary('ghcr.io/example/orders:latest')).toMatch(review);
    expect(await summary(`ghcr.io/example/orders@sha256:${'a'.repeat(64)}`)).not.toMatch(review);
    expect(await summary('ghcr.io/example/orders:1.0.0')).not.toMatch(review);
  });

  it('writes secrets as a placeholder template, never listed in the overlay, with the .sops.yaml rule that would encrypt it', async () => {
    const { root, exitCode, stdout } = await serviceRun(SHOP, [...ORDERS, '--secret', 'DB_PASSWORD', '--json']);
    expect(exitCode).toBe(0);
    const production = await readFile(path.join(root, 'overlays/production/orders/secret.yaml'), 'utf8');
    expect(parse(production).stringData).toEqual({ DB_PASSWORD: 'REPLACE_ME_DB_PASSWORD' });
    expect(production).toMatch(/# REVIEW: .*creation rule 1 \(path_regex overlays\/production\/\.\*\\\.yaml\$\) would encrypt this file/);
    expect(await readFile(path.join(root, 'overlays/staging/orders/secret.yaml'), 'utf8')).toMatch(/no creation rule of \.sops\.yaml matches overlays\/staging\/orders\/secret\.yaml/);
    expect(await readFile(path.join(root, 'overlays/production/orders/kustomization.yaml'), 'utf8')).not.toContain('secret.yaml');
    expect(JSON.parse(stdout).assumptions.map((a: { file: string }) => a.file)).toContain('overlays/production/orders/secret.yaml');
  });

  it('refuses bad input with exit 2 and writes nothing', async () => {
    for (const [args, code, named] of [
      [['service', 'orders', '--image', 'ghcr.io/example/orders:1.0.0', '--port', 'http'], 'BAD_INPUT', 'http'],
      [['service', 'orders', '--image', 'Not An Image', '--port', '80'], 'BAD_INPUT', 'Not An Image'],
      [['service', 'orders', '--image', 'nginx:1.27', '--port', '80', '--config', 'no-equals'], 'BAD_INPUT', 'no-equals'],
      [['service', 'orders', '--image', 'nginx:1.27', '--port', '80', '--env', 'qa'], 'UNKNOWN_CLUSTER', 'qa'],
    ] as const) {
      const { root, ...result } = await serviceRun(SHOP, [...args]);
      expectRefused(result, { title: args.join(' '), code, named: [named] });
      expect(await readTree(root)).toEqual(await readTree(SHOP));
    }
  });
});

describe.concurrent('fluxgen regen covers services', () => {
  it('regen --check is clean after a run, and exits 1 naming the files when the recorded port changes', async () => {
    const { root, exitCode } = await serviceRun(SHOP, ORDERS);
    expect(exitCode).toBe(0);
    expect((await runCli(['--infra-root', root, 'regen', '--check'])).exitCode).toBe(0);
    const record = path.join(root, '.fluxgen/components/orders.yaml');
    await writeFile(record, (await readFile(record, 'utf8')).replace('port: 8080', 'port: 9090'));
    const drift = await runCli(['--infra-root', root, 'regen', '--check']);
    expect(drift.exitCode).toBe(1);
    expect(drift.stderr).toMatch(/REGEN_DRIFT.*base\/orders\/deployment\.yaml, base\/orders\/service\.yaml/);
  });
});

describe.concurrent('fluxgen service follows the repo', () => {
  it('takes interval 10m, prune true, wait and timeout from the env\'s services in a repo it was not written against, and their namespace', async () => {
    const { root, exitCode, stdout } = await serviceRun(path.join(FIXTURES, 'overlays-clean'), [...ORDERS, '--json']);
    expect(exitCode).toBe(0);
    for (const env of ['production', 'staging']) {
      const flux = parse(await readFile(path.join(root, `clusters/${env}/apps/orders.yaml`), 'utf8'));
      expect(flux.spec).toMatchObject({ interval: '10m', prune: true, wait: true, timeout: '5m', sourceRef: { kind: 'GitRepository', name: 'flux-system' } });
      expect(parse(await readFile(path.join(root, `overlays/${env}/orders/kustomization.yaml`), 'utf8')).namespace).toBe('apps');
    }
    const texts = JSON.parse(stdout).assumptions.map((a: { text: string }) => a.text);
    expect(texts).toContain('interval 10m, as 1 of 1 Kustomization among the services of env production');
    expect(texts).toContain('Namespace apps, as 1 of 1 other services of env staging');
  });

  it("takes the env services' postBuild.substituteFrom, and --namespace wins over their namespace (no REVIEW for it)", async () => {
    const root = await copyRepo(path.join(FIXTURES, 'overlays-clean'));
    const api = path.join(root, 'clusters/staging/apps/api.yaml');
    await writeFile(api, `${await readFile(api, 'utf8')}  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-vars\n`);
    const result = await runCli(['--infra-root', root, ...ORDERS, '--env', 'staging', '--namespace', 'payments', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const flux = parse(await readFile(path.join(root, 'clusters/staging/apps/orders.yaml'), 'utf8'));
    expect(flux.spec.postBuild).toEqual({ substituteFrom: [{ kind: 'ConfigMap', name: 'cluster-vars' }] });
    expect(parse(await readFile(path.join(root, 'overlays/staging/orders/kustomization.yaml'), 'utf8')).namespace).toBe('payments');
    const texts: string[] = JSON.parse(result.stdout).assumptions.map((a: { text: string }) => a.text);
    expect(texts.some((text) => text.startsWith('postBuild.substituteFrom '))).toBe(true);
    expect(texts.filter((text) => text.startsWith('Namespace '))).toEqual([]);
  });

  it('refuses a flat repo with exit 2, says to use component, and never creates base/ or overlays/', async () => {
    const { root, ...result } = await serviceRun(EXAMPLE, ORDERS);
    expectRefused(result, { title: 'flat repo', code: 'BAD_REPO', named: [] });
    expect(result.stderr).toContain('fluxgen component <name>');
    expect(existsSync(path.join(root, 'base'))).toBe(false);
    expect(existsSync(path.join(root, 'overlays'))).toBe(false);
    expect(await readTree(root)).toEqual(await readTree(EXAMPLE));
  });

  it('component in a base/overlays repo says to use service', async () => {
    const { ...result } = await serviceRun(SHOP, ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami']);
    expectRefused(result, { title: 'component in base/overlays', code: 'BAD_REPO', named: [] });
    expect(result.stderr).toContain('fluxgen service <name> --image IMG --port N');
  });
});

describe.concurrent('fluxgen service takes the shared write flags', () => {
  it('--dry-run writes nothing, its diff creates the new Kustomization beside services kept in clusters/<env>/services/, and the real run writes exactly those files', async () => {
    const root = await copyRepo(path.join(FIXTURES, 'overlays-clean'));
    await mkdir(path.join(root, 'clusters/production/services'));
    await rename(path.join(root, 'clusters/production/apps/api.yaml'), path.join(root, 'clusters/production/services/api.yaml'));
    const before = await readTree(root);
    const dry = await runCli(['--infra-root', root, ...ORDERS, '--env', 'production', '--dry-run', '--json']);
    expect(dry.exitCode).toBe(0);
    expect(await readTree(root)).toEqual(before);
    const plan = JSON.parse(dry.stdout);
    expect(plan.diff).toContain('+++ b/clusters/production/services/orders.yaml');
    expect(plan.assumptions).toContainEqual({ file: 'clusters/production/services/orders.yaml', text: 'Flux Kustomization in clusters/production/services/orders.yaml, beside the 1 other services of env production' });
    const real = await runCli(['--infra-root', root, ...ORDERS, '--env', 'production', '--json']);
    expect(real.exitCode).toBe(0);
    expect(JSON.parse(real.stdout).filesCreated).toEqual(plan.filesCreated);
    const after = await readTree(root);
    expect([...after.keys()].filter((file) => !before.has(file) && !isBuildCache(file)).sort()).toEqual([...plan.filesCreated].sort());
  });

  it('refuses to overwrite a generated file changed by hand (exit 2, HAND_EDITED, nothing written) unless --force', async () => {
    const { root, exitCode } = await serviceRun(SHOP, ORDERS);
    expect(exitCode).toBe(0);
    const deployment = path.join(root, 'base/orders/deployment.yaml');
    await writeFile(deployment, `${await readFile(deployment, 'utf8')}# tuned by hand\n`);
    const edited = await readTree(root);
    const refused = await runCli(['--infra-root', root, ...ORDERS, '--health-path', '/healthz']);
    expectRefused(refused, { title: 'hand-edited deployment', code: 'HAND_EDITED', named: ['base/orders/deployment.yaml'] });
    expect(await readTree(root)).toEqual(edited);
    const forced = await runCli(['--infra-root', root, ...ORDERS, '--health-path', '/healthz', '--force']);
    expect(forced.exitCode).toBe(0);
    expect(await readFile(deployment, 'utf8')).toContain('path: /healthz');
  });
});
