/**
 * The one write path of every writing command: under the repo lock, plan, then journal → atomic writes →
 * a fresh `kustomize build` of what changed → commit, or roll every file back (a failed build, a failed
 * write, SIGINT/SIGTERM/SIGHUP) and throw an error that says so.
 */
import { createBuilder, type OnBuildProgress } from '../build/builder.ts';
import { FluxgenError } from '../errors.ts';
import { applyChanges, restoredError, type FileChange } from '../write/change-set.ts';
import { withRepoLock } from '../write/repo-lock.ts';

/** What a planned run hands the transaction. */
export interface PlannedWrite<T> {
  /** Files to write (with their previous text); none means nothing to do. */
  changes: readonly FileChange[];
  /** Folders to build after writing; a failure rolls back. */
  verify: readonly string[];
  /** False to stop before writing (a dry run, a refused plan). */
  write: boolean;
  result: T;
}

/**
 * Builds `dirs` of the written tree with a fresh builder call; the first failure is KUSTOMIZE_FAILED. With
 * `staged` (path → text), builds the tree as it would be once written, without writing (a dry run).
 */
export async function verifyWritten(
  root: string,
  dirs: readonly string[],
  options: { staged?: ReadonlyMap<string, string | null>; onProgress?: OnBuildProgress } = {},
): Promise<void> {
  if (dirs.length === 0) return;
  const { staged, onProgress } = options;
  const outcomes = await createBuilder(root, { onProgress }).build(dirs, staged ? { overlay: staged } : { fresh: true });
  for (const dir of [...dirs].sort()) {
    const error = outcomes.get(dir)?.error;
    if (error !== undefined) {
      throw new FluxgenError('KUSTOMIZE_FAILED', `kustomize build ${dir || '.'} failed ${staged ? 'on the planned files (dry run: nothing written)' : 'after writing'}: ${error}`, {
        hint: `run \`kubectl kustomize --load-restrictor LoadRestrictionsNone ${dir || '.'}\` to see the error, then fix the listed resources`,
      });
    }
  }
}

/** Plans under the repo lock (so concurrent runs cannot lose each other's updates) and writes all or nothing. */
export async function transact<T>(
  root: string,
  plan: () => Promise<PlannedWrite<T>>,
  options: { notify?: (message: string) => void; onProgress?: OnBuildProgress } = {},
): Promise<{ result: T; written: boolean }> {
  return withRepoLock(
    root,
    async (repo) => {
      const planned = await plan();
      if (!planned.write || planned.changes.length === 0) return { result: planned.result, written: false };
      await repo.critical(async () => {
        const applied = await applyChanges(root, planned.changes, { signal: repo.signal });
        try {
          await verifyWritten(root, planned.verify, { onProgress: options.onProgress });
          repo.signal.throwIfAborted();
        } catch (error) {
          await applied.rollback();
          throw restoredError(repo.signal.aborted ? repo.signal.reason : error);
        }
        await applied.commit();
      });
      return { result: planned.result, written: true };
    },
    { notify: options.notify },
  );
}
