/**
 * The one builder: what each repo folder builds, as Flux builds it, with the files not written yet
 * overlaid. Each build is looked up by the content of everything it can read (in memory, then in the
 * repo's `.fluxgen/cache/`); the misses of a call are built by one batched kustomize run (bisected on
 * failure); remote bases are never fetched.
 */
import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { BuildOutcome } from './build-outcome.ts';
import { readClosure, type BuildClosure } from './build-closure.ts';
import { buildWithKustomize, type KustomizeBuild } from './build-with-kustomize.ts';
import { debug } from './debug.ts';
import { fluxOverlay, type FluxTransform } from './flux-apply.ts';
import { kustomizeIdentity } from './kustomize-identity.ts';
import { openOutcomeCache, outcomeKey } from './outcome-cache.ts';
import { readManifests } from './read-manifests.ts';
import { createDiskReader, createRepoView, FLUX_OVERLAY_DIR, isInside, joinRel, type RepoView } from './repo-view.ts';

export type { BuildOutcome, SourcedObject } from './build-outcome.ts';
export { pruneBuildCache } from './outcome-cache.ts';

export interface BuildOptions {
  /** Files not written yet: repo-relative path → content, or null for a file that is deleted. Builds see the repo with these applied. */
  overlay?: ReadonlyMap<string, string | null>;
  /** Skip the in-memory memo and re-read the disk (the post-write verification); the disk cache still applies, it is keyed by content. */
  fresh?: boolean;
}

export interface Builder {
  /** Absolute repo root. */
  readonly root: string;
  /** Whether it builds with kustomize (false: reads the manifests as YAML). */
  readonly withKustomize: boolean;
  /** Outcomes by folder as asked (repo-relative, `/`-separated, `''` for the root). */
  build(dirs: readonly string[], options?: BuildOptions): Promise<Map<string, BuildOutcome>>;
  /**
   * runs: kustomize processes started; hits: outcomes found in memory or in the disk cache; misses: outcomes
   * built (a remote or missing folder is neither).
   */
  readonly stats: { runs: number; hits: number; misses: number };
  /** Remote references seen in any build so far (never fetched), sorted, unique. */
  remoteReferences(): string[];
  /**
   * What Flux applies for each request: the folder with its Flux Kustomization's transform (patches,
   * components, targetNamespace, …) applied by kustomize through a generated overlay; in request order,
   * in one `build` call. Without kustomize the transform cannot be applied: the folder as it is.
   */
  buildApplied(requests: readonly AppliedBuild[], options?: BuildOptions): Promise<BuildOutcome[]>;
}

/** A folder as a Flux Kustomization builds it. */
export interface AppliedBuild {
  dir: string;
  transform?: FluxTransform;
}

/** How far a builder is: folders with an outcome, of the folders it was asked to build so far (memo hits left out). */
export interface BuildProgress {
  done: number;
  total: number;
}

/** Told of every change of a builder's progress; the builder knows nothing of how it is shown. */
export type OnBuildProgress = (progress: BuildProgress) => void;

export interface BuilderOptions {
  /** Read and write `.fluxgen/cache/` (default true). */
  cache?: boolean;
  /** Build with kustomize (default true); false reads the manifests as YAML, with no process at all. */
  kustomize?: boolean;
  /** kustomize processes at once (default: the CPU count). */
  concurrency?: number;
  /** Called as folders are queued and as they settle (from the disk cache, or as each kustomize batch ends). */
  onProgress?: OnBuildProgress;
}

/** A folder to build, with its key, and the memo's promise to settle. */
interface Miss extends KustomizeBuild {
  key: string;
  resolve(outcome: BuildOutcome): void;
  reject(error: unknown): void;
}

/** `./a/b/` → `a/b`; `.` → `''`. */
function normalizeDir(dir: string): string {
  return joinRel('', dir.replace(/\\/g, '/'));
}

/** True when the overlay changes a file the closure reads, or adds or deletes one in a folder it reads whole. */
function touchedBy(view: RepoView, closure: BuildClosure): boolean {
  for (const file of view.overlaid) {
    if (closure.inputs.has(file)) return true;
    if (!isInside(file, FLUX_OVERLAY_DIR) && closure.trees.some((tree) => isInside(file, tree))) return true;
  }
  return false;
}

