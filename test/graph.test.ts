import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeClusterGraph, computeClusterGraphs } from '../src/check/cluster-graph.ts';
import type { DiscoveredKustomization } from '../src/discover/model.ts';
import { createBuilder } from '../src/build/builder.ts';
import { loadRepoModel } from '../src/discover/discover-repo.ts';
import { formatGraphDot } from '../src/report/graph-dot.ts';
import { formatGraphJson } from '../src/report/graph-json.ts';
import { formatGraphMermaid } from '../src/report/graph-mermaid.ts';
import { formatGraphText } from '../src/report/graph-text.ts';
import { copyRepo, EXAMPLE, FIXTURES, runCli } from './helpers/repo.ts';

const entry = (name: string, dependsOn: string[], layer: number) => ({ cluster: 'local-kube', name, dependsOn, layer });

/** The example's bootstrap order, as its infrastructure.yaml header describes it. */
const EXAMPLE_GRAPH = {
  kustomizations: [
    entry('cilium', [], 0),
    entry('monitoring', [], 0),
    entry('secrets', [], 0),
    entry('cert-manager', ['cilium'], 1),
    entry('gatekeeper-system', ['cilium'], 1),
    entry('kyverno', ['cilium'], 1),
    entry('longhorn-system', ['cilium'], 1),
    entry('cert-manager-monitoring', ['cert-manager', 'monitoring'], 2),
    entry('cluster-issuers', ['cert-manager'], 2),
    entry('longhorn-system-monitoring', ['longhorn-system', 'monitoring'], 2),
  ],
};

const EDGES = EXAMPLE_GRAPH.kustomizations.flatMap((k) => k.dependsOn.map((dep) => [dep, k.name] as const));

/** A copy of the example where each named Kustomization gets `dependsOn: [extra]` at the top of its spec. */
async function exampleWithDependency(changes: Record<string, string>): Promise<string> {
  const root = await copyRepo(EXAMPLE);
  const file = path.join(root, 'clusters/local-kube/infrastructure.yaml');
  let text = await readFile(file, 'utf8');
  for (const [name, extra] of Object.entries(changes)) {
    const head = `  name: ${name}\n  namespace: flux-system\nspec:\n`;
    expect(text).toContain(head);
    text = text.replace(head, `${head}  dependsOn:\n    - name: ${extra}\n`);
  }
  await writeFile(file, text);
  return root;
}

