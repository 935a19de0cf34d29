/** CRDs a bootstrap helmfile installs before Flux meet a requirement without dependsOn (discover/bootstrap-crds.ts). */
import { describe, expect, it } from 'vitest';
import { repoOf, runCli } from '../helpers/repo.ts';

const ks = (name: string, p: string) =>
  `---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${p}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;

const FILES: Record<string, string> = {
  'clusters/c/infrastructure.yaml': ks('cert-manager', './infra/cert-manager') + ks('web', './apps/web'),
  'infra/cert-manager/helmrelease.yaml':
    'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cert-manager\n  namespace: cert-manager\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: cert-manager\n      sourceRef:\n        kind: HelmRepository\n        name: jetstack\n  values:\n    crds:\n      enabled: true\n',
  'apps/web/certificate.yaml':
    'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: web\nspec:\n  secretName: web-tls\n  dnsNames: [web.example.com]\n  issuerRef:\n    name: letsencrypt\n    kind: ClusterIssuer\n',
};

async function check(extra: Record<string, string>): Promise<{ findings: { rule: string }[]; notices: { text: string; file?: string }[] }> {
  const root = await repoOf({ ...FILES, ...extra });
  return JSON.parse((await runCli(['--infra-root', root, 'check', '--format', 'json'])).stdout);
}

describe('CRDs installed before Flux by a bootstrap helmfile', () => {
  it('without one, web must depend on cert-manager', async () => {
    const report = await check({});
    expect(report.findings.map((f) => f.rule)).toContain('missing-crd-dependency');
    expect(report.notices).toEqual([]);
  }, 60_000);

  it('a helmfile release of the cert-manager chart meets the requirement, said once as a notice', async () => {
    const helmfile = 'releases:\n  - name: cert-manager\n    namespace: cert-manager\n    chart: jetstack/cert-manager\n    version: v1.19.1\n';
    const report = await check({ 'bootstrap/helmfile.yaml': helmfile });
    expect(report.findings.map((f) => f.rule)).not.toContain('missing-crd-dependency');
    expect(report.notices).toEqual([
      { file: 'bootstrap/helmfile.yaml', text: 'CRDs installed before Flux by bootstrap/helmfile.yaml: cert-manager.io; Kustomizations using them need no dependsOn for them' },
    ]);
  }, 60_000);

  it('a helmfile of other charts, or a YAML file that merely has releases: elsewhere, changes nothing', async () => {
    const report = await check({
      'bootstrap/helmfile.yaml': 'releases:\n  - name: coredns\n    chart: coredns/coredns\n',
      'docs/notes.yaml': 'releases:\n  - name: cert-manager\n',
    });
    expect(report.findings.map((f) => f.rule)).toContain('missing-crd-dependency');
    expect(report.notices).toEqual([]);
  }, 60_000);
});
