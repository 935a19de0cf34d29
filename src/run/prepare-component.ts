/** plan → render → build (staged) → edit: everything `component` does before it writes. */
import type { BuildFunction } from '../build/build-cache.ts';
import { computeDependsOn, providerTable } from '../build/depends-on.ts';
import { assertParses } from '../build/assert-parses.ts';
import { checkBuildInputs } from '../build/check-build-inputs.ts';
import type { BuiltObject } from '../build/kustomize.ts';
import { stagedObjects } from '../build/staged-build.ts';
import { FluxgenError } from '../errors.ts';
import type { ProviderRow } from '../config.ts';
import { planComponent, type ComponentInput, type ComponentSpec } from '../plan/plan-component.ts';
import { contentHash, parseRecord, recordPath, serializeRecord } from '../plan/record.ts';
import { readRepo, type RepoFacts } from '../plan/repo.ts';
import { renderComponent, type RenderedComponent } from '../render/render-component.ts';
import type { RunReport } from '../report/run-report.ts';
import { planChanges, readIfExists, type FileChange } from '../write/change-set.ts';
import { assertInsideRoot } from '../write/safe-path.ts';
import { checkOwnership } from './ownership.ts';
import { placeInCluster } from './place-in-cluster.ts';
import { validateComponent, type ComponentDraft } from './validate-component.ts';

export interface ComponentOptions {
  root: string;
  /** Run kustomize (default true); without it dependsOn comes from the rendered files. */
  validate?: boolean;
  force?: boolean;
}

/** Handed in by a caller that chains several components in one run (`regen`). */
export interface PrepareContext {
  /** Repo facts read once, with the run's pending files applied. */
  repo: RepoFacts;
  /** Files already changed earlier in the run (path → content): this component's edits go on top. */
  pending: ReadonlyMap<string, string>;
  /** Builds the staged component directories (e.g. through the build cache). */
  build?: BuildFunction;
}

export interface PreparedComponent {
  spec: ComponentSpec;
  rendered: RenderedComponent;
  /** Every file of the run after this component: the context's pending files, then this component's. */
  desired: Map<string, string>;
  /** What each of the component's directories builds. */
  objects: Map<string, BuiltObject[]>;
  changes: FileChange[];
  /** Directories to build after writing. */
  buildDirs: string[];
  report: RunReport;
  recreateCommand: string;
}

/**
 * Plans the whole change of `fluxgen component` in memory; writes nothing. A record's spec is a
 * valid input too. With a context, the repo is not read again, the change goes on top of the
 * pending files, and ownership is left to the caller (regen reports hand edits instead of stopping).
 */
export async function prepareComponent(input: ComponentInput, options: ComponentOptions, context?: PrepareContext): Promise<PreparedComponent> {
  const repo = context?.repo ?? (await readRepo(options.root));
  if (repo.layout !== 'flat') {
    throw new FluxgenError('BAD_REPO', `${options.root} uses the base/overlays layout; \`component\` adds to the flat layout`, {
      hint: 'run `fluxgen service <name> --image IMG --port N`, or set `layout: flat` in .fluxgen.yaml',
    });
  }
  const spec = await planComponent(input, repo);
  const rendered = renderComponent(spec, repo);
  const infraFiles = spec.clusters.map((name) => repo.clusters.find((c) => c.name === name)!.infraFile);
  await assertInsideRoot(repo.root, [...rendered.files.map((f) => f.path), recordPath(spec.name), ...infraFiles]);
  if (!context) {
    const previousRecord = parseRecord((await readIfExists(repo.root, recordPath(spec.name))) ?? '');
    await checkOwnership(repo.root, rendered, previousRecord, options.force ?? false);
  }

  const validate = options.validate ?? true;
  const dirs = [rendered.dirs.main, ...(rendered.dirs.monitoring ? [rendered.dirs.monitoring] : [])];
  const objects = await stagedObjects(rendered.files, dirs, { validate, build: context?.build });
  const drafts = draftKustomizations(spec, rendered, objects, providerTable(repo.config.providers));

  const desired = new Map([...(context?.pending ?? []), ...rendered.files.map((f): [string, string] => [f.path, f.content])]);
  const { schema, antiPatterns } = await validateComponent(repo.root, repo.config, spec.clusters, drafts);
  const report: RunReport = {
    filesCreated: [],
    filesModified: [],
    kustomizations: [],
    assumptions: [...rendered.assumptions],
    clusterRecreate: { required: false, reasons: [] },
    validation: { yaml: 'pass', kustomize: validate ? 'pass' : 'skipped', schema, antiPatterns },
  };

  for (const clusterName of spec.clusters) {
    const cluster = repo.clusters.find((c) => c.name === clusterName)!;
    await placeInCluster(repo, cluster, drafts, desired, report);
  }
  if (!report.clusterRecreate.required) {
    report.clusterRecreate.reasons.push('only new Kustomizations or unchanged ones: Flux applies them on the running cluster');
  }

  const files = Object.fromEntries(rendered.files.map((f) => [f.path, contentHash(f.content)]));
  desired.set(recordPath(spec.name), serializeRecord({ kind: 'component', spec, files }));
  for (const [file, content] of desired) assertParses(file, content);
  const changes = await planChanges(repo.root, desired);
  report.filesCreated = changes.filter((c) => c.previous === null).map((c) => c.path);
  report.filesModified = changes.filter((c) => c.previous !== null).map((c) => c.path);
  const buildDirs = validate ? [...dirs, ...spec.clusters.map((c) => `clusters/${c}`)] : [];
  await checkBuildInputs(repo.root, buildDirs, new Set(desired.keys()));
  return { spec, rendered, desired, objects, changes, buildDirs, report, recreateCommand: repo.config.recreateCommand };
}

/** The component's Flux Kustomizations with their computed dependsOn (SPEC §4). */
function draftKustomizations(spec: ComponentSpec, rendered: RenderedComponent, objects: Map<string, BuiltObject[]>, table: ProviderRow[]): ComponentDraft[] {
  const draft = (name: string, path: string, monitoring: boolean, explicit: readonly string[]): ComponentDraft => {
    const built = objects.get(path)!;
    return { name, path, monitoring, dependsOn: computeDependsOn(name, built, explicit, table), objects: built };
  };
  const drafts = [draft(spec.name, rendered.dirs.main, false, spec.dependsOn)];
  if (rendered.dirs.monitoring) drafts.push(draft(`${spec.name}-monitoring`, rendered.dirs.monitoring, true, ['monitoring', spec.name]));
  return drafts;
}
