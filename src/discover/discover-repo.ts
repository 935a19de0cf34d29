/**
 * Discovery as Flux does it: build each cluster's entry folder, follow every Flux Kustomization it yields
 * to its path, build that, and so on. One builder call per level of the walk; each folder is built once
 * (and, through the builder's content cache, not at all when nothing it reads changed).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createBuilder, type AppliedBuild, type Builder, type BuildOutcome, type OnBuildProgress } from '../build/builder.ts';
import { loadConfig } from '../config.ts';
import { FluxgenError, showValue } from '../errors.ts';
import { findEntries, type SourceRef } from './cluster-entry.ts';
import { contextOf, isFluxKustomization, normalizeFluxPath, toDiscovered, type ParentContext } from './flux-object.ts';
import { bootstrapNotices, findBootstrapCrds } from './bootstrap-crds.ts';
import { detectLayout } from './layout.ts';
import { fluxTransformOf, type FluxTransform } from '../build/flux-apply.ts';
import { collectConfigMaps, postBuildVars, substituteOutcome, type KnownConfigMaps } from './post-build.ts';
import { createDefinitionLocator } from './locate-definition.ts';
import { kustomizationKey, type DiscoveredKustomization, type RepoModel } from './model.ts';

export interface LoadOptions {
  /** Only this cluster (UNKNOWN_CLUSTER when it does not exist). */
  cluster?: string;
  /** Reuse a builder (and its memo) across loads, e.g. the staged model of a change. */
  builder?: Builder;
  /** See the repo with these files applied (repo-relative → content, null = deleted): a change not written yet. */
  overlay?: ReadonlyMap<string, string | null>;
  /** Run kustomize (default true); false reads the manifests without it (`--no-validate`). */
  kustomize?: boolean;
  /** `--path DIR`: only this entry (cluster named by `cluster`, default the folder's name). */
  path?: string;
  /** The progress of the builder this load creates (a reused `builder` reports to its own). */
  onProgress?: OnBuildProgress;
  /**
   * With kustomize, first walk the repo without it and build every folder that walk reaches in one
   * batched call, so the walk's levels find their builds made (default true). See `prefetchBuilds`.
   */
  prefetch?: boolean;
}

/** The copy rules of an ArtifactGenerator artifact, as repo folders: artifact folder → repo folder. */
interface CopyRule {
  to: string;
  from: string;
}

const stripGlob = (value: string) => value.replace(/(\/\*\*|\/\*)$/, '').replace(/\*\*$/, '');

/** ArtifactGenerator artifacts → copy rules into this repo (only sources that are this repo's GitRepository). */
function readGenerator(object: Record<string, any>, own: SourceRef, into: Map<string, CopyRule[]>): void {
  const spec = object.spec ?? {};
  const namespace = object.metadata?.namespace ?? 'flux-system';
  const aliases = new Set<string>();
  for (const source of Array.isArray(spec.sources) ? spec.sources : []) {
    const ns = source?.namespace ?? namespace;
    if (source?.name === own.name && ns === own.namespace && (own.kind === undefined || source?.kind === own.kind)) aliases.add(source.alias);
  }
  for (const artifact of Array.isArray(spec.artifacts) ? spec.artifacts : []) {
    if (typeof artifact?.name !== 'string') continue;
    const rules: CopyRule[] = [];
    for (const copy of Array.isArray(artifact.copy) ? artifact.copy : []) {
      const from = /^@([^/]+)\/(.*)$/.exec(String(copy?.from ?? ''));
      const to = /^@artifact\/?(.*)$/.exec(String(copy?.to ?? ''));
      if (!from || !to || !aliases.has(from[1]!)) continue;
      rules.push({ from: normalizeFluxPath(stripGlob(from[2]!)), to: normalizeFluxPath(to[1]!) });
    }
    into.set(`${namespace}/${artifact.name}`, rules);
  }
}

