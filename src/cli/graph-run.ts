/** What `fluxgen graph` does once its flags are parsed: loaded only when graph runs. */
import { computeClusterGraphs, type ClusterGraph } from '../check/cluster-graph.ts';
import type { RepoModel } from '../discover/model.ts';
import { loadRepoModel } from '../discover/discover-repo.ts';
import { FluxgenError } from '../errors.ts';
import { formatRemoteWarnings } from '../report/remote-warnings.ts';
import { formatNotices } from '../report/check-text.ts';
import { formatGraphDot } from '../report/graph-dot.ts';
import { formatGraphJson } from '../report/graph-json.ts';
import { formatGraphMermaid } from '../report/graph-mermaid.ts';
import { formatGraphText } from '../report/graph-text.ts';
import type { GraphFlags, GraphFormat } from './graph-command.ts';
import { withProgress } from './progress.ts';

const FORMATS: Record<GraphFormat, (graphs: readonly ClusterGraph[]) => string> = {
  text: formatGraphText,
  json: formatGraphJson,
  mermaid: formatGraphMermaid,
  dot: formatGraphDot,
};

/**
 * Folders that did not build hide the Kustomizations defined there: a warning each; an error (exit 1)
 * when it is a cluster's entry folder, since that cluster's graph would be empty.
 */
function reportIncomplete(model: RepoModel): FluxgenError | undefined {
  const entries = new Set(model.entries.values());
  let entryError: FluxgenError | undefined;
  for (const [dir, outcome] of [...model.folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const where = dir || '.';
    if (outcome.error && entries.has(dir)) {
      entryError ??= new FluxgenError('KUSTOMIZE_FAILED', `${where} (where Flux starts) does not build: ${outcome.error}`, {
        hint: `fix the error, then run \`kubectl kustomize --load-restrictor LoadRestrictionsNone ${where}\` to confirm`,
      });
    } else if (outcome.error) {
      process.stderr.write(`fluxgen: warning: ${where} does not build, so Kustomizations defined there are missing: ${outcome.error.split('\n')[0]}\n`);
    }
  }
  return entryError;
}

/** Cycles and dangling dependsOn as one error (exit 1) naming every Kustomization involved. */
function graphError(graphs: readonly ClusterGraph[]): FluxgenError | undefined {
  const cycles = graphs.flatMap((g) => g.cycles.map((c) => `cluster ${g.cluster}: cycle ${[...c, c[0]].join(' → ')}`));
  const dangling = graphs.flatMap((g) =>
    g.dangling.map(([from, to]) => `cluster ${g.cluster}: ${from} depends on ${to}, which is not a Kustomization of the cluster`),
  );
  if (cycles.length + dangling.length === 0) return undefined;
  const problems = [...cycles, ...dangling].join('; ');
  if (cycles.length > 0) {
    return new FluxgenError('DEPENDENCY_CYCLE', `the dependsOn graph has a cycle: ${problems}`, {
      hint: 'remove the dependsOn entry that closes each cycle; Flux never applies the members of a cycle',
    });
  }
  return new FluxgenError('DANGLING_DEPENDS_ON', `dependsOn names a missing Kustomization: ${problems}`, {
    hint: 'fix the name (or its namespace), or add the missing Kustomization; Flux waits for it forever',
  });
}

/** Discovers and builds the repo at `root`, prints every cluster's graph; throws on a broken entry folder, a cycle or a dangling dependsOn. */
export async function runGraph(root: string, flags: GraphFlags): Promise<void> {
  const model = await withProgress(flags.format !== 'json', (onProgress) => loadRepoModel(root, { cluster: flags.cluster, path: flags.path, onProgress }));
  process.stderr.write(formatRemoteWarnings(model.builder.remoteReferences()));
  process.stderr.write(formatNotices(model.notices));
  const entryError = reportIncomplete(model);
  const graphs = computeClusterGraphs(model);
  process.stdout.write(FORMATS[flags.format](graphs));
  const error = entryError ?? graphError(graphs);
  if (error) throw error;
}
