/** `regen --check` and `regen` on repos with and without records: sync, drift, missing providers (real bin, real kustomize). */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRepo, EXAMPLE, FIXTURES } from '../helpers/repo.ts';
import { cacheMisses, regen, regenBin, repoTree, replaceOnce, warmCopy } from '../helpers/regen.ts';

const INFRA = 'clusters/local-kube/infrastructure.yaml';
const GATEKEEPER_DEPENDS_ON = 'spec:\n  dependsOn:\n    - name: cilium\n  interval: 5m\n  path: ./namespaces/gatekeeper-system\n';

describe('regen on repos without records', () => {
  it('regen --check on the untouched example repo exits 0, says it is in sync and changes no byte (real bin)', async () => {
    const root = await copyRepo(EXAMPLE);
    const before = await repoTree(root);
    const result = await regenBin(root, ['--check']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('fluxgen regen --check: in sync (0 records, 10 Kustomizations checked)');
    expect(await repoTree(root)).toEqual(before);
  });

  it('regen on the untouched example repo writes nothing and exits 0', async () => {
    const root = await warmCopy(EXAMPLE);
    const before = await repoTree(root);
    const result = await regen(root);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(await repoTree(root)).toEqual(before);
  });

  it('regen --check on the CRLF, 4-space homelab repo exits 0 and changes no byte', async () => {
    const root = await copyRepo(path.join(FIXTURES, 'homelab-flat'));
    const before = await repoTree(root);
    const result = await regen(root, ['--check']);
    expect(result.stderr).toBe('fluxgen regen --check: in sync (0 records, 9 Kustomizations checked)');
    expect(result.exitCode).toBe(0);
    expect(await repoTree(root)).toEqual(before);
  });

  it('a Kustomization without its CRD provider: --check exits 1 with a diff naming it and writes nothing; regen adds it and says a recreate is needed', async () => {
    const root = await warmCopy(EXAMPLE);
    const original = await readFile(path.join(root, INFRA), 'utf8');
    await replaceOnce(root, INFRA, GATEKEEPER_DEPENDS_ON, 'spec:\n  interval: 5m\n  path: ./namespaces/gatekeeper-system\n');
    const dropped = await repoTree(root);

    const check = await regen(root, ['--check']);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain(`--- a/${INFRA}\n+++ b/${INFRA}\n`);
    expect(check.stdout).toContain('   name: gatekeeper-system\n   namespace: flux-system\n spec:\n+  dependsOn:\n+    - name: cilium\n');
    expect(check.stderr).toContain('fluxgen: cluster local-kube: Kustomization gatekeeper-system lacks dependsOn cilium (its build has CiliumNetworkPolicy)');
    expect(check.stderr).toContain(`fluxgen: error [REGEN_DRIFT]: 1 file out of date: ${INFRA}`);
    expect(await repoTree(root)).toEqual(dropped);

    const fix = await regen(root);
    expect(fix.exitCode).toBe(0);
    expect(fix.stdout).toContain('- cluster local-kube: Kustomization gatekeeper-system gains dependsOn cilium (its build has CiliumNetworkPolicy)');
    expect(fix.stdout).toContain('- YES: dependsOn of existing Kustomization gatekeeper-system in cluster local-kube gains cilium');
    expect(await readFile(path.join(root, INFRA), 'utf8')).toBe(original);
  });

  it('a CRD provider the cluster lacks is reported (MISSING_PROVIDER, exit 1), never invented, and nothing is written', async () => {
    const root = await copyRepo(path.join(FIXTURES, 'two-clusters'));
    await mkdir(path.join(root, 'namespaces/issuers'));
    await writeFile(
      path.join(root, 'namespaces/issuers/cluster-issuer.yaml'),
      'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: selfsigned\nspec:\n  selfSigned: {}\n',
    );
    const file = path.join(root, 'clusters/staging/infrastructure.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')) +
        '---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: issuers\n  namespace: flux-system\n' +
        'spec:\n  interval: 5m\n  path: ./namespaces/issuers\n  prune: false\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
    );
    const before = await repoTree(root);
    for (const args of [['--check'], []]) {
      const result = await regen(root, args);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /error \[MISSING_PROVIDER\]: cluster staging: Kustomization issuers \(clusters\/staging\/infrastructure.yaml:\d+\) builds ClusterIssuer, whose CRDs cert-manager provides, but cluster staging has no Kustomization cert-manager/,
      );
      expect(await repoTree(root)).toEqual(before);
    }
  });

  it('a Kustomization whose path does not exist is reported (PATH_MISSING, exit 1)', async () => {
    const root = await warmCopy(EXAMPLE);
    await replaceOnce(root, INFRA, 'path: ./namespaces/kyverno', 'path: ./namespaces/kyverno-typo');
    const result = await regen(root, ['--check']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/error \[PATH_MISSING\]: cluster local-kube: Kustomization kyverno \(clusters\/local-kube\/infrastructure.yaml:\d+\): \.\/namespaces\/kyverno-typo does not exist/);
  });
});

describe('the build cache', () => {
  it('a second regen --check runs no kustomize build; a changed file rebuilds only its directory', async () => {
    const root = await copyRepo(EXAMPLE);
    const debug = { FLUXGEN_DEBUG: '1' };
    const cold = await regen(root, ['--check'], debug);
    expect(cold.exitCode).toBe(0);
    // every folder discovery reaches: the cluster folder, its secrets, and the 9 component paths
    expect(cacheMisses(cold.stderr)).toHaveLength(11);
    expect(cacheMisses(cold.stderr)).toContain('clusters/local-kube');

    const warm = await regen(root, ['--check'], debug);
    expect(warm.exitCode).toBe(0);
    expect(cacheMisses(warm.stderr)).toEqual([]);
    expect(warm.stderr).toContain('fluxgen: debug: build cache hit namespaces/kyverno');

    await replaceOnce(root, 'namespaces/kyverno/helm-release.yaml', 'apiVersion:', '# a comment\napiVersion:');
    const changed = await regen(root, ['--check'], debug);
    expect(changed.exitCode).toBe(0);
    expect(cacheMisses(changed.stderr)).toEqual(['namespaces/kyverno']);
    expect(await readFile(path.join(root, '.fluxgen/cache/.gitignore'), 'utf8')).toContain('*\n');

    const uncached = await regen(root, ['--check', '--no-cache'], debug);
    expect(uncached.exitCode).toBe(0);
    expect(uncached.stderr).not.toContain('build cache');
  });
});
