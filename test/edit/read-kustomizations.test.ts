import { describe, expect, it } from 'vitest';
import { thrown } from '../helpers/refusal.ts';
import { describeError, FluxgenError } from '../../src/errors.ts';
import { readKustomizations } from '../../src/edit/read-kustomizations.ts';

const FILE = 'clusters/home/infrastructure.yaml';
const lines = (...text: string[]) => text.join('\n') + '\n';

describe('readKustomizations', () => {
  it('returns the Flux Kustomizations with their fields, document index and the line of `kind:`', () => {
    const source = lines(
      '# header',
      '---',
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: GitRepository',
      'metadata: {name: flux-system}',
      '---',
      '# yaml-language-server: $schema=x',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata:',
      '  name: &name apps',
      '  namespace: flux-system',
      'spec:',
      '  dependsOn:',
      '    - name: infra',
      '    - name: cilium',
      '      namespace: kube-system',
      '    - bare',
      '  path: ./apps',
      '  wait: yes',
      '  prune: false',
      '  timeout: 5m',
      '  interval: 1h',
      '  commonMetadata: {labels: {app: *name}}',
      '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1beta2',
      'kind: Kustomization',
      'metadata: {name: infra}',
    );
    expect(readKustomizations(source, FILE)).toEqual([
      {
        name: 'apps', namespace: 'flux-system', dependsOn: ['infra', 'cilium', 'bare'],
        path: './apps', wait: true, prune: false, timeout: '5m', interval: '1h', docIndex: 1, line: 9,
      },
      { name: 'infra', dependsOn: [], docIndex: 2, line: 27 },
    ]);
  });

  it('ignores other kinds, kustomize.config.k8s.io Kustomizations, empty and comment-only documents', () => {
    const source = lines(
      '---', '# nothing here', '---', '---',
      'apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'metadata: {name: overlay}', '...',
      '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: cm}',
    );
    expect(readKustomizations(source, FILE)).toEqual([]);
    expect(readKustomizations('', FILE)).toEqual([]);
  });

  it.each([
    ['a syntax error in a later document', lines('kind: ConfigMap', '---', 'data:', '  key: {unclosed'), `${FILE}:5:1:`],
    ['a duplicate key', lines('apiVersion: v1', 'kind: A', 'kind: B'), `${FILE}:3:1: Map keys must be unique`],
    ['a tab used as indentation', 'a:\n\tb: 1\n', `${FILE}:2:1: Tabs are not allowed as indentation`],
    ['an alias to no anchor', lines('a: 1', '---', 'b: *missing'), `${FILE}:3:4: unresolved alias *missing`],
  ])('stops at %s with INFRA_PARSE file:line:col', (_, source, message) => {
    const error = thrown(() => readKustomizations(source, FILE));
    expect(error.code).toBe('INFRA_PARSE');
    expect(describeError(error).startsWith(message)).toBe(true);
    expect(error.position?.file).toBe(FILE);
    expect(error.message.startsWith(FILE)).toBe(false);
    expect(error.hint).toContain('nothing was written');
  });

  it('stops at two Kustomizations of one name with INFRA_DUPLICATE naming both lines', () => {
    const ks = (version: string) => [`apiVersion: kustomize.toolkit.fluxcd.io/${version}`, 'kind: Kustomization', 'metadata:', '  name: apps'];
    const error = thrown(() => readKustomizations(lines(...ks('v1'), '---', '# again', ...ks('v1beta2')), FILE));
    expect(error.code).toBe('INFRA_DUPLICATE');
    expect(error.position).toEqual({ file: FILE, line: 8 });
    expect(error.message).toBe('Kustomization "apps" is defined twice, at lines 2 and 8');
    expect(describeError(error)).toBe(`${FILE}:8: Kustomization "apps" is defined twice, at lines 2 and 8`);
  });
});
