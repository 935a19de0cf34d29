import { describe, expect, it } from 'vitest';
import { contextOf, normalizeFluxPath, readDependsOn, substituteVars, toDiscovered } from '../../src/discover/flux-object.ts';

const ks = (metadata: Record<string, string>, spec: Record<string, unknown>) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'app', ...metadata },
  spec,
});
const where = { cluster: 'main', file: 'ks.yaml', line: 3 };

describe('Flux Kustomization objects', () => {
  it.each([
    ['./namespaces/cilium', 'namespaces/cilium'],
    ['namespaces/cilium/', 'namespaces/cilium'],
    ['./', ''],
    ['.', ''],
    ['../../outside', 'outside'],
    ['./a//b/./c', 'a/b/c'],
  ])('normalises spec.path %j to %j, as Flux joins it to the source root', (given, expected) => {
    expect(normalizeFluxPath(given)).toBe(expected);
  });

  it('substitutes ${VAR}, ${VAR:=default} and ${VAR:-default}, leaving unknown variables as text', () => {
    expect(substituteVars('./apps/${CLUSTER}/${APP:=web}/${MISSING}/${X:-y}', { CLUSTER: 'main' })).toBe('./apps/main/web/${MISSING}/y');
  });

  it('takes the namespace from the parent\'s targetNamespace, else the object, else flux-system', () => {
    expect(toDiscovered(ks({ namespace: 'apps' }, {}), where, { targetNamespace: 'team', vars: {} }).namespace).toBe('team');
    expect(toDiscovered(ks({ namespace: 'apps' }, {}), where, { vars: {} }).namespace).toBe('apps');
    expect(toDiscovered(ks({}, {}), where, { vars: {} }).namespace).toBe('flux-system');
  });

  it('resolves the path with the parent\'s postBuild variables and keeps the whole object', () => {
    const parent = contextOf(ks({}, { postBuild: { substitute: { CLUSTER: 'main', REPLICAS: 2 } }, targetNamespace: 'x' }));
    expect(parent).toEqual({ targetNamespace: 'x', vars: { CLUSTER: 'main' } });
    const object = ks({}, { path: './clusters/${CLUSTER}/apps', dependsOn: [{ name: 'infra', namespace: 'flux-system' }, 'legacy'] });
    expect(toDiscovered(object, where, parent)).toEqual({
      cluster: 'main', name: 'app', namespace: 'x', file: 'ks.yaml', line: 3, path: 'clusters/main/apps',
      dependsOn: [{ name: 'infra', namespace: 'flux-system' }, { name: 'legacy' }], object,
    });
  });

  it('reads dependsOn entries with or without a namespace and drops the ones without a name', () => {
    expect(readDependsOn([{ name: 'a' }, { name: 'b', namespace: 'n' }, { namespace: 'n' }, 7, 'c'])).toEqual([
      { name: 'a' }, { name: 'b', namespace: 'n' }, { name: 'c' },
    ]);
    expect(readDependsOn(undefined)).toEqual([]);
  });
});
