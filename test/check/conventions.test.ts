/** SPEC §8 house conventions by layout: own severity in a flat repo, warnings elsewhere; Flux's own files exempt; `.fluxgen.yaml` wins. */
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/check/all-rules.ts';
import { checkModel, HOUSE_CONVENTIONS } from '../../src/check/check-repo.ts';
import type { FluxgenConfig } from '../../src/config.ts';
import { namespace, repoWith } from './clean-repo.ts';
import { fakeModel } from './fake-model.ts';
import { RULE_CASES } from './rule-cases.ts';

async function findings(rule: string, changes: Record<string, string | undefined>, config: Partial<FluxgenConfig> = {}) {
  return checkModel(await fakeModel(repoWith(changes), config), { schemas: false }).filter((f) => f.rule === rule);
}

const severityOf = (id: string) => ALL_RULES.find((r) => r.id === id)!.severity;
const firing = (id: string) => RULE_CASES.find((c) => c.rule === id && c.at)!;
/** Makes the seed repo base/overlays apps next to its flat components: detected as mixed. */
const MIXED_TREE = { 'apps/base/web/kustomization.yaml': 'resources: []\n' };

describe('house conventions follow the layout', () => {
  for (const id of HOUSE_CONVENTIONS) {
    const c = firing(id);
    it(`${id}: its own severity (${severityOf(id)}) in a detected flat repo`, async () => {
      const found = await findings(id, c.files);
      expect(found.length).toBeGreaterThan(0);
      expect(new Set(found.map((f) => f.severity))).toEqual(new Set([severityOf(id)]));
    });
    it(`${id}: its own severity in a repo pinned flat, even with base/overlays apps`, async () => {
      const found = await findings(id, { ...c.files, ...MIXED_TREE }, { layout: 'flat' });
      expect(new Set(found.map((f) => f.severity))).toEqual(new Set([severityOf(id)]));
    });
    for (const layout of ['mixed', 'base-overlays', 'per-app'] as const) {
      it(`${id}: a warning in a ${layout} repo (pinned)`, async () => {
        const found = await findings(id, c.files, { layout });
        expect(found.length).toBeGreaterThan(0);
        expect(new Set(found.map((f) => f.severity))).toEqual(new Set(['warning']));
      });
    }
    it(`${id}: a warning in a tree detected flat but without the components folder (not the seeds' layout)`, async () => {
      const found = await findings(id, c.files, { componentsDir: 'parts' });
      expect(found.length).toBeGreaterThan(0);
      expect(new Set(found.map((f) => f.severity))).toEqual(new Set(['warning']));
    });
    it(`${id}: a warning in a detected mixed repo`, async () => {
      const found = await findings(id, { ...c.files, ...MIXED_TREE });
      expect(new Set(found.map((f) => f.severity))).toEqual(new Set(['warning']));
    });
    it(`${id}: .fluxgen.yaml rules: still wins outside the flat layout`, async () => {
      const found = await findings(id, c.files, { layout: 'mixed', rules: { [id]: 'error' } });
      expect(new Set(found.map((f) => f.severity))).toEqual(new Set(['error']));
      expect(await findings(id, c.files, { layout: 'mixed', rules: { [id]: 'off' } })).toEqual([]);
    });
  }

  for (const id of ['helmrelease-upgrade-force', 'helmrelease-cleanup-on-fail', 'helmrelease-uninstall-strategy', 'helmrelease-remediate-last-failure']) {
    it(`${id} stays an error in every layout unless .fluxgen.yaml says otherwise`, async () => {
      const c = firing(id);
      for (const layout of ['flat', 'mixed', 'base-overlays', 'per-app'] as const) {
        const found = await findings(id, c.files, { layout });
        expect(found.length, layout).toBeGreaterThan(0);
        expect(new Set(found.map((f) => f.severity)), layout).toEqual(new Set(['error']));
      }
      expect(new Set((await findings(id, c.files, { layout: 'mixed', rules: { [id]: 'warning' } })).map((f) => f.severity))).toEqual(new Set(['warning']));
    });
  }

  it('base-overlays-in-flat-repo: not in a repo detected flat-and-overlays (mixed) without the pin', async () => {
    expect(await findings('base-overlays-in-flat-repo', MIXED_TREE)).toEqual([]);
    expect((await findings('base-overlays-in-flat-repo', MIXED_TREE, { layout: 'flat' })).map((f) => f.file)).toEqual(['apps/base/web/kustomization.yaml']);
  });
});

describe('files Flux generates are exempt from the style rules', () => {
  const bare = namespace('extra', []);
  for (const file of ['namespaces/app/flux-system/gotk-components.yaml', 'namespaces/app/flux-system/gotk-sync.yaml', 'namespaces/app/flux-system/sub/gotk-extra.yml']) {
    it(`namespace-missing-pss: not in ${file}`, async () => {
      expect(await findings('namespace-missing-pss', { [file]: bare })).toEqual([]);
    });
  }
  for (const file of ['namespaces/app/flux-system/components.yaml', 'namespaces/app/gotk-components.yaml']) {
    it(`namespace-missing-pss: near miss, ${file} is not Flux's`, async () => {
      expect((await findings('namespace-missing-pss', { [file]: bare })).map((f) => f.file)).toEqual([file]);
    });
  }
  it('monitoring-outside-monitoring-kustomization: not in flux-system/gotk-components.yaml, but in a sibling', async () => {
    const sm = firing('monitoring-outside-monitoring-kustomization').files['namespaces/app/servicemonitor.yaml']!;
    expect(await findings('monitoring-outside-monitoring-kustomization', { 'namespaces/app/flux-system/gotk-components.yaml': sm })).toEqual([]);
    expect(await findings('monitoring-outside-monitoring-kustomization', { 'namespaces/app/flux-system/monitors.yaml': sm })).toHaveLength(1);
  });
});
