/**
 * Two runs at once cannot corrupt infrastructure.yaml (SPEC §9): 8 real `fluxgen component`
 * processes add 8 different components to one repo at the same time. The repo lock makes them take
 * turns (each reads the repo under the lock), so all 8 land: no lost update, the file still parses,
 * its original bytes are untouched, and no lock or journal is left behind.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKustomizations } from '../../src/edit/read-kustomizations.ts';
import { startCli } from '../helpers/processes.ts';
import { copyRepo, EXAMPLE } from '../helpers/repo.ts';
import { snapshot } from '../helpers/snapshot.ts';

const INFRA = 'clusters/local-kube/infrastructure.yaml';
const NAMES = ['redis', 'postgres', 'rabbitmq', 'memcached', 'minio', 'vault', 'harbor', 'keycloak'];

describe('concurrent runs against one repo', () => {
  it('8 processes adding 8 components at once: all 8 present, infrastructure.yaml valid, no lost update', { timeout: 300_000 }, async () => {
    const root = await copyRepo(EXAMPLE);
    const original = await readFile(path.join(root, INFRA));
    const existing = readKustomizations(original.toString('utf8'), INFRA).map((k) => k.name);

    const results = await Promise.all(
      NAMES.map((name) => startCli(['--infra-root', root, 'component', name, '--chart', name, '--repo-url', `https://charts.example.com/${name}`, '--chart-version', '1.x', '--json'])),
    );
    for (const [i, result] of results.entries()) expect(result.exitCode, `${NAMES[i]}: ${result.stderr}`).toBe(0);

    const final = await readFile(path.join(root, INFRA));
    expect(final.subarray(0, original.length).equals(original), 'the original bytes are untouched').toBe(true);
    const found = readKustomizations(final.toString('utf8'), INFRA).map((k) => k.name);
    expect(found.slice(0, existing.length)).toEqual(existing);
    expect([...found.slice(existing.length)].sort()).toEqual([...NAMES].sort());
    const lost = NAMES.filter((name) => !found.includes(name));

    const tree = await snapshot(root);
    for (const name of NAMES) {
      expect(tree.files.has(`namespaces/${name}/helm-release.yaml`), name).toBe(true);
      expect(tree.files.has(`.fluxgen/components/${name}.yaml`), name).toBe(true);
      const reported = JSON.parse(results[NAMES.indexOf(name)]!.stdout) as { filesModified: string[] };
      expect(reported.filesModified).toEqual([INFRA]);
    }
    expect([...tree.files.keys()].filter((f) => f.startsWith('.fluxgen/') && !f.startsWith('.fluxgen/components/'))).toEqual([]);
    expect(await stat(path.join(root, '.fluxgen/lock')).then(() => true, () => false)).toBe(false);

    const waited = results.filter((r) => r.stderr.includes('waiting for another fluxgen run')).length;
    console.log(`concurrency: ${NAMES.length} runs at once, ${results.filter((r) => r.exitCode === 0).length} exit 0, ${lost.length} lost updates, ${waited} waited for the lock`);
    expect(lost).toEqual([]);
  });
});
