/**
 * The generator pipeline: plan → render → staged build → place in cluster files → validate, all in
 * memory. The same for every generator; transaction.ts then writes the result all or nothing.
 */
import { assertParses } from '../build/assert-parses.ts';
import { createBuilder, type Builder, type OnBuildProgress } from '../build/builder.ts';
import { checkBuildInputs } from '../build/check-build-inputs.ts';
import type { BuiltObject } from '../build/kustomize.ts';
import { loadConfig } from '../config.ts';
import { listClusters } from '../discover/cluster-entry.ts';
import { assertRepoRoot, loadRepoModel } from '../discover/discover-repo.ts';
import type { RepoModel } from '../discover/model.ts';
import { FluxgenError } from '../errors.ts';
import { contentHash, readRecord, recordPath, serializeRecord } from '../plan/records.ts';
import type { RunReport } from '../report/run-report.ts';
import { planChanges, type FileChange } from '../write/change-set.ts';
import { assertInsideRoot } from '../write/safe-path.ts';
import { assertPatchClusters, readPatchFile } from '../plan/patch-file.ts';
import type { Draft, Generator, PlannedSpec, RenderedChange } from './generator.ts';
import { checkOwnership } from './ownership.ts';
import { patchReviews, withPatches } from './cluster-patches.ts';
import { recreateOf } from './cluster-recreate.ts';
import { placeInCluster, readTargetFiles, targetsOf, type TargetFile } from './place-in-cluster.ts';
import { inferComponentsDir } from '../plan/follow-repo.ts';
import { validateDrafts } from './validate-drafts.ts';

export interface ChangeOptions {
  root: string;
  /** Run kustomize (default true); without it the model and dependsOn come from the rendered files as written. */
  validate?: boolean;
  force?: boolean;
  /** `--patch-file CLUSTER=FILE`: Flux patches for the change's main Kustomization in that cluster. */
  patchFiles?: readonly { cluster: string; file: string }[];
  /** The progress of the run's builds (the repo model's, the staged ones, the verification after writing). */
  onProgress?: OnBuildProgress;
}

/** Handed in by a caller that chains several changes in one run (`regen`). */
export interface ChangeContext {
  /** The repo model with the run's pending files applied. */
  model: RepoModel;
  /** Files already changed earlier in the run (path → content, null: deleted): this change's edits go on top. */
  pending: ReadonlyMap<string, string | null>;
}

export interface PreparedChange<Spec extends PlannedSpec> {
  spec: Spec;
  rendered: RenderedChange;
  /** Every file of the run after this change: the context's pending files, then this change's (null: deleted). */
  desired: Map<string, string | null>;
  /** What each of the change's folders builds. */
  objects: Map<string, BuiltObject[]>;
  changes: FileChange[];
  /** Folders to build again after writing. */
  buildDirs: string[];
  report: RunReport;
  recreateCommand: string;
}

/** The repo model for a change: loaded with kustomize unless validation is off. */
export function loadModelFor(options: ChangeOptions): Promise<RepoModel> {
  return loadRepoModel(options.root, { kustomize: options.validate ?? true, onProgress: options.onProgress });
}

/**
 * Each target cluster's entry folder must build: when it does not, Flux applies none of its Kustomizations
 * and fluxgen cannot see them. A kustomization file listing a missing file is named with its line (exit 2);
 * any other failure is KUSTOMIZE_FAILED (exit 1). Nothing is written either way.
 */
async function assertClustersBuild(model: RepoModel, clusters: readonly string[], pending: ReadonlyMap<string, string | null>): Promise<void> {
  for (const cluster of clusters) {
    const entry = model.entries.get(cluster);
    const error = entry === undefined ? undefined : model.folders.get(entry)?.error;
    if (entry === undefined || error === undefined) continue;
    await checkBuildInputs(model.root, [entry], new Set(pending.keys()));
    throw new FluxgenError('KUSTOMIZE_FAILED', `${entry || '.'} (where Flux starts for cluster ${cluster}) does not build, so its Kustomizations cannot be read: ${error}; nothing was changed`, {
      hint: `run \`kubectl kustomize --load-restrictor LoadRestrictionsNone ${entry || '.'}\` to see the error, fix it, then run the command again`,
    });
  }
}

