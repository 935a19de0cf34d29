/** `fluxgen check` end to end: the real bin, real discovery and the real kustomize on fixture repos. */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRepo, EXAMPLE, FIXTURES, runCli } from '../helpers/repo.ts';

const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const validateSarif = new Ajv04({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));

interface JsonFinding {
  rule: string;
  severity: 'error' | 'warning';
  file: string;
  line: number;
  message: string;
  kustomization?: string;
}

async function checkJson(root: string, extra: string[] = []) {
  const result = await runCli(['--infra-root', root, 'check', '--format', 'json', ...extra]);
  return { ...result, findings: (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings };
}

/** Each planted problem: rule, file, line, and text that line must contain. */
const PLANTED: [rule: string, file: string, line: number, needle: string][] = [
  ['missing-crd-dependency', 'clusters/lab/infrastructure.yaml', 52, 'dependsOn:'],
  ['monitoring-kustomization-deps', 'clusters/lab/infrastructure.yaml', 68, 'dependsOn:'],
  ['monitoring-kustomization-deps', 'clusters/lab/infrastructure.yaml', 76, 'wait: true'],
  ['dependency-cycle', 'clusters/lab/infrastructure.yaml', 131, '- name: ingress'],
  ['dangling-depends-on', 'clusters/lab/infrastructure.yaml', 147, '- name: elasticsearch'],
  ['kustomization-path-missing', 'clusters/lab/infrastructure.yaml', 163, 'path: ./namespaces/velero'],
  ['kustomize-build-failed', 'clusters/lab/infrastructure.yaml', 177, 'path: ./namespaces/broken'],
  ['plaintext-secret', 'clusters/lab/secrets/db-password.yaml', 7, 'stringData:'],
  ['networkpolicy-for-apiserver', 'namespaces/kyverno/allow-apiserver.yaml', 12, 'port: 443'],
  ['networkpolicy-for-apiserver', 'namespaces/kyverno/allow-apiserver.yaml', 14, 'port: 6443'],
  ['webhook-without-cilium-policy', 'namespaces/kyverno/helm-release.yaml', 10, 'chart: kyverno'],
  ['helmrelease-uninstall-strategy', 'namespaces/kyverno/helm-release.yaml', 22, 'strategy: uninstall'],
  ['helmrelease-remediate-last-failure', 'namespaces/minio/helm-release.yaml', 19, 'remediateLastFailure: true'],
  ['restart-annotation', 'namespaces/minio/helm-release.yaml', 23, 'restartedAt'],
  ['chart-servicemonitor-enabled', 'namespaces/minio/helm-release.yaml', 26, 'enabled: true'],
  ['namespace-missing-pss', 'namespaces/minio/namespace.yaml', 3, 'metadata:'],
  ['helmrelease-upgrade-force', 'namespaces/redis/helm-release.yaml', 21, 'force: true'],
  ['helmrelease-cleanup-on-fail', 'namespaces/redis/helm-release.yaml', 22, 'cleanupOnFail: true'],
  ['schema-invalid', 'namespaces/redis/helm-repository.yaml', 7, 'timeout: 60'],
  ['monitoring-outside-monitoring-kustomization', 'namespaces/redis/prometheus-rules.yaml', 1, 'apiVersion: monitoring.coreos.com'],
  ['base-overlays-in-flat-repo', 'overlays/lab/redis/kustomization.yaml', 1, 'apiVersion:'],
];

const OVERLAYS_PLANTED: [rule: string, file: string, line: number, needle: string][] = [
  ['workload-missing-labels', 'base/worker/deployment.yaml', 3, 'metadata:'],
  ['workload-missing-labels', 'base/worker/deployment.yaml', 11, 'labels:'],
  ['workload-not-restricted', 'base/worker/deployment.yaml', 13, 'spec:'],
  ['workload-missing-probes', 'base/worker/deployment.yaml', 15, '- name: worker'],
  ['workload-missing-resources', 'base/worker/deployment.yaml', 17, 'resources:'],
  ['plaintext-secret', 'base/worker/secret.yaml', 5, 'stringData:'],
];

async function expectPlanted(repo: string, planted: typeof PLANTED) {
  const root = path.join(FIXTURES, repo);
  const { exitCode, findings } = await checkJson(root);
  expect(exitCode).toBe(1);
  expect(findings.map((f) => [f.rule, f.file, f.line])).toEqual(planted.map(([rule, file, line]) => [rule, file, line]));
  for (const [, file, line, needle] of planted) {
    expect((await readFile(path.join(root, file), 'utf8')).split(/\r?\n/)[line - 1], `${file}:${line}`).toContain(needle);
  }
  return findings;
}

describe.concurrent('fluxgen check', () => {
  it('passes the bundled example repo: exit 0, no finding', async () => {
    const { exitCode, findings, stderr } = await checkJson(EXAMPLE);
    expect(findings).toEqual([]);
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/schemas: \d+ objects validated/);
  });

  it('reports every problem planted in a flat repo, with its rule, file and line, and exits 1', async () => {
    const findings = await expectPlanted('planted', PLANTED);
    expect(findings.find((f) => f.rule === 'dependency-cycle')!.message).toMatch(/cert-issuers.*ingress/);
    expect(findings.find((f) => f.rule === 'helmrelease-upgrade-force')).toMatchObject({ severity: 'error', kustomization: 'redis' });
  });

  it('reports the workload problems of a base/overlays repo', async () => {
    await expectPlanted('overlays-planted', OVERLAYS_PLANTED);
  });

  it('passes a clean base/overlays repo', async () => {
    const { exitCode, findings } = await checkJson(path.join(FIXTURES, 'overlays-clean'));
    expect([exitCode, findings]).toEqual([0, []]);
  });

  it('prints valid SARIF 2.1.0 with a result per finding', async () => {
    const result = await runCli(['--infra-root', path.join(FIXTURES, 'planted'), 'check', '--format', 'sarif']);
    const log = JSON.parse(result.stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(result.exitCode).toBe(1);
    expect(log.runs[0].results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine])).toEqual(
      PLANTED.map(([rule, file, line]) => [rule, file, line]),
    );
  });

  it('prints text grouped by file, without colour when stdout is not a terminal', async () => {
    const { stdout, stderr, exitCode } = await runCli(['--infra-root', path.join(FIXTURES, 'overlays-planted'), 'check']);
    expect(exitCode).toBe(1);
    expect(stdout).not.toContain('\u001b[');
    expect(stdout.split('\n').filter((line) => line !== '' && !line.startsWith(' '))).toEqual(['base/worker/deployment.yaml', 'base/worker/secret.yaml', '✖ 6 problems (1 error, 5 warnings)']);
    expect(stderr).toContain('[CHECK_FAILED]');
  });

  it('follows .fluxgen.yaml rules: and the fluxgen.io/ignore annotation', async () => {
    const root = await copyRepo(path.join(FIXTURES, 'overlays-planted'));
    await writeFile(path.join(root, '.fluxgen.yaml'), 'rules:\n  plaintext-secret: warning\n  workload-missing-probes: off\n  no-such-rule: error\n');
    const deployment = path.join(root, 'base/worker/deployment.yaml');
    await writeFile(deployment, (await readFile(deployment, 'utf8')).replace('  name: worker\n', '  name: worker\n  annotations:\n    fluxgen.io/ignore: workload-missing-labels\n'));
    const { exitCode, findings, stderr } = await checkJson(root);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['workload-not-restricted', 'warning'],
      ['workload-missing-resources', 'warning'],
      ['plaintext-secret', 'warning'],
    ]);
    expect(exitCode).toBe(0);
    expect(stderr).toContain('"no-such-rule" is not a rule id');
  });

  it("reports a cluster entry folder that does not build: its Kustomizations were not checked", async () => {
    const root = await copyRepo(EXAMPLE);
    const entry = 'clusters/local-kube/kustomization.yaml';
    await writeFile(path.join(root, entry), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - infrastructure.yaml\n  - gone.yaml\n');
    const { exitCode, findings } = await checkJson(root);
    expect(findings).toMatchObject([{ rule: 'kustomize-build-failed', severity: 'error', file: entry, line: 1 }]);
    expect(findings[0]!.message).toMatch(/gone\.yaml does not exist.*not checked/);
    expect(exitCode).toBe(1);
  });

  it('checks one cluster with --cluster, and refuses an unknown one (exit 2)', async () => {
    const one = await checkJson(path.join(FIXTURES, 'overlays-planted'), ['--cluster', 'staging']);
    expect([one.exitCode, one.findings]).toEqual([0, []]);
    const unknown = await runCli(['--infra-root', EXAMPLE, 'check', '--cluster', 'nope']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/UNKNOWN_CLUSTER/);
  });

  it('refuses an unknown --format (exit 2, BAD_ARGUMENT)', async () => {
    const result = await runCli(['--infra-root', EXAMPLE, 'check', '--format', 'xml']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/BAD_ARGUMENT/);
  });
});
