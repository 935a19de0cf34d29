import { describe, expect, it } from 'vitest';
import { checkModel, unknownRuleSettings } from '../../src/check/check-repo.ts';
import { cleanFiles, helmRelease, namespace } from './clean-repo.ts';
import { fakeModel } from './fake-model.ts';

const HR = 'namespaces/app/helm-release.yaml';

/** The app HelmRelease with cleanupOnFail and remediateLastFailure, and an unlabelled Namespace. */
function plantedFiles(annotation?: string) {
  let release = helmRelease('app', 'app', ['upgrade:', '  cleanupOnFail: true']).replace('      retries: 3', '      retries: 3\n      remediateLastFailure: true');
  if (annotation) release = release.replace('  namespace: app\n', `  namespace: app\n  annotations:\n    fluxgen.io/ignore: ${annotation}\n`);
  return { ...cleanFiles(), [HR]: release, 'namespaces/app/namespace.yaml': namespace('app', []) };
}

describe('.fluxgen.yaml rules:', () => {
  it('reports every planted rule with its default severity', async () => {
    const findings = checkModel(await fakeModel(plantedFiles()));
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['helmrelease-remediate-last-failure', 'error'],
      ['helmrelease-cleanup-on-fail', 'error'],
      ['namespace-missing-pss', 'warning'],
    ]);
  });

  it('turns a rule off (a repo that uses cleanupOnFail on purpose)', async () => {
    const findings = checkModel(await fakeModel(plantedFiles(), { rules: { 'helmrelease-cleanup-on-fail': 'off' } }));
    expect(findings.map((f) => f.rule)).toEqual(['helmrelease-remediate-last-failure', 'namespace-missing-pss']);
  });

  it('turns a rule down to a warning, or up to an error', async () => {
    const findings = checkModel(await fakeModel(plantedFiles(), { rules: { 'helmrelease-remediate-last-failure': 'warning', 'namespace-missing-pss': 'error' } }));
    expect(Object.fromEntries(findings.map((f) => [f.rule, f.severity]))).toEqual({
      'helmrelease-remediate-last-failure': 'warning',
      'helmrelease-cleanup-on-fail': 'error',
      'namespace-missing-pss': 'error',
    });
  });

  it('names the settings that are not rule ids', async () => {
    const model = await fakeModel(cleanFiles(), { rules: { 'helmrelease-cleanup-onfail': 'off', 'plaintext-secret': 'warning' } });
    expect(unknownRuleSettings(model)).toEqual(['helmrelease-cleanup-onfail']);
  });
});

describe('the fluxgen.io/ignore annotation', () => {
  it('silences the listed rules on that object only', async () => {
    const findings = checkModel(await fakeModel(plantedFiles('helmrelease-cleanup-on-fail, helmrelease-remediate-last-failure')));
    expect(findings.map((f) => f.rule)).toEqual(['namespace-missing-pss']);
  });

  it('leaves the rules it does not list', async () => {
    const findings = checkModel(await fakeModel(plantedFiles('helmrelease-cleanup-on-fail')));
    expect(findings.map((f) => f.rule)).toEqual(['helmrelease-remediate-last-failure', 'namespace-missing-pss']);
  });

  it('on a Flux Kustomization silences the graph rules about it', async () => {
    const files = cleanFiles();
    const infra = files['clusters/c1/infrastructure.yaml']!.replace('    - name: cilium', '    - name: cilium\n    - name: ghost');
    const ignored = infra.replace('  name: app\n  namespace: flux-system\n', '  name: app\n  namespace: flux-system\n  annotations:\n    fluxgen.io/ignore: dangling-depends-on\n');
    expect(checkModel(await fakeModel({ ...files, 'clusters/c1/infrastructure.yaml': infra })).map((f) => f.rule)).toEqual(['dangling-depends-on']);
    expect(checkModel(await fakeModel({ ...files, 'clusters/c1/infrastructure.yaml': ignored }))).toEqual([]);
  });
});
