/** regen twice changes nothing the second time, and every byte of infrastructure.yaml it did not need to touch is kept. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE } from '../helpers/repo.ts';
import { regen, repoTree, replaceOnce, warmCopy } from '../helpers/regen.ts';

const INFRA = 'clusters/local-kube/infrastructure.yaml';

/** The documents of a multi-document file, split on `---` lines, with their bytes. */
function documents(text: string): string[] {
  return text.split(/^---$/m);
}

describe('regen idempotence', () => {
  it('restores dropped dependsOn (block and flow style) in place, keeps every other document byte for byte, and a second run changes nothing', async () => {
    const root = await warmCopy(EXAMPLE);
    const original = await readFile(path.join(root, INFRA), 'utf8');
    await replaceOnce(root, INFRA, 'spec:\n  dependsOn:\n    - name: cilium\n  interval: 5m\n  path: ./namespaces/gatekeeper-system', 'spec:\n  interval: 5m\n  path: ./namespaces/gatekeeper-system');
    await replaceOnce(root, INFRA, 'dependsOn: [{name: cilium}]', 'dependsOn: []');
    const dropped = await readFile(path.join(root, INFRA), 'utf8');

    const first = await regen(root);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('- cluster local-kube: Kustomization gatekeeper-system gains dependsOn cilium');
    expect(first.stdout).toContain('- cluster local-kube: Kustomization kyverno gains dependsOn cilium');
    const restored = await readFile(path.join(root, INFRA), 'utf8');
    const [before, after] = [documents(dropped), documents(restored)];
    expect(after).toHaveLength(before.length);
    const touched = after.flatMap((doc, i) => (doc === before[i] ? [] : [i]));
    expect(touched.map((i) => /name: (\S+)/.exec(after[i]!)?.[1])).toEqual(['kyverno', 'gatekeeper-system']);
    // The editor writes what a person would have written: here, exactly the original file.
    expect(restored).toBe(original);

    const tree = await repoTree(root);
    const second = await regen(root);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe('fluxgen regen: in sync (0 records, 10 Kustomizations checked)');
    expect(await repoTree(root)).toEqual(tree);
  });
});
