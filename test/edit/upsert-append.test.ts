import { describe, expect, it } from 'vitest';
import { isFluxgenError } from '../../src/errors.ts';
import { upsertKustomization, upsertKustomizations, type KustomizationRequest } from '../../src/edit/upsert-kustomization.ts';
import { kustomizationDocument } from './check-scenario.ts';

const FILE = 'clusters/home/infrastructure.yaml';
const lines = (...text: string[]) => text.join('\n') + '\n';
const want = (name: string, dependsOn: string[], comments?: string[]): KustomizationRequest => ({
  name, document: kustomizationDocument(name), dependsOn, comments,
});
/** The appended monitoring document in 2-space, indented-sequence style. */
const MONITORING = lines(
  'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '  name: monitoring', '  namespace: flux-system',
  'spec:', '  interval: 10m', '  path: ./apps/monitoring', '  prune: true', '  sourceRef:', '    kind: GitRepository', '    name: flux-system',
  '  dependsOn:', '    - name: cilium',
);
const CILIUM = lines('apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '  name: cilium', 'spec:', '  interval: 1h');

describe('upsertKustomization appending a new Kustomization', () => {
  it('appends after a `---`, with the REVIEW comments directly above the document', () => {
    const source = lines('# infrastructure, by hand', '', '---', ...CILIUM.trimEnd().split('\n'), '', '# trailing note');
    const result = upsertKustomization(source, want('monitoring', ['cilium'], ['REVIEW: computed from PrometheusRule']), FILE);
    expect(result).toEqual({ source: `${source}---\n# REVIEW: computed from PrometheusRule\n${MONITORING}`, action: 'created' });
  });

  it('writes an empty file as the bare document, without a leading `---`', () => {
    expect(upsertKustomization('', want('monitoring', ['cilium']), FILE).source).toBe(MONITORING);
    expect(upsertKustomization('# only a comment\n', want('monitoring', ['cilium']), FILE).source).toBe(
      `# only a comment\n---\n${MONITORING}`,
    );
  });

  it('adds the missing final newline before the separator', () => {
    expect(upsertKustomization(CILIUM.slice(0, -1), want('monitoring', ['cilium']), FILE).source).toBe(`${CILIUM}---\n${MONITORING}`);
  });

  it('appends after a `...` end marker and after commented-out documents', () => {
    const source = `${CILIUM}...\n# ---\n# apiVersion: kustomize.toolkit.fluxcd.io/v1\n# kind: Kustomization\n`;
    expect(upsertKustomization(source, want('monitoring', ['cilium']), FILE).source).toBe(`${source}---\n${MONITORING}`);
  });

  it('uses CRLF in a CRLF file', () => {
    const source = CILIUM.replace(/\n/g, '\r\n');
    expect(upsertKustomization(source, want('monitoring', ['cilium']), FILE).source).toBe(
      `${source}---\r\n${MONITORING.replace(/\n/g, '\r\n')}`,
    );
  });

  it('follows the file: 4-space indentation with indented sequences', () => {
    const four = lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '    name: x', 'data:', '    list:', '        - a');
    expect(upsertKustomization(four, want('monitoring', ['cilium']), FILE).source).toBe(`${four}---\n${lines(
      'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '    name: monitoring', '    namespace: flux-system',
      'spec:', '    interval: 10m', '    path: ./apps/monitoring', '    prune: true', '    sourceRef:', '        kind: GitRepository',
      '        name: flux-system', '    dependsOn:', '        - name: cilium',
    )}`);
  });

  it('follows the file: 2-space indentation with non-indented sequences', () => {
    const twoFlat = lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: x', 'data:', '  list:', '  - a');
    expect(upsertKustomization(twoFlat, want('monitoring', ['cilium']), FILE).source).toBe(
      `${twoFlat}---\n${MONITORING.replace('    - name: cilium', '  - name: cilium')}`,
    );
  });

  it('follows the file: 4-space indentation with non-indented sequences, nested ones and block scalars included', () => {
    const fourFlat = lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '    name: x', 'data:', '    list:', '    - a');
    const document = kustomizationDocument('monitoring', ['cilium']);
    Object.assign(document.spec as object, {
      healthChecks: [{ kind: 'Deployment', names: ['a', 'b'] }],
      patches: [{ patch: 'line1\n  line2\n', target: { kind: 'X' } }],
    });
    expect(upsertKustomization(fourFlat, { name: 'monitoring', document, dependsOn: [] }, FILE).source).toBe(`${fourFlat}---\n${lines(
      'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '    name: monitoring', '    namespace: flux-system',
      'spec:', '    interval: 10m', '    path: ./apps/monitoring', '    prune: true', '    sourceRef:', '        kind: GitRepository',
      '        name: flux-system', '    dependsOn:', '    - name: cilium', '    healthChecks:', '    - kind: Deployment', '      names:',
      '      - a', '      - b', '    patches:', '    - patch: |', '          line1', '            line2', '      target:', '          kind: X',
    )}`);
  });

  it('appends a Kustomization whose name is only taken by another kind', () => {
    const config = lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: monitoring');
    expect(upsertKustomization(config, want('monitoring', ['cilium']), FILE).source).toBe(`${config}---\n${MONITORING}`);
  });

  it('merges requested dependsOn into the appended document, keeping the document\'s own entries first', () => {
    const request = { ...want('monitoring', ['cilium', 'longhorn']), document: kustomizationDocument('monitoring', ['longhorn', 'db']) };
    const result = upsertKustomization('', request, FILE).source;
    expect(result).toContain('  dependsOn:\n    - name: longhorn\n    - name: db\n    - name: cilium\n');
    expect(upsertKustomization(result, request, FILE)).toEqual({ source: result, action: 'unchanged' });
  });

  it('quotes names that YAML 1.1 would not read back as strings', () => {
    const result = upsertKustomization(CILIUM, want('cilium', ['yes', 'on']), FILE).source;
    expect(result).toBe(`${CILIUM.replace('spec:\n', 'spec:\n  dependsOn:\n    - name: "yes"\n    - name: "on"\n')}`);
  });

  it('rejects a request whose document is not a Flux Kustomization of that name', () => {
    const request = { ...want('monitoring', []), document: kustomizationDocument('other') };
    expect(() => upsertKustomization('', request, FILE)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});

describe('upsertKustomizations', () => {
  it('applies the requests in order and reports each action', () => {
    const result = upsertKustomizations(CILIUM, [want('monitoring', ['cilium']), want('cilium', ['gateway-api']), want('cilium', [])], FILE);
    expect(result.actions).toEqual(['created', 'updated', 'unchanged']);
    expect(result.action).toBe('created');
    expect(result.source).toBe(`${CILIUM.replace('spec:\n', 'spec:\n  dependsOn:\n    - name: gateway-api\n')}---\n${MONITORING}`);
  });

  it('stops at a broken file with a typed error', () => {
    let error: unknown;
    try {
      upsertKustomizations('a: [\n', [want('monitoring', [])], FILE);
    } catch (caught) {
      error = caught;
    }
    expect(isFluxgenError(error) && error.code).toBe('INFRA_PARSE');
  });
});