describe('fluxgen graph (the real bin)', { timeout: 180_000 }, () => {
  it('prints the example repo layers as JSON, exactly', async () => {
    const result = await runCli(['graph', '--format', 'json', '--infra-root', EXAMPLE]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(EXAMPLE_GRAPH);
    expect(result.stderr).toBe('');
  });

  it('prints the same bytes twice', async () => {
    const first = await runCli(['graph', '--format', 'dot', '--infra-root', EXAMPLE]);
    const second = await runCli(['graph', '--format', 'dot', '--infra-root', EXAMPLE]);
    expect(first.exitCode).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('prints text per cluster and per layer, with what each Kustomization depends on', async () => {
    const { stdout } = await runCli(['graph', '--infra-root', EXAMPLE]);
    expect(stdout.split('\n').slice(0, 6)).toEqual([
      'Cluster local-kube (10 Kustomizations, 3 layers)',
      '  Layer 0',
      '    cilium',
      '    monitoring',
      '    secrets',
      '  Layer 1',
    ]);
    expect(stdout).toMatch(/^ {4}cert-manager-monitoring +depends on: cert-manager, monitoring$/m);
    expect(stdout).toContain('  Layer 2\n');
  });

  it('draws a mermaid flowchart with every node, every edge (dependency → dependent) and one subgraph per layer', async () => {
    const { stdout, exitCode } = await runCli(['graph', '--format', 'mermaid', '--infra-root', EXAMPLE]);
    expect(exitCode).toBe(0);
    expect(stdout.startsWith('flowchart LR\n')).toBe(true);
    const ids = new Map([...stdout.matchAll(/^ +(c\d+_k\d+)\["([^"]+)"\]$/gm)].map((m) => [m[2]!, m[1]!]));
    expect([...ids.keys()].sort()).toEqual(EXAMPLE_GRAPH.kustomizations.map((k) => k.name).sort());
    const edges = [...stdout.matchAll(/^ +(\S+) --> (\S+)$/gm)].map((m) => `${m[1]} --> ${m[2]}`).sort();
    expect(edges).toEqual(EDGES.map(([from, to]) => `${ids.get(from)} --> ${ids.get(to)}`).sort());
    for (const layer of [0, 1, 2]) expect(stdout).toContain(`subgraph c0_layer${layer}["Layer ${layer}"]`);
  });

  it('draws a Graphviz digraph with every node, every edge and each layer as one rank', async () => {
    const { stdout, exitCode } = await runCli(['graph', '--format', 'dot', '--infra-root', EXAMPLE]);
    expect(exitCode).toBe(0);
    expect(stdout.startsWith('digraph fluxgen {\n')).toBe(true);
    for (const k of EXAMPLE_GRAPH.kustomizations) expect(stdout).toContain(`"local-kube/${k.name}" [label="${k.name}"];`);
    const edges = [...stdout.matchAll(/^ +"local-kube\/([^"#]+)" -> "local-kube\/([^"]+)";$/gm)].map((m) => `${m[1]}->${m[2]}`).sort();
    expect(edges).toEqual(EDGES.map(([from, to]) => `${from}->${to}`).sort());
    const ranks = stdout.split('\n').filter((line) => line.includes('rank=same'));
    expect(ranks).toHaveLength(3);
    expect(ranks[2]).toContain('"local-kube/cluster-issuers"');
  });

  it('exits 1 on a cycle, naming every member, and still prints the graph with their layer null', async () => {
    const root = await exampleWithDependency({ cilium: 'cluster-issuers' });
    const result = await runCli(['graph', '--format', 'json', '--infra-root', root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('[DEPENDENCY_CYCLE]');
    expect(result.stderr).toContain('cycle cert-manager → cilium → cluster-issuers → cert-manager');
    const layers = Object.fromEntries(JSON.parse(result.stdout).kustomizations.map((k: { name: string; layer: number | null }) => [k.name, k.layer]));
    for (const member of ['cilium', 'cert-manager', 'cluster-issuers', 'kyverno']) expect(layers[member]).toBeNull();
    expect(layers.monitoring).toBe(0);
  });

  it('exits 1 on a dangling dependsOn, naming both ends', async () => {
    const root = await exampleWithDependency({ monitoring: 'policy-reporter' });
    const result = await runCli(['graph', '--infra-root', root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('[DANGLING_DEPENDS_ON]');
    expect(result.stderr).toContain('monitoring depends on policy-reporter, which is not a Kustomization of the cluster');
    expect(result.stdout).toContain('Dangling: monitoring depends on policy-reporter');
  });

  it('shows one cluster with --cluster, and exits 2 for an unknown one', async () => {
    const repo = path.join(FIXTURES, 'two-clusters');
    const all = JSON.parse((await runCli(['graph', '--format', 'json', '--infra-root', repo])).stdout);
    expect(all.kustomizations.map((k: { cluster: string; name: string }) => `${k.cluster}/${k.name}`)).toEqual([
      'production/cilium', 'production/monitoring', 'staging/cilium', 'staging/monitoring',
    ]);
    const staging = JSON.parse((await runCli(['graph', '--format', 'json', '--cluster', 'staging', '--infra-root', repo])).stdout);
    expect(staging.kustomizations.map((k: { cluster: string }) => k.cluster)).toEqual(['staging', 'staging']);
    const unknown = await runCli(['graph', '--cluster', 'qa', '--infra-root', repo]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('[UNKNOWN_CLUSTER]');
  });

  it('warns on stderr about a path that does not build, since what it defines is missing', async () => {
    const root = await copyRepo(EXAMPLE);
    await writeFile(path.join(root, 'namespaces/kyverno/kustomization.yaml'), 'resources:\n  - missing.yaml\n');
    const result = await runCli(['graph', '--format', 'json', '--infra-root', root]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/^fluxgen: warning: namespaces\/kyverno does not build/m);
    expect(JSON.parse(result.stdout)).toEqual(EXAMPLE_GRAPH);
  });

  it('exits 1 with KUSTOMIZE_FAILED when the folder where Flux starts does not build', async () => {
    const root = await exampleWithDependency({ kyverno: 'policy-reporter' }); // kyverno now has two dependsOn keys
    const result = await runCli(['graph', '--infra-root', root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('[KUSTOMIZE_FAILED]: clusters/local-kube (where Flux starts) does not build');
  });
});

describe('graph formats', () => {
  it('are byte-identical across two loads of the repo, in every format', async () => {
    const render = async () => {
      const graphs = computeClusterGraphs(await loadRepoModel(path.join(FIXTURES, 'home-ops-style'), { builder: createBuilder(path.join(FIXTURES, 'home-ops-style'), { cache: false }) }));
      return [formatGraphText, formatGraphJson, formatGraphMermaid, formatGraphDot].map((format) => format(graphs));
    };
    expect(await render()).toEqual(await render());
  });

  it('draw a cycle as its own group and a missing dependency as a dashed node', () => {
    const k = (name: string, dependsOn: string[]): DiscoveredKustomization => ({
      cluster: 'c', name, namespace: 'flux-system', file: 'f.yaml', line: 1, dependsOn: dependsOn.map((d) => ({ name: d })), object: {},
    });
    const graphs = [computeClusterGraph('c', [k('a', ['b']), k('b', ['a']), k('c', ['ghost'])])];
    const mermaid = formatGraphMermaid(graphs);
    expect(mermaid).toContain('subgraph c0_layer_cycle["Not layered (cycle)"]');
    expect(mermaid).toMatch(/c0_missing0\["ghost \(missing\)"\]:::missing/);
    expect(formatGraphDot(graphs)).toContain('"c/ghost" [label="ghost (missing)", style=dashed];');
    expect(formatGraphText(graphs)).toContain('  Cycle: a → b → a\n');
  });
});

describe('computeClusterGraph', () => {
  const k = (name: string, namespace: string, dependsOn: DiscoveredKustomization['dependsOn']): DiscoveredKustomization => ({
    cluster: 'c', name, namespace, file: 'f.yaml', line: 1, dependsOn, object: {},
  });

  it('resolves dependsOn in the dependent\'s namespace by default, and by explicit namespace', () => {
    const graph = computeClusterGraph('c', [
      k('db', 'data', []),
      k('app', 'data', [{ name: 'db' }]),
      k('web', 'default', [{ name: 'app', namespace: 'data' }]),
    ]);
    expect(graph.entries.map((e) => [e.name, e.layer])).toEqual([['db', 0], ['app', 1], ['web', 2]]);
  });

  it('treats an explicit namespace that does not match as dangling, and qualifies names two namespaces share', () => {
    const graph = computeClusterGraph('c', [
      k('app', 'one', []),
      k('app', 'two', [{ name: 'app', namespace: 'one' }]),
      k('web', 'default', [{ name: 'app', namespace: 'three' }]),
    ]);
    expect(graph.entries.map((e) => [e.name, e.dependsOn, e.layer])).toEqual([
      ['one/app', [], 0],
      ['web', ['three/app'], 0],
      ['two/app', ['one/app'], 1],
    ]);
    expect(graph.dangling).toEqual([['web', 'three/app']]);
  });
});
