/**
 * One repo model for every command: `component`, `regen`, `check` and `graph` see the same Flux
 * Kustomizations, at the same file and line. Each command is run for real on one repo; with
 * FLUXGEN_DEBUG every load of the model (the repo as it is) lists what it found, and graph's JSON must
 * agree with that list.
 */
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listYamlFiles } from '../src/discover/repo-files.ts';
import { copyRepo, EXAMPLE, FIXTURES, runCli, tempDir } from './helpers/repo.ts';
import { CORPUS, skipUnlessShared } from './helpers/shared.ts';

const MODEL_LINE = /^fluxgen: debug: model: (\S+) (\S+):(\d+)$/gm;

/** The Kustomizations a command's model held: `cluster/namespace/name file:line`, sorted. */
function seen(stderr: string): string[] {
  return [...new Set([...stderr.matchAll(MODEL_LINE)].map((m) => `${m[1]} ${m[2]}:${m[3]}`))].sort();
}

const REPOS: [string, string][] = [
  ['the bundled example', EXAMPLE],
  ['two clusters', path.join(FIXTURES, 'two-clusters')],
  ['a home-ops style repo', path.join(FIXTURES, 'home-ops-style')],
  ['a flat homelab (CRLF)', path.join(FIXTURES, 'homelab-flat')],
];

describe.concurrent('component, regen, check and graph on one repo', () => {
  it.each(REPOS)('%s: the same Kustomizations at the same file and line', async (_, source) => {
    await expectSameModel(await copyRepo(source));
  });

  it.skipIf(skipUnlessShared())('the corpus of 78 real Flux files, each the entry of its own cluster', async () => {
    const root = await tempDir('fluxgen-corpus-');
    for (const [index, source] of (await listYamlFiles(CORPUS)).entries()) {
      const cluster = `c${String(index).padStart(2, '0')}`;
      await mkdir(path.join(root, 'clusters', cluster), { recursive: true });
      await cp(path.join(CORPUS, source), path.join(root, 'clusters', cluster, path.posix.basename(source)));
    }
    await expectSameModel(root);
  }, 300_000);
});

/** Runs the four commands on `root` and compares what their models held. */
async function expectSameModel(root: string): Promise<void> {
  {
    const env = { FLUXGEN_DEBUG: '1' };
    const run = (args: string[]) => runCli(['--infra-root', root, ...args], { env });
    const [check, graph, regen, component] = await Promise.all([
      run(['check', '--format', 'json']),
      run(['graph', '--format', 'json']),
      run(['regen', '--check']),
      run(['component', 'probe', '--chart', 'probe', '--repo-url', 'https://charts.example.com', '--dry-run', '--json']),
    ]);
    const fromCheck = seen(check.stderr);
    expect(fromCheck.length).toBeGreaterThan(0);
    expect(seen(graph.stderr)).toEqual(fromCheck);
    expect(seen(regen.stderr)).toEqual(fromCheck);
    expect(seen(component.stderr)).toEqual(fromCheck);

    // graph's JSON names the same Kustomizations of the same clusters
    const graphed = (JSON.parse(graph.stdout) as { kustomizations: { cluster: string; name: string }[] }).kustomizations;
    const names = (list: string[]) => list.map((entry) => entry.split(' ')[0]!.replace(/^([^/]+)\/[^/]+\//, '$1/')).sort();
    expect(graphed.map((k) => `${k.cluster}/${k.name.split('/').at(-1)}`).sort()).toEqual(names(fromCheck));
  }
}