/** A record of another generator under the same name is not this one's to overwrite (exit 2). */
function assertSameKind(record: { kind: string; file: string } | undefined, kind: string, name: string): void {
  if (record === undefined || record.kind === kind) return;
  throw new FluxgenError('TARGET_EXISTS', `${record.file} records a ${record.kind} named ${name}, not a ${kind}`, {
    hint: `choose another name for the ${kind}, or delete ${record.file} and the ${record.kind}'s files first`,
  });
}

/** What the builder makes of `dirs` with `overlay` applied; a failed build is KUSTOMIZE_FAILED (exit 1). */
async function stagedObjects(builder: Builder, dirs: readonly string[], overlay: ReadonlyMap<string, string | null>): Promise<Map<string, BuiltObject[]>> {
  const outcomes = await builder.build(dirs, { overlay });
  const objects = new Map<string, BuiltObject[]>();
  for (const dir of dirs) {
    const outcome = outcomes.get(dir)!;
    if (outcome.error !== undefined) {
      throw new FluxgenError('KUSTOMIZE_FAILED', `kustomize build ${dir} failed: ${outcome.error}`, {
        hint: `fix the files listed in ${dir}/kustomization.yaml (or the values that produced them); nothing was written`,
      });
    }
    objects.set(dir, outcome.objects.map((o) => o.object));
  }
  return objects;
}

/** The folder where Flux starts for each cluster: built after writing, as the edited cluster files are in it. */
const entryDirs = (model: RepoModel, clusters: readonly string[]) => clusters.map((c) => model.entries.get(c) ?? `clusters/${c}`);

/**
 * The cluster files depend on what the change's folders build (dependsOn comes from the objects), so
 * they are known only after that build, and building them then costs a second kustomize run. Instead,
 * the drafts are first made from the change's files read as YAML, placed in scratch copies of the
 * cluster files, and the change's folders and the clusters' entry folders built together in one batched
 * call. When the drafts from the real build agree (kustomize changes no kind or name the drafts read),
 * the cluster files come out byte for byte the same, and the build after writing finds that build in the
 * cache. When they do not, nothing is lost but a build nobody uses.
 */
async function prebuildWithClusters(
  model: RepoModel,
  clusters: readonly string[],
  targets: readonly TargetFile[],
  dirs: readonly string[],
  desired: ReadonlyMap<string, string | null>,
  draftsFor: (objects: ReadonlyMap<string, BuiltObject[]>, cluster: string) => Draft[],
): Promise<void> {
  const read = await createBuilder(model.root, { kustomize: false }).build(dirs, { overlay: desired });
  if ([...read.values()].some((outcome) => outcome.error !== undefined)) return;
  const objects = new Map(dirs.map((dir) => [dir, read.get(dir)!.objects.map((o) => o.object)]));
  const guessed = new Map(desired);
  try {
    for (const target of targets) await placeInCluster(model, target, draftsFor(objects, target.name), guessed, emptyReport(true));
  } catch {
    return; // the real placement below says what is wrong
  }
  await model.builder.build([...dirs, ...entryDirs(model, clusters)], { overlay: guessed });
}

/** A run's report before anything is placed. */
function emptyReport(validate: boolean): RunReport {
  return {
    filesCreated: [],
    filesModified: [],
    kustomizations: [],
    assumptions: [],
    clusterRecreate: { required: false, reasons: [] },
    validation: { yaml: 'pass', kustomize: validate ? 'pass' : 'skipped', schema: 'pass', antiPatterns: 'pass' },
  };
}

/**
 * Plans the whole change of a generator in memory; writes nothing. With a context, the repo model is the
 * caller's, the change goes on top of the pending files, and ownership is left to the caller (regen
 * reports hand edits instead of stopping).
 */