/** The builder of the repo at `root`. */
export function createBuilder(root: string, options: BuilderOptions = {}): Builder {
  const absRoot = path.resolve(root);
  const withKustomize = options.kustomize !== false;
  const limit = pLimit(options.concurrency ?? Math.max(1, os.availableParallelism()));
  const memo = new Map<string, Promise<BuildOutcome>>();
  const remote = new Set<string>();
  const stats = { runs: 0, hits: 0, misses: 0 };
  const progress: BuildProgress = { done: 0, total: 0 };
  const advance = (done: number, queued = 0): void => {
    progress.done += done;
    progress.total += queued;
    options.onProgress?.({ ...progress });
  };
  let disk = createDiskReader(absRoot);
  let realRoot: Promise<string> | undefined;

  /** Settles every miss: from the disk cache, else built (and then stored). */
  const settle = async (misses: Miss[], view: RepoView): Promise<void> => {
    advance(0, misses.length);
    if (!withKustomize) {
      for (const miss of misses) {
        stats.misses += 1;
        miss.resolve(await readManifests(view, miss.dir));
        advance(1);
      }
      return;
    }
    const cache = options.cache === false ? undefined : openOutcomeCache(absRoot);
    const cached = await Promise.all(misses.map((miss) => cache?.read(miss.key)));
    const toBuild = misses.filter((miss, i) => {
      const outcome = cached[i];
      if (outcome === undefined) return true;
      stats.hits += 1;
      debug(`build cache hit ${miss.dir || '.'}`);
      miss.resolve(outcome);
      return false;
    });
    if (toBuild.length < misses.length) advance(misses.length - toBuild.length);
    if (toBuild.length === 0) return;
    stats.misses += toBuild.length;
    debug(`kustomize build of ${toBuild.length} folder(s): ${toBuild.map((miss) => miss.dir || '.').join(', ')}`);
    const real = await (realRoot ??= realpath(absRoot));
    const built = await buildWithKustomize(real, toBuild, { limit, onRun: () => void (stats.runs += 1), onSettled: advance });
    await cache?.write(toBuild.map((miss) => [miss.key, built.get(miss.dir)!]));
    for (const miss of toBuild) miss.resolve(built.get(miss.dir)!);
  };

  const build: Builder['build'] = async (dirs, buildOptions = {}) => {
    if (buildOptions.fresh) disk = createDiskReader(absRoot);
    const view = createRepoView(disk, buildOptions.overlay);
    const wanted = [...new Set(dirs.map(normalizeDir))].sort();
    const engine = withKustomize ? await kustomizeIdentity() : 'no-kustomize';
    const planned = await Promise.all(
      wanted.map(async (dir) => {
        if (!isInside(dir, '') || path.posix.isAbsolute(dir)) return { dir, outcome: { objects: [], error: `${dir} is outside the repo root` } };
        if ((await view.kind(dir)) !== 'dir') return { dir, outcome: { objects: [], error: `${dir || '.'} is not a directory` } };
        const closure = await readClosure(view, dir);
        if (closure.remote.length > 0) return { dir, outcome: { objects: [], remote: closure.remote } };
        return { dir, closure, key: outcomeKey(engine, dir, closure.inputs) };
      }),
    );
    // From here to the memo's entries nothing awaits: a concurrent call for the same key waits for this one.
    const outcomes = new Map<string, Promise<BuildOutcome>>();
    const misses: Miss[] = [];
    for (const plan of planned) {
      if (plan.outcome) {
        for (const url of plan.outcome.remote ?? []) remote.add(url);
        outcomes.set(plan.dir, Promise.resolve(plan.outcome));
        continue;
      }
      const known = buildOptions.fresh ? undefined : memo.get(plan.key);
      if (known) {
        stats.hits += 1;
        outcomes.set(plan.dir, known);
        continue;
      }
      let resolve!: (outcome: BuildOutcome) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<BuildOutcome>((yes, no) => ((resolve = yes), (reject = no)));
      // A build that throws (no kustomize) is not remembered: the next call tries again.
      promise.catch(() => memo.get(plan.key) === promise && memo.delete(plan.key));
      memo.set(plan.key, promise);
      outcomes.set(plan.dir, promise);
      misses.push({ dir: plan.dir, key: plan.key, closure: plan.closure, staged: touchedBy(view, plan.closure), resolve, reject });
    }
    if (misses.length > 0) {
      await settle(misses, view).catch((error: unknown) => {
        for (const miss of misses) miss.reject(error); // no-op for the settled ones
        throw error;
      });
    }
    const byDir = new Map(await Promise.all([...outcomes].map(async ([dir, outcome]) => [dir, await outcome] as const)));
    return new Map(dirs.map((dir) => [dir, byDir.get(normalizeDir(dir))!]));
  };

  const buildApplied: Builder['buildApplied'] = async (requests, buildOptions = {}) => {
    const view = createRepoView(disk, buildOptions.overlay);
    const overlays = await Promise.all(
      requests.map((request) => (withKustomize && request.transform ? fluxOverlay(view, normalizeDir(request.dir), request.transform) : undefined)),
    );
    const overlay = new Map(buildOptions.overlay ?? []);
    for (const generated of overlays) if (generated) overlay.set(generated.file, generated.content);
    const targets = requests.map((request, i) => overlays[i]?.dir ?? request.dir);
    const outcomes = await build(targets, { ...buildOptions, overlay });
    return targets.map((target) => outcomes.get(target)!);
  };

  return { root: absRoot, withKustomize, stats, remoteReferences: () => [...remote].sort(), build, buildApplied };
}
