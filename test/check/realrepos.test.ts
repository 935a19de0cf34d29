/**
 * `check` on the three shared real repositories: no false error finding. Every error that remains is a
 * true instance of a SPEC §8 rule, verified by hand against the files, and asserted here by rule, file
 * and line:
 * - onedr0p/home-ops: the cluster-wide Flux patch of `cluster-apps` (kubernetes/flux/cluster/ks.yaml)
 *   sets `rollback.cleanupOnFail` (line 36) and `upgrade.cleanupOnFail` (line 38) on every child's
 *   HelmReleases, on purpose: one finding per patch line, not one per release. Its CRDs come from a
 *   bootstrap helmfile before Flux (bootstrap/helmfile/apps.yaml, crds.yaml), so no dependsOn is missing.
 * - mmontes11/k8s-infrastructure: seven Kustomizations build custom resources without reaching the
 *   Kustomization that installs their CRDs: postgresql (Certificate → cert-manager-crds, SealedSecret →
 *   sealed-secrets; it depends only on cloudnative-pg → prometheus-crds), nvidia-dcgm-exporter-alerts
 *   (PrometheusRule; nvidia-dcgm-exporter depends on nothing), buildkit (TCPRoute, no dependsOn),
 *   prometheus-storage (volsync, SealedSecret; no dependsOn), prometheus (HTTPRoute; gateway-api not
 *   among its four dependencies).
 * - fluxcd/flux2-kustomize-helm-example: none.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { copyRepo, runCli } from '../helpers/repo.ts';
import { describeShared, SHARED } from '../helpers/shared.ts';

interface Report {
  findings: { rule: string; severity: string; file: string; line: number; message: string }[];
  notices: { text: string; file?: string }[];
}

async function check(name: string): Promise<Report & { exitCode: number }> {
  const root = await copyRepo(path.join(SHARED, 'realrepos', name));
  const result = await runCli(['--infra-root', root, 'check', '--format', 'json']);
  return { ...(JSON.parse(result.stdout) as Report), exitCode: result.exitCode };
}

const errors = (report: Report) => report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.file}:${f.line}`);

describeShared('check on the shared real repos: every error is true', () => {
  it('onedr0p__home-ops: the cleanupOnFail Flux patch, once per line; CRDs from the bootstrap helmfile need no dependsOn', async () => {
    const report = await check('onedr0p__home-ops');
    expect(errors(report)).toEqual(['helmrelease-cleanup-on-fail kubernetes/flux/cluster/ks.yaml:36', 'helmrelease-cleanup-on-fail kubernetes/flux/cluster/ks.yaml:38']);
    for (const finding of report.findings.filter((f) => f.severity === 'error')) {
      expect(finding.message).toMatch(/^this Flux patch affects \d{2} objects \(HelmRelease\//);
    }
    expect(report.notices.map((n) => n.file)).toEqual(['bootstrap/helmfile/apps.yaml', 'bootstrap/helmfile/crds.yaml']);
    expect(report.notices[1]!.text).toMatch(/monitoring\.coreos\.com/);
    expect(report.findings.filter((f) => f.rule === 'missing-crd-dependency')).toEqual([]);
    expect(report.exitCode).toBe(1);
  }, 120_000);

  it('mmontes11__k8s-infrastructure: seven missing CRD dependencies, each verified by hand', async () => {
    const report = await check('mmontes11__k8s-infrastructure');
    expect(errors(report)).toEqual([
      'missing-crd-dependency clusters/homelab/database.yaml:89',
      'missing-crd-dependency clusters/homelab/database.yaml:89',
      'missing-crd-dependency clusters/homelab/gpu.yaml:37',
      'missing-crd-dependency clusters/homelab/infrastructure.yaml:49',
      'missing-crd-dependency clusters/homelab/monitoring.yaml:52',
      'missing-crd-dependency clusters/homelab/monitoring.yaml:52',
      'missing-crd-dependency clusters/homelab/monitoring.yaml:67',
    ]);
    const messages = report.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    expect(messages.join('\n')).toMatch(/postgresql builds Certificate \(cert-manager\.io\), whose CRDs cert-manager-crds provides/);
    expect(messages.join('\n')).toMatch(/postgresql builds SealedSecret \(bitnami\.com\), whose CRDs sealed-secrets provides/);
    expect(messages.join('\n')).toMatch(/prometheus builds HTTPRoute \(gateway\.networking\.k8s\.io\), whose CRDs gateway-api provides/);
    // the remote-only CRD Kustomizations are warnings (not checked offline), never errors
    expect(report.findings.filter((f) => f.rule === 'kustomize-build-failed').every((f) => f.severity === 'warning')).toBe(true);
  }, 120_000);

  it('fluxcd__flux2-kustomize-helm-example: no error; the Gateway API CRDs come from the envoy-gateway chart infra-configs depends on', async () => {
    const report = await check('fluxcd__flux2-kustomize-helm-example');
    expect(errors(report)).toEqual([]);
    expect(report.findings.filter((f) => f.rule.startsWith('crd-'))).toEqual([]);
    expect(report.exitCode).toBe(0);
  }, 120_000);
});
