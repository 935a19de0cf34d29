import { describe, expect, it } from 'vitest';
import { SourceLocator } from '../../src/check/locate.ts';
import { writeRepo } from './fake-model.ts';

const FILE = `# two documents
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  a: "1"
---
# the release
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: app
spec:
  upgrade:
    force: true
  values:
    list:
      - name: zero
      - name: one
        enabled: true
`;

const release = { kind: 'HelmRelease', metadata: { name: 'app' } };

describe('SourceLocator', async () => {
  const root = await writeRepo({ 'r.yaml': FILE });
  const locate = new SourceLocator(root);

  it('finds the key line of a nested map entry in the right document', () => {
    expect(locate.lineOf('r.yaml', release, ['spec', 'upgrade', 'force'])).toBe(17);
  });

  it('finds sequence items and keys inside them', () => {
    expect(locate.lineOf('r.yaml', release, ['spec', 'values', 'list', 1])).toBe(21);
    expect(locate.lineOf('r.yaml', release, ['spec', 'values', 'list', 1, 'enabled'])).toBe(22);
  });

  it('gives the document line (its first key, after comments) for the empty path', () => {
    expect(locate.lineOf('r.yaml', release, [])).toBe(11);
    expect(locate.lineOf('r.yaml', { kind: 'ConfigMap', metadata: { name: 'first' } }, [])).toBe(3);
  });

  it('stops at the deepest node that exists when a patch added the rest', () => {
    expect(locate.lineOf('r.yaml', release, ['spec', 'upgrade', 'cleanupOnFail'])).toBe(16);
    expect(locate.lineOf('r.yaml', release, ['spec', 'install', 'remediation'])).toBe(15);
  });

  it('matches a name changed by a kustomize namePrefix', () => {
    expect(locate.lineOf('r.yaml', { kind: 'HelmRelease', metadata: { name: 'prod-app' } }, ['spec'])).toBe(15);
  });

  it('falls back to the given line for a missing file or object', () => {
    expect(locate.lineOf('nope.yaml', release, ['spec'], 7)).toBe(7);
    expect(locate.lineOf('r.yaml', { kind: 'Secret', metadata: { name: 'x' } }, ['spec'], 9)).toBe(9);
  });
});
