/** `fluxgen regen`: re-render every recorded component, recompute every Kustomization's dependsOn, write all or nothing. */
import { createBuilder, pruneBuildCache, type OnBuildProgress } from '../../build/builder.ts';
import { loadRepoModel } from '../../discover/discover-repo.ts';
import type { RepoModel } from '../../discover/model.ts';
import { transact } from '../../generate/transaction.ts';
import { loadRecords } from '../../plan/records.ts';
import type { RegenResult } from '../../report/regen-report.ts';
import { planChanges, type FileChange } from '../../write/change-set.ts';

export type { RegenResult };
import { recomputeDependsOn } from './regen-depends-on.ts';
import { regenerateComponents } from './regen-components.ts';

export interface RegenOptions {
  root: string;
  /** Write nothing; only report what regen would change. */
  check?: boolean;
  /** Overwrite generated files that were changed by hand. */
  force?: boolean;
  /** Use the build cache under `.fluxgen/cache/` (default true). */
  cache?: boolean;
  /** The progress of regen's builds (the repo model and its staged copy, the verification after writing). */
  onProgress?: OnBuildProgress;
}

/** Plans the whole regeneration in memory; writes nothing but build-cache entries. */
export async function planRegen(options: RegenOptions): Promise<RegenResult> {
  const { root } = options;
  const cache = options.cache ?? true;
  const model = await loadRepoModel(root, { builder: createBuilder(root, { cache, onProgress: options.onProgress }) });
  const records = await loadRecords(model.root);
  const components = await regenerateComponents(model, records);
  const staged = components.desired.size === 0 ? model : await loadRepoModel(model.root, { builder: model.builder, overlay: components.desired });
  const deps = await recomputeDependsOn(staged, components.desired);
  const changes = await planChanges(model.root, new Map([...components.desired, ...deps.edits]));
  if (cache) await pruneBuildCache(model.root);
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
    recreateCommand: model.config.recreateCommand,
    buildDirs: changedDirs(changes, staged),
    remote: model.builder.remoteReferences(),
  };
}

/** Folders to build again after writing: for each changed file, the deepest folder of the model that holds it. */
function changedDirs(changes: readonly FileChange[], model: RepoModel): string[] {
  const folders = [...model.folders.keys()];
  const dirs = changes.flatMap((change) => {
    const holders = folders.filter((dir) => dir === '' || change.path.startsWith(`${dir}/`));
    return holders.length === 0 ? [] : [holders.reduce((a, b) => (b.length > a.length ? b : a))];
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
  const { result, written } = await transact(options.root, async () => {
    const plan = await planRegen(options);
    const refused = plan.handEdits.length > 0 && !options.force;
    return { changes: plan.changes, verify: plan.buildDirs, write: !refused && plan.problems.length === 0, result: plan };
  }, { onProgress: options.onProgress });
  return { ...result, written };
}
