import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RepoModel } from '../../src/discover/model.ts';
import { createBuilder } from '../../src/build/builder.ts';
import { loadRepoModel } from '../../src/discover/discover-repo.ts';
import { readKustomizations } from '../../src/edit/read-kustomizations.ts';
import { EXAMPLE } from '../helpers/repo.ts';

const INFRA = 'clusters/local-kube/infrastructure.yaml';

/** name → [line of its document's apiVersion, path, dependsOn] as written in the example's infrastructure.yaml. */
const EXPECTED: Record<string, [number, string, string[]]> = {
  cilium: [28, 'namespaces/cilium', []],
  secrets: [44, 'clusters/local-kube/secrets', []],
  monitoring: [64, 'namespaces/monitoring', []],
  'longhorn-system': [83, 'namespaces/longhorn-system', ['cilium']],
  'cert-manager': [109, 'namespaces/cert-manager', ['cilium']],
  kyverno: [126, 'namespaces/kyverno', ['cilium']],
  'gatekeeper-system': [142, 'namespaces/gatekeeper-system', ['cilium']],
  'cluster-issuers': [163, 'namespaces/cluster-issuers', ['cert-manager']],
  'cert-manager-monitoring': [180, 'namespaces/cert-manager-monitoring', ['cert-manager', 'monitoring']],
  'longhorn-system-monitoring': [198, 'namespaces/longhorn-system-monitoring', ['longhorn-system', 'monitoring']],
};

describe('loadRepoModel on the bundled example (flat, no kustomization.yaml in the cluster folder)', () => {
  let model: RepoModel;
  beforeAll(async () => {
    model = await loadRepoModel(EXAMPLE, { builder: createBuilder(EXAMPLE, { cache: false }) });
  });

  it('finds the one cluster and the flat layout', () => {
    expect(model.clusters).toEqual(['local-kube']);
    expect(model.layout).toBe('flat');
    expect(model.entries).toEqual(new Map([['local-kube', 'clusters/local-kube']]));
  });

  it('discovers every Kustomization of infrastructure.yaml with its file, line, namespace, path and dependsOn', () => {
    const found = Object.fromEntries(
      model.kustomizations.map((k) => [k.name, [k.line, k.path, k.dependsOn.map((d) => d.name)]]),
    );
    expect(found).toEqual(EXPECTED);
    for (const k of model.kustomizations) {
      expect(k).toMatchObject({ cluster: 'local-kube', namespace: 'flux-system', file: INFRA });
      expect(k.object.metadata.name).toBe(k.name);
    }
  });

  it('points each line at the document the comment-preserving reader finds (its apiVersion, just above kind)', async () => {
    const source = await readFile(path.join(EXAMPLE, INFRA), 'utf8');
    const lines = source.split('\n');
    for (const read of readKustomizations(source, INFRA)) {
      const k = model.kustomizations.find((d) => d.name === read.name)!;
      expect(k.line).toBe(read.line - 1);
      expect(lines[k.line - 1]).toBe('apiVersion: kustomize.toolkit.fluxcd.io/v1');
    }
  });

  it('keeps the whole object: patches, wait, timeout and the SOPS decryption block', () => {
    const byName = new Map(model.kustomizations.map((k) => [k.name, k.object]));
    expect(byName.get('secrets')!.spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    expect(byName.get('longhorn-system')!.spec.patches[0].target).toEqual({ kind: 'HelmRelease', name: 'longhorn' });
    expect(byName.get('cert-manager-monitoring')!.spec).toMatchObject({ wait: false, timeout: '5m' });
  });

  it('builds every path: objects with their source files, build annotations stripped', () => {
    expect([...model.builds.keys()].sort()).toEqual(Object.keys(EXPECTED).map((name) => `local-kube/flux-system/${name}`).sort());
    const certManager = model.builds.get('local-kube/flux-system/cert-manager')!;
    expect(certManager.error).toBeUndefined();
    expect(certManager.objects.map((o) => `${o.object.kind} ${o.file}`).sort()).toEqual([
      'CiliumNetworkPolicy namespaces/cert-manager/cilium-network-policies/allow-k8s-api.yaml',
      'HelmRelease namespaces/cert-manager/helm-release.yaml',
      'HelmRepository namespaces/cert-manager/helm-repository.yaml',
      'Namespace namespaces/cert-manager/namespace.yaml',
    ]);
    for (const outcome of model.builds.values()) {
      for (const { object } of outcome.objects) {
        expect(Object.keys(object.metadata?.annotations ?? {})).not.toContain('config.kubernetes.io/origin');
        expect(Object.keys(object.metadata?.annotations ?? {})).not.toContain('fluxgen.io/build-unit');
      }
    }
  });

  it('builds the SOPS-encrypted secrets without decrypting them', () => {
    const [secret] = model.builds.get('local-kube/flux-system/secrets')!.objects;
    expect(secret!.file).toBe('clusters/local-kube/secrets/cluster-secrets.sops.yaml');
    expect(secret!.object.kind).toBe('Secret');
    expect(String((secret!.object.stringData as Record<string, string>).SLACK_WEBHOOK_URL)).toMatch(/^ENC\[AES256_GCM,/);
    expect(secret!.object.sops).toBeDefined();
  });

  it('needs two kustomize runs for the whole repo: the cluster folder, then every path in one batch', () => {
    expect(model.builder.stats.runs).toBe(2);
  });
});
