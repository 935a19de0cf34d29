import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/check/all-rules.ts';
import { checkModel } from '../../src/check/check-repo.ts';
import { kustomizationKey, type ModelView } from '../../src/discover/model.ts';
import type { FluxgenConfig } from '../../src/config.ts';
import { CLEAN_KUSTOMIZATIONS, helmRelease, infrastructure, lineOf, namespace, repoWith, type KsSpec } from './clean-repo.ts';
import { fakeModel } from './fake-model.ts';
import { RULE_CASES } from './rule-cases.ts';

async function findingsOf(changes: Record<string, string | undefined>, config: Partial<FluxgenConfig> = {}, mutate?: (model: ModelView) => void) {
  const model = await fakeModel(repoWith(changes), config);
  mutate?.(model);
  return checkModel(model);
}

describe('the clean repo', () => {
  it('has no finding at all, schemas included', async () => {
    expect(await findingsOf({})).toEqual([]);
  });
});

describe('every rule of SPEC §8 has a case that fires and a near miss', () => {
  it('covers every rule id', () => {
    const covered = new Set(RULE_CASES.map((c) => c.rule));
    expect(ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
    for (const rule of ALL_RULES) {
      expect(RULE_CASES.some((c) => c.rule === rule.id && c.at), `${rule.id} fires somewhere`).toBe(true);
      expect(RULE_CASES.some((c) => c.rule === rule.id && !c.at), `${rule.id} has a near miss`).toBe(true);
    }
  });

  for (const c of RULE_CASES) {
    it(`${c.rule}: ${c.title}`, async () => {
      const files = repoWith(c.files);
      const findings = (await findingsOf(c.files, c.config, c.mutate)).filter((f) => f.rule === c.rule);
      if (!c.at) {
        expect(findings).toEqual([]);
        return;
      }
      const line = c.at.line ?? lineOf(files[c.at.file]!, c.at.needle!, c.at.after);
      expect(findings.map((f) => ({ file: f.file, line: f.line }))).toContainEqual({ file: c.at.file, line });
      const found = findings.find((f) => f.file === c.at!.file && f.line === line)!;
      if (c.at.message) expect(found.message).toMatch(c.at.message);
      if (c.at.kustomization) expect(found.kustomization).toBe(c.at.kustomization);
      if (c.at.severity) expect(found.severity).toBe(c.at.severity);
      if (c.count !== undefined) expect(findings).toHaveLength(c.count);
    });
  }
});

describe('findings', () => {
  it('are sorted by file, line and rule, and each is reported once', async () => {
    const findings = await findingsOf({
      'namespaces/app/namespace.yaml': namespace('app', []),
      'namespaces/app/helm-release.yaml': helmRelease('app', 'app', ['upgrade:', '  force: true', '  cleanupOnFail: true']),
    });
    const keys = findings.map((f) => [f.file, f.line, f.rule]);
    const sorted = [...keys].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : (a[1] as number) - (b[1] as number) || String(a[2]).localeCompare(String(b[2]))));
    expect(keys).toEqual(sorted);
    expect(findings.map((f) => f.rule)).toEqual(['helmrelease-upgrade-force', 'helmrelease-cleanup-on-fail', 'namespace-missing-pss']);
  });

  it('name the Kustomization that builds the object', async () => {
    const [finding] = await findingsOf({ 'namespaces/app/namespace.yaml': namespace('app', []) });
    expect(finding).toMatchObject({ rule: 'namespace-missing-pss', severity: 'warning', file: 'namespaces/app/namespace.yaml', line: 3, kustomization: 'app' });
  });

  it('are the same, in the same order, on every run', async () => {
    const changes = { 'clusters/c1/infrastructure.yaml': infrastructure(CLEAN_KUSTOMIZATIONS.map((k): KsSpec => ({ ...k, dependsOn: [...(k.dependsOn ?? []), 'ghost'] }))) };
    const model = await fakeModel(repoWith(changes));
    const first = checkModel(model);
    expect(first).toHaveLength(CLEAN_KUSTOMIZATIONS.length);
    expect(checkModel(model)).toEqual(first);
  });

  it('report a failed build once, with the reason kustomize gives', async () => {
    const findings = await findingsOf({}, {}, (model) => {
      const app = model.kustomizations.find((k) => k.name === 'app')!;
      model.builds.set(kustomizationKey(app), { objects: [], error: 'accumulating resources: missing.yaml: no such file' });
    });
    expect(findings.map((f) => f.rule)).toEqual(['kustomize-build-failed']);
  });
});
