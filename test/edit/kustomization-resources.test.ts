import { describe, expect, it } from 'vitest';
import { addResources, removeResources } from '../../src/edit/kustomization-resources.ts';

const F = 'kustomization.yaml';

describe('the resources: editor keeps every other byte', () => {
  it('appends after the last entry in its own indentation, keeping comments', () => {
    const source = '# mine\nresources:\n    - a.yaml   # first\n    - b.yaml # second\nnamespace: x\n';
    expect(addResources(source, ['c.yaml'], F)).toBe('# mine\nresources:\n    - a.yaml   # first\n    - b.yaml # second\n    - c.yaml\nnamespace: x\n');
  });

  it('keeps CRLF line endings', () => {
    expect(addResources('resources:\r\n- a.yaml\r\n', ['b.yaml'], F)).toBe('resources:\r\n- a.yaml\r\n- b.yaml\r\n');
  });

  it('appends inside a flow list', () => {
    expect(addResources('resources: [a.yaml, b.yaml]\n', ['c.yaml'], F)).toBe('resources: [a.yaml, b.yaml, c.yaml]\n');
    expect(addResources('resources: []\n', ['c.yaml'], F)).toBe('resources: [c.yaml]\n');
  });

  it('adds resources: when there is none', () => {
    expect(addResources('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n', ['a.yaml'], F)).toBe('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - a.yaml\n');
  });

  it('is idempotent: an entry already listed (also as ./entry) is not added again', () => {
    const source = 'resources:\n  - ./a.yaml\n';
    expect(addResources(source, ['a.yaml'], F)).toBe(source);
  });

  it('removes the whole line of each entry and nothing else', () => {
    const source = 'resources:\n  - a.yaml # keep\n  - sm.yaml   # scrape\n  - b.yaml\n  - rule.yaml\n';
    expect(removeResources(source, ['sm.yaml', 'rule.yaml'], F)).toBe('resources:\n  - a.yaml # keep\n  - b.yaml\n');
    expect(removeResources('resources: [a.yaml, sm.yaml]\n', ['sm.yaml'], F)).toBe('resources: [a.yaml]\n');
    expect(removeResources('resources:\n  - sm.yaml\nnamespace: x\n', ['sm.yaml'], F)).toBe('resources: []\nnamespace: x\n');
  });
});
