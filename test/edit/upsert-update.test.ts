import { describe, expect, it } from 'vitest';
import { describeError, isFluxgenError } from '../../src/errors.ts';
import { upsertKustomization, type KustomizationRequest } from '../../src/edit/upsert-kustomization.ts';
import { kustomizationDocument } from './check-scenario.ts';

const FILE = 'clusters/home/infrastructure.yaml';
const lines = (...text: string[]) => text.join('\n') + '\n';
const want = (name: string, dependsOn: string[]): KustomizationRequest => ({ name, document: kustomizationDocument(name), dependsOn });
const ks = (name: string, ...spec: string[]) => [
  'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', `  name: ${name}`, 'spec:', ...spec,
];

describe('upsertKustomization on an existing Kustomization', () => {
  const handWritten = lines(
    '# Cluster infrastructure, maintained by hand.',
    '',
    '---',
    ...ks('cilium', '  interval: 1h', '', '  path: ./infrastructure/cilium   # CNI first', '  prune: true'),
    '',
    '# --- storage ---------------------------------------------',
    '',
    '---',
    ...ks('longhorn', '  dependsOn:', '    - name: cilium', '  # - name: monitoring   (after the upgrade)', '  interval: 1h'),
  );

  it('adds missing names after the last list item, before a commented-out entry', () => {
    const result = upsertKustomization(handWritten, want('longhorn', ['cilium', 'monitoring', 'cert-manager']), FILE);
    expect(result.action).toBe('updated');
    expect(result.source).toBe(handWritten.replace(
      '    - name: cilium\n',
      '    - name: cilium\n    - name: monitoring\n    - name: cert-manager\n',
    ));
  });

  it('adds a dependsOn block as the first key under spec: when there is none', () => {
    const result = upsertKustomization(handWritten, want('cilium', ['gateway-api']), FILE);
    expect(result.source).toBe(handWritten.replace(
      'name: cilium\nspec:\n  interval: 1h\n',
      'name: cilium\nspec:\n  dependsOn:\n    - name: gateway-api\n  interval: 1h\n',
    ));
  });

  it('returns the identical string when nothing is missing, and the second run of an edit changes nothing', () => {
    const first = upsertKustomization(handWritten, want('longhorn', ['monitoring']), FILE);
    const second = upsertKustomization(first.source, want('longhorn', ['monitoring']), FILE);
    expect(second).toEqual({ source: first.source, action: 'unchanged' });
    expect(upsertKustomization(handWritten, want('longhorn', ['cilium']), FILE).source).toBe(handWritten);
  });

  it('counts bare-string and namespaced entries as present by name', () => {
    const source = lines(...ks('apps', '  dependsOn:', '    - infra', '    - name: cilium', '      namespace: kube-system'));
    expect(upsertKustomization(source, want('apps', ['infra', 'cilium']), FILE)).toEqual({ source, action: 'unchanged' });
    expect(upsertKustomization(source, want('apps', ['db']), FILE).source).toBe(
      source + '    - name: db\n',
    );
  });

  it.each([
    ['[{name: cilium}]', '[{name: cilium}, {name: longhorn}]'],
    ['[ { name: cilium } ]', '[ { name: cilium }, { name: longhorn } ]'],
    ['[cilium]', '[cilium, {name: longhorn}]'],
    ['[]', '[{name: longhorn}]'],
    ['[ ]', '[{name: longhorn} ]'],
    ['~', '[{name: longhorn}]'],
  ])('edits a flow list %s in place to %s', (before, after) => {
    const source = lines(...ks('apps', `  dependsOn: ${before}  # keep`, '  interval: 1h'));
    expect(upsertKustomization(source, want('apps', ['longhorn']), FILE).source).toBe(
      lines(...ks('apps', `  dependsOn: ${after}  # keep`, '  interval: 1h')),
    );
  });

  it.each([
    ['{interval: 1h}', '{dependsOn: [{name: longhorn}], interval: 1h}'],
    ['{}', '{dependsOn: [{name: longhorn}]}'],
  ])('adds dependsOn to a flow-style spec %s', (before, after) => {
    const source = lines('apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata: {name: apps}', `spec: ${before}`);
    expect(upsertKustomization(source, want('apps', ['longhorn']), FILE).source).toBe(source.replace(before, after));
  });

  it.each([
    [
      'an alias spec',
      ['base: &base {interval: 1h}', 'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata: {name: apps}', 'spec: *base'],
      ':5:1: cannot add spec.dependsOn: its spec is not a mapping',
    ],
    ['no spec', ['apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata: {name: apps}'], ':1:1: cannot add spec.dependsOn'],
    ['a string dependsOn', ks('apps', '  dependsOn: cilium'), ':6:3: cannot add spec.dependsOn: its spec.dependsOn is not a list'],
  ])('refuses to guess on %s, with INFRA_PARSE at file:line:col', (_, text, message) => {
    let error: unknown;
    try {
      upsertKustomization(lines(...text), want('apps', ['longhorn']), FILE);
    } catch (caught) {
      error = caught;
    }
    expect(isFluxgenError(error) && error.code).toBe('INFRA_PARSE');
    if (isFluxgenError(error)) expect(describeError(error)).toContain(`${FILE}${message}`);
  });

  it('continues a multi-line flow list on a new line with the same indentation', () => {
    const source = lines(...ks('apps', '  dependsOn: [', '    {name: cilium},', '    {name: longhorn}', '  ]'));
    expect(upsertKustomization(source, want('apps', ['monitoring']), FILE).source).toBe(
      lines(...ks('apps', '  dependsOn: [', '    {name: cilium},', '    {name: longhorn},', '    {name: monitoring}', '  ]')),
    );
  });

  it('fills an empty `dependsOn:` key with a block list', () => {
    const source = lines(...ks('apps', '  dependsOn:', '  interval: 1h'));
    expect(upsertKustomization(source, want('apps', ['cilium']), FILE).source).toBe(
      lines(...ks('apps', '  dependsOn:', '    - name: cilium', '  interval: 1h')),
    );
  });

  it('keeps CRLF line endings', () => {
    const source = lines(...ks('apps', '  dependsOn:', '    - name: cilium', '  interval: 1h')).replace(/\n/g, '\r\n');
    expect(upsertKustomization(source, want('apps', ['db']), FILE).source).toBe(
      lines(...ks('apps', '  dependsOn:', '    - name: cilium', '    - name: db', '  interval: 1h')).replace(/\n/g, '\r\n'),
    );
  });

  it('adds to a list that ends the file without a final newline, and keeps it without one', () => {
    const source = lines(...ks('apps', '  dependsOn:', '    - name: cilium')).slice(0, -1);
    expect(upsertKustomization(source, want('apps', ['db']), FILE).source).toBe(`${source}\n    - name: db`);
    const empty = lines(...ks('apps', '  interval: 1h', '  dependsOn:')).slice(0, -1);
    expect(upsertKustomization(empty, want('apps', ['db']), FILE).source).toBe(`${empty}\n    - name: db`);
  });

  it('edits a document closed by `...` without touching the marker or the next document', () => {
    const source = lines(...ks('apps', '  dependsOn:', '    - name: cilium'), '...', '---', ...ks('db', '  interval: 1h'), '...');
    expect(upsertKustomization(source, want('apps', ['db']), FILE).source).toBe(
      lines(...ks('apps', '  dependsOn:', '    - name: cilium', '    - name: db'), '...', '---', ...ks('db', '  interval: 1h'), '...'),
    );
  });

  it('keeps anchors, aliases, substitutions, SOPS fields and block-scalar patches byte for byte', () => {
    const source = lines(
      'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '  name: &app plex', 'spec:',
      '  commonMetadata:', '    labels:', '      app.kubernetes.io/name: *app',
      '  postBuild:', '    substitute:', '      APP: *app', '      DOMAIN: ${SECRET_DOMAIN}',
      '  decryption:', '    provider: sops', '    secretRef:', '      name: sops-age',
      '  dependsOn:', '    - name: volsync',
      '  patches:', '    - patch: |-', '        - op: add', '          path: /spec/x', '      target:', '        kind: HelmRelease',
    );
    expect(upsertKustomization(source, want('plex', ['rook-ceph-cluster']), FILE).source).toBe(
      source.replace('    - name: volsync\n', '    - name: volsync\n    - name: rook-ceph-cluster\n'),
    );
  });

  it('follows 4-space indentation and non-indented sequences', () => {
    const four = lines(
      'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '    name: apps',
      'spec:', '    healthChecks:', '        - kind: Deployment', '    interval: 1h',
    );
    expect(upsertKustomization(four, want('apps', ['db']), FILE).source).toBe(
      four.replace('spec:\n', 'spec:\n    dependsOn:\n        - name: db\n'),
    );
    const flat = lines(...ks('apps', '  healthChecks:', '  - kind: Deployment', '  interval: 1h'));
    expect(upsertKustomization(flat, want('apps', ['db']), FILE).source).toBe(flat.replace('spec:\n', 'spec:\n  dependsOn:\n  - name: db\n'));
    const flatList = lines(...ks('apps', '  dependsOn:', '  - name: cilium', '  interval: 1h'));
    expect(upsertKustomization(flatList, want('apps', ['db']), FILE).source).toBe(
      flatList.replace('  - name: cilium\n', '  - name: cilium\n  - name: db\n'),
    );
  });

  it('leaves other kinds alone, even one with the same name', () => {
    const config = lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: apps', 'data:', '  dependsOn: none');
    const source = `${config}---\n${lines(...ks('apps', '  interval: 1h'))}`;
    expect(upsertKustomization(source, want('apps', ['db']), FILE).source).toBe(
      `${config}---\n${lines(...ks('apps', '  dependsOn:', '    - name: db', '  interval: 1h'))}`,
    );
  });
});