/** A path inside an artifact → the repo folder its copy rules take it from, or undefined. */
function mapArtifactPath(rules: CopyRule[], inside: string): string | undefined {
  const matching = rules.filter((r) => r.to === '' || inside === r.to || inside.startsWith(`${r.to}/`));
  matching.sort((a, b) => b.to.length - a.to.length);
  const rule = matching[0];
  if (!rule) return undefined;
  const rest = rule.to === '' ? inside : inside.slice(rule.to.length).replace(/^\//, '');
  return normalizeFluxPath(path.posix.join(rule.from, rest));
}

const sameSource = (a: SourceRef, b: SourceRef) => a.name === b.name && a.namespace === b.namespace && (a.kind === undefined || b.kind === undefined || a.kind === b.kind);

/** A folder to build for a cluster, with what its applying Kustomization passes down. */
interface Visit {
  cluster: string;
  source: SourceRef;
  dir: string;
  context: ParentContext;
  /** The Flux Kustomization that builds the folder: its transform and postBuild apply. */
  kustomization?: DiscoveredKustomization;
}

/** How a visit's folder is built: the folder, what Flux applies to it, and the variables it substitutes. */
function buildPlan(visit: Visit, configMaps: KnownConfigMaps): { signature: string; transform?: FluxTransform; vars?: Record<string, string> } {
  const k = visit.kustomization;
  const transform = k ? fluxTransformOf(k.object.spec) : undefined;
  const vars = k ? postBuildVars(k.object, k.namespace, configMaps) : undefined;
  return { signature: JSON.stringify([visit.cluster, visit.dir, transform ?? null, vars ?? null]), transform, vars };
}

const kindOf = (p: string) => stat(p).then((s) => (s.isDirectory() ? 'dir' : 'file'), () => undefined);

/** Whether `dir` (repo-relative) is a folder of the repo with `overlay` applied. */
async function isFolder(root: string, dir: string, overlay: ReadonlyMap<string, string | null>): Promise<boolean> {
  if ((await kindOf(path.join(root, dir))) === 'dir') return true;
  const prefix = dir === '' ? '' : `${dir}/`;
  return [...overlay].some(([file, content]) => content !== null && file.startsWith(prefix));
}

/** Refuses an infra root that is not a directory. */
export async function assertRepoRoot(root: string): Promise<string> {
  const absRoot = path.resolve(root);
  if ((await kindOf(absRoot)) !== 'dir') {
    throw new FluxgenError('BAD_REPO', `infra root ${showValue(root)} is not a directory`, {
      hint: 'pass --infra-root DIR or set $INFRA_ROOT to the GitOps repository',
    });
  }
  return absRoot;
}

/**
 * The walk below builds one level of the repo after another, each level a kustomize run that waits for
 * the one before. Most of what kustomize yields at a level is already in the files as written, so a walk
 * that reads them as YAML (no process) names nearly every folder the real walk will build, with its
 * transform: those are built now, in one batched call, and land in the builder's memo. A guess that turns
 * out wrong (a kustomization that patches a Flux Kustomization, a generator) costs a build the walk does
 * not use; the walk itself still builds whatever it really reaches, so the model is the same either way.
 */
async function prefetchBuilds(root: string, builder: Builder, options: LoadOptions, overlay: ReadonlyMap<string, string | null>): Promise<void> {
  const readOnly = createBuilder(root, { kustomize: false });
  const asked: AppliedBuild[] = [];
  const recording: Builder = {
    ...readOnly,
    buildApplied: (requests, buildOptions) => {
      asked.push(...requests);
      return readOnly.buildApplied(requests, buildOptions);
    },
  };
  // (the recording builder reads without kustomize, so it does not prefetch in turn) a walk that fails
  // without kustomize fails or succeeds the same way with it, below, and says why there
  const walked = await loadRepoModel(root, { ...options, builder: recording }).then(
    () => true,
    () => false,
  );
  if (walked && asked.length > 0) await builder.buildApplied(asked, { overlay });
}

/** Loads every cluster's Flux Kustomizations, each attributed to its file and line, and what each path builds. */
export async function loadRepoModel(root: string, options: LoadOptions = {}): Promise<RepoModel> {
  const absRoot = await assertRepoRoot(root);
  const config = await loadConfig(absRoot);
  const { entries, notices } = await findEntries(absRoot, { cluster: options.cluster, path: options.path });
  const clusters = entries.map((entry) => entry.cluster);
  const builder = options.builder ?? createBuilder(absRoot, { kustomize: options.kustomize ?? true, onProgress: options.onProgress });
  const overlay = options.overlay ?? new Map<string, string | null>();
  if (builder.withKustomize && options.prefetch !== false) await prefetchBuilds(absRoot, builder, options, overlay);
  const locate = createDefinitionLocator(absRoot, overlay);
  const found = new Map<string, DiscoveredKustomization>();
  const folders = new Map<string, BuildOutcome>();
  const generators = new Map<string, Map<string, CopyRule[]>>();
  const told = new Set<string>();

  let level: Visit[] = [];
  for (const entry of entries) {
    if (entry.root) found.set(kustomizationKey(entry.root), entry.root);
    const visit: Visit = { cluster: entry.cluster, source: entry.source, dir: entry.dir, context: entry.root ? contextOf(entry.root.object) : { vars: {} } };
    if (entry.root) visit.kustomization = entry.root;
    level.push(visit);
  }
  const built = new Map<string, BuildOutcome>(); // by build signature
  const applied = new Map<string, BuildOutcome>(); // by Kustomization key: what Flux applies
  const configMaps = new Map<string, Record<string, string>>();
  while (level.length > 0) {
    const plans = level.map((visit) => buildPlan(visit, configMaps));
    const fresh = plans.filter((plan, i) => !built.has(plan.signature) && plans.findIndex((p) => p.signature === plan.signature) === i);
    const freshVisits = fresh.map((plan) => level[plans.indexOf(plan)]!);
    const outcomes = await builder.buildApplied(freshVisits.map((visit, i) => ({ dir: visit.dir, transform: fresh[i]!.transform })), { overlay });
    fresh.forEach((plan, i) => built.set(plan.signature, substituteOutcome(outcomes[i]!, plan.vars)));
    for (const [i, visit] of level.entries()) if (visit.kustomization) applied.set(kustomizationKey(visit.kustomization), built.get(plans[i]!.signature)!);
    const next: Visit[] = [];
    for (const [i, visit] of freshVisits.entries()) {
      const outcome = built.get(fresh[i]!.signature)!;
      if (!folders.has(visit.dir)) folders.set(visit.dir, outcome);
      collectConfigMaps(outcome, configMaps);
      const artifacts = generators.get(visit.cluster) ?? new Map<string, CopyRule[]>();
      generators.set(visit.cluster, artifacts);
      for (const sourced of outcome.objects) {
        const obj = sourced.object as Record<string, any>;
        if (obj?.kind === 'ArtifactGenerator' && String(obj.apiVersion ?? '').startsWith('source.extensions.fluxcd.io/')) {
          readGenerator(obj, visit.source, artifacts);
        }
      }
      for (const sourced of outcome.objects) {
        if (!isFluxKustomization(sourced.object)) continue;
        const where = { cluster: visit.cluster, file: sourced.file ?? visit.dir, line: 1 };
        const kustomization = toDiscovered(sourced.object, where, visit.context);
        if (found.has(kustomizationKey(kustomization))) continue;
        if (sourced.file) kustomization.line = await locate(sourced.file, kustomization.name, sourced.object.metadata?.namespace);
        if (visit.kustomization) kustomization.parent = kustomizationKey(visit.kustomization);
        found.set(kustomizationKey(kustomization), kustomization);
        const ref = kustomization.object.spec?.sourceRef;
        let target = kustomization.path;
        if (typeof ref?.name === 'string') {
          const source: SourceRef = {
            kind: typeof ref.kind === 'string' ? ref.kind : undefined,
            namespace: typeof ref.namespace === 'string' ? ref.namespace : kustomization.namespace,
            name: ref.name,
          };
          if (source.kind === 'ExternalArtifact') {
            const rules = artifacts.get(`${source.namespace}/${source.name}`);
            const mapped = rules && target !== undefined ? mapArtifactPath(rules, target) : undefined;
            kustomization.path = mapped;
            target = mapped;
          } else if (!sameSource(source, visit.source) && !(source.name === config.gitRepository && (source.kind ?? 'GitRepository') === 'GitRepository')) {
            kustomization.path = undefined;
            target = undefined;
          }
          if (target === undefined && kustomization.object.spec?.path !== undefined) {
            const text = `not followed: source ${source.kind ?? 'GitRepository'}/${source.namespace}/${source.name} is not this repository`;
            if (!told.has(text)) {
              told.add(text);
              notices.push({ text, file: kustomization.file, line: kustomization.line });
            }
          }
        }
        if (target !== undefined && (await isFolder(absRoot, target, overlay))) {
          next.push({ cluster: visit.cluster, source: visit.source, dir: target, context: contextOf(kustomization.object), kustomization });
        }
      }
    }
    level = next;
  }

  const kustomizations = [...found.values()].sort(compareKustomizations);
  if (process.env.FLUXGEN_DEBUG && overlay.size === 0) {
    for (const k of kustomizations) process.stderr.write(`fluxgen: debug: model: ${kustomizationKey(k)} ${k.file}:${k.line}\n`);
  }
  const builds = new Map<string, BuildOutcome>();
  const withPath = kustomizations.filter((k) => k.path !== undefined);
  const missing = withPath.filter((k) => !folders.has(k.path!));
  // paths the walk did not build: files, or folders reached only through an entry's own Kustomization
  const more = await builder.build(
    (await Promise.all(missing.map(async (k) => ((await kindOf(path.join(absRoot, k.path!))) ? k.path! : undefined)))).filter(
      (dir): dir is string => dir !== undefined,
    ),
    { overlay },
  );
  for (const k of withPath) {
    const outcome = applied.get(kustomizationKey(k)) ?? folders.get(k.path!) ?? more.get(k.path!);
    if (outcome) builds.set(kustomizationKey(k), outcome);
  }
  const bootstrapCrds = await findBootstrapCrds(absRoot);
  notices.push(...bootstrapNotices(bootstrapCrds));
  return {
    root: absRoot,
    config,
    bootstrapCrds,
    layout: await detectLayout(absRoot, config),
    clusters,
    kustomizations,
    builds,
    entries: new Map(entries.map((entry) => [entry.cluster, entry.dir])),
    folders,
    builder,
    overlay,
    notices,
  };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareKustomizations(a: DiscoveredKustomization, b: DiscoveredKustomization): number {
  return compareText(a.cluster, b.cluster) || compareText(a.name, b.name) || compareText(a.namespace, b.namespace);
}
