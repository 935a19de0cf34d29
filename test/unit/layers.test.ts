import { describe, expect, it } from 'vitest';
import { computeLayers } from '../../src/check/layers.ts';

describe('computeLayers', () => {
  it('puts a Kustomization without dependsOn in layer 0 and others one above their highest dependency', () => {
    const { layers, cycles, dangling } = computeLayers([
      { name: 'cilium', dependsOn: [] },
      { name: 'monitoring', dependsOn: [] },
      { name: 'cert-manager', dependsOn: ['cilium'] },
      { name: 'issuers', dependsOn: ['cert-manager'] },
      { name: 'app-monitoring', dependsOn: ['monitoring', 'issuers'] },
    ]);
    expect(Object.fromEntries(layers)).toEqual({ cilium: 0, monitoring: 0, 'cert-manager': 1, issuers: 2, 'app-monitoring': 3 });
    expect(cycles).toEqual([]);
    expect(dangling).toEqual([]);
  });

  it('names every member of a cycle once, starting from the smallest name, and gives them no layer', () => {
    const { layers, cycles } = computeLayers([
      { name: 'c', dependsOn: ['a'] },
      { name: 'a', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['c'] },
      { name: 'd', dependsOn: [] },
    ]);
    expect(cycles).toEqual([['a', 'b', 'c']]);
    expect(layers.has('a')).toBe(false);
    expect(layers.get('d')).toBe(0);
  });

  it('reports dangling dependencies and still layers the rest', () => {
    const { layers, dangling } = computeLayers([{ name: 'app', dependsOn: ['ghost', 'base'] }, { name: 'base', dependsOn: [] }]);
    expect(dangling).toEqual([['app', 'ghost']]);
    expect(layers.get('app')).toBe(1);
  });
});
