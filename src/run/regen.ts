/** `fluxgen regen`: re-render every recorded component, recompute every Kustomization's dependsOn, write all or nothing. */
import { buildPaths } from '../build/build-paths.ts';
import { cachedBuild, pruneBuildCache, type BuildFunction } from '../build/build-cache.ts';
import { buildKustomization } from '../build/kustomize.ts';
import { FluxgenError } from '../errors.ts';
import { loadRecords } from '../plan/load-records.ts';
import { withPendingFiles } from '../plan/pending-facts.ts';
import { readRepo } from '../plan/repo.ts';
import type { Assumption } from '../render/render-component.ts';
import { applyChanges, planChanges, restoredError, type FileChange } from '../write/change-set.ts';
import { withRepoLock } from '../write/repo-lock.ts';
import type { HandEdit } from './ownership.ts';
import { recomputeDependsOn, type DependsOnAddition } from './regen-depends-on.ts';
import { regenerateComponents } from './regen-components.ts';

export interface RegenOptions {
  root: string;
  /** Write nothing; only report what regen would change. */
  check?: boolean;
  /** Overwrite generated files that were changed by hand. */
  force?: boolean;
  /** Use the build cache under `.fluxgen/cache/` (default true). */
  cache?: boolean;
}

export interface RegenResult {
  /** Every file regen would write (or wrote), with its previous text. */
  changes: FileChange[];
  /** Generated files changed by hand since fluxgen wrote them: refused unless `force`. */
  handEdits: (HandEdit & { record: string })[];
  /** Findings that make the run fail (exit 1) and write nothing. */
  problems: FluxgenError[];
  /** dependsOn entries the dependsOn pass adds (outside what the records' own Kustomizations gain). */
  additions: DependsOnAddition[];
  /** Files a record lists that its spec no longer generates. */
  orphans: string[];
  /** REVIEW notes of the files regen changes. */
  assumptions: Assumption[];
  clusterRecreate: { required: boolean; reasons: string[] };
  records: number;
  kustomizations: number;
  written: boolean;
  recreateCommand: string;
  /** Folders built again after writing. */
  buildDirs: string[];
}

/** Plans the whole regeneration in memory; writes nothing but build-cache entries. */
export async function planRegen(options: RegenOptions): Promise<RegenResult> {
  const { root } = options;
  const cache = options.cache ?? true;
  const repo = await readRepo(root);
  const records = await loadRecords(root);
  const staged: BuildFunction = cache ? (dir, rel) => cachedBuild(dir, rel, buildKustomization, { cacheRoot: root }) : buildKustomization;
  const components = await regenerateComponents(repo, records, staged);
  const facts = withPendingFiles(repo, components.desired);
  const deps = await recomputeDependsOn(facts, components.desired, components.objects, (dirs) => buildPaths(root, dirs, { cache }));
  const changes = await planChanges(root, new Map([...components.desired, ...deps.edits]));
  if (cache) await pruneBuildCache(root);
  const reasons = [...components.recreateReasons, ...deps.recreateReasons];
  return {
    changes,
    handEdits: components.handEdits,
    problems: [...components.problems, ...deps.problems],
    additions: deps.additions,
    orphans: components.orphans,
    assumptions: components.assumptions.filter((a) => changes.some((c) => c.path === a.file)),
    clusterRecreate: { required: reasons.length > 0, reasons },
    records: records.length,
    kustomizations: deps.checked,
    written: false,
    recreateCommand: repo.config.recreateCommand,
    buildDirs: changedDirs(changes, [...components.objects.keys()]),
  };
}

/** Folders to build again after writing: each component folder and each cluster folder with a changed file. */
function changedDirs(changes: readonly FileChange[], componentDirs: readonly string[]): string[] {
  const dirs = changes.flatMap((change) => {
    const component = componentDirs.find((dir) => change.path.startsWith(`${dir}/`));
    const cluster = /^clusters\/[^/]+(?=\/)/.exec(change.path)?.[0];
    return component ? [component] : cluster ? [cluster] : [];
  });
  return [...new Set(dirs)].sort();
}

/**
 * Runs regen. With `check`, or when a problem or a refused hand edit stops it, nothing is written.
 * Otherwise every change is written atomically, the changed folders are built again, and a failed
 * build restores every file.
 */
export async function runRegen(options: RegenOptions): Promise<RegenResult> {
  if (options.check) return planRegen(options);
  return withRepoLock(options.root, async (repo) => {
    const plan = await planRegen(options);
    const refused = plan.handEdits.length > 0 && !options.force;
    if (refused || plan.problems.length > 0 || plan.changes.length === 0) return plan;
    await repo.critical(async () => {
      const applied = await applyChanges(options.root, plan.changes, { signal: repo.signal });
      try {
        const builds = await buildPaths(options.root, plan.buildDirs, { cache: options.cache ?? true });
        const failed = [...builds.values()].find((b) => b.error)?.error;
        if (failed) throw failed;
        repo.signal.throwIfAborted();
      } catch (error) {
        await applied.rollback();
        throw restoredError(repo.signal.aborted ? repo.signal.reason : error);
      }
      await applied.commit();
    });
    return { ...plan, written: true };
  });
}
