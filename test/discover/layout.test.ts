import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { detectLayout, layoutPinned } from '../../src/discover/layout.ts';
import { writeRepo } from '../check/fake-model.ts';

const KS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: x\n';

const cases: { title: string; files: Record<string, string>; layout: string }[] = [
  { title: 'components folder only', files: { 'namespaces/app/kustomization.yaml': 'resources: []\n' }, layout: 'flat' },
  { title: 'nothing but clusters/', files: { 'clusters/c1/infrastructure.yaml': KS }, layout: 'flat' },
  { title: 'base/ and overlays/ at the root', files: { 'base/web/kustomization.yaml': 'resources: []\n', 'overlays/prod/web/kustomization.yaml': 'resources: []\n' }, layout: 'base-overlays' },
  { title: 'apps/base one folder down', files: { 'apps/base/web/kustomization.yaml': 'resources: []\n' }, layout: 'base-overlays' },
  { title: 'flat components and base/overlays apps', files: { 'namespaces/app/kustomization.yaml': 'resources: []\n', 'apps/base/web/kustomization.yaml': 'resources: []\n' }, layout: 'mixed' },
  { title: 'kubernetes/apps/<ns>/<app>/ks.yaml + app/', files: { 'kubernetes/apps/o11y/grafana/ks.yaml': KS, 'kubernetes/apps/o11y/grafana/app/kustomization.yaml': 'resources: []\n' }, layout: 'per-app' },
  { title: 'near miss: ks.yaml without app/', files: { 'kubernetes/apps/o11y/grafana/ks.yaml': KS, 'kubernetes/apps/o11y/grafana/helmrelease.yaml': 'x: 1\n' }, layout: 'flat' },
];

describe('detectLayout', () => {
  for (const c of cases) {
    it(`${c.title} → ${c.layout}`, async () => {
      const root = await writeRepo(c.files);
      expect(await detectLayout(root, DEFAULT_CONFIG)).toBe(c.layout);
      expect(layoutPinned({ config: DEFAULT_CONFIG })).toBe(false);
    });
  }
  it('a pinned layout wins over the tree and is recorded as pinned', async () => {
    const root = await writeRepo(cases[5]!.files);
    const config = { ...DEFAULT_CONFIG, layout: 'mixed' as const };
    expect(await detectLayout(root, config)).toBe('mixed');
    expect(layoutPinned({ config })).toBe(true);
  });
});