export async function prepareChange<Input, Spec extends PlannedSpec>(
  generator: Generator<Input, Spec>,
  input: Input,
  options: ChangeOptions,
  context?: ChangeContext,
): Promise<PreparedChange<Spec>> {
  const pending = context?.pending ?? new Map<string, string | null>();
  if (!context) await generator.check(input);
  const patches = await Promise.all((options.patchFiles ?? []).map((p) => readPatchFile(p.cluster, p.file)));
  // the files fluxgen edits must parse before anything is built (an unparsable one may not even build)
  const sources = context ? undefined : await readTargetFiles(options.root, await loadConfig(await assertRepoRoot(options.root)), await listClusters(options.root), pending);
  const model = context?.model ?? (await loadModelFor(options));
  generator.assertLayout(model);
  const spec = await generator.plan(input, model);
  assertPatchClusters(patches, spec.clusters);
  const placement = generator.placement?.(spec);
  const targets = await targetsOf(model, spec.clusters, sources ?? (await readTargetFiles(model.root, model.config, spec.clusters, pending)), pending, placement);
  await assertClustersBuild(model, spec.clusters, pending);
  // the components folder the repo uses (SPEC §1), from the first cluster's target file
  const folder = targets[0] && !placement ? inferComponentsDir(model, targets[0].name, targets[0].file) : { value: model.config.componentsDir };
  const rendered = generator.render(spec, folder.value === model.config.componentsDir ? model : { ...model, config: { ...model.config, componentsDir: folder.value } });
  if (folder.review && !rendered.inPlace) rendered.assumptions.unshift({ file: `${folder.value}/${spec.name}/kustomization.yaml`, text: folder.review });
  const record = recordPath(spec.name, generator.kind);
  await assertInsideRoot(model.root, [...rendered.files.map((f) => f.path), ...(rendered.edits ?? []).map((f) => f.path), record, ...targets.map((t) => t.file)]);
  if (!context) {
    const recorded = await readRecord(model.root, spec.name, generator.kind);
    assertSameKind(recorded, generator.kind, spec.name);
    await checkOwnership(model.root, rendered, recorded, options.force ?? false);
  }

  const validate = options.validate ?? true;
  const desired = new Map<string, string | null>([...(context?.pending ?? []), ...[...rendered.files, ...(rendered.edits ?? [])].map((f): [string, string] => [f.path, f.content])]);
  for (const file of rendered.removes ?? []) desired.set(file, null);
  const stagedDirs = [...rendered.dirs, ...(rendered.builds ?? [])];
  // dependsOn is computed per cluster: each cluster has its own providers
  const draftsFor = (built: ReadonlyMap<string, BuiltObject[]>, cluster: string) => withPatches(generator.drafts(spec, rendered, built, model, cluster), patches, cluster);
  if (validate) await prebuildWithClusters(model, spec.clusters, targets, stagedDirs, desired, draftsFor);
  const objects = await stagedObjects(model.builder, stagedDirs, desired);
  const drafts = new Map(spec.clusters.map((cluster) => [cluster, draftsFor(objects, cluster)]));
  const report = emptyReport(validate);
  report.assumptions.push(...rendered.assumptions);
  for (const target of targets) await placeInCluster(model, target, drafts.get(target.name)!, desired, report);
  report.assumptions.push(...patchReviews(patches, targets, spec.name));
  Object.assign(report.validation, await validateDrafts(model, spec.clusters, targets, drafts));

  const files = Object.fromEntries(rendered.files.map((f) => [f.path, contentHash(f.content)]));
  desired.set(record, serializeRecord({ kind: generator.kind, spec, files }));
  for (const [file, content] of desired) if (content !== null) assertParses(file, content);
  const changes = await planChanges(model.root, desired);
  report.filesCreated = changes.filter((c) => c.previous === null).map((c) => c.path);
  report.filesModified = changes.filter((c) => c.previous !== null && c.content !== null).map((c) => c.path);
  const deleted = changes.filter((c) => c.content === null).map((c) => c.path);
  if (deleted.length > 0) report.filesDeleted = deleted;
  report.clusterRecreate = recreateOf(changes, pending, targets, rendered, model.config.recreateCommand);
  const buildDirs = validate ? [...stagedDirs, ...entryDirs(model, spec.clusters)] : [];
  await checkBuildInputs(model.root, buildDirs, new Set(desired.keys()));
  return { spec, rendered, desired, objects, changes, buildDirs, report, recreateCommand: model.config.recreateCommand };
}
