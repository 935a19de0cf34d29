/** `fluxgen component`: under the repo lock, prepare, write all-or-nothing, validate, report. */
import { buildKustomization } from '../build/kustomize.ts';
import type { ComponentInput } from '../plan/plan-component.ts';
import type { RunReport } from '../report/run-report.ts';
import { applyChanges, restoredError } from '../write/change-set.ts';
import { withRepoLock } from '../write/repo-lock.ts';
import { prepareComponent, type ComponentOptions } from './prepare-component.ts';

export interface ComponentResult {
  report: RunReport;
  recreateCommand: string;
}

/**
 * Runs the component pipeline while holding the repo lock (the repo is read under it, so
 * concurrent runs cannot lose each other's updates); with `dryRun` it stops before writing. A
 * failed write, a failed `kustomize build` of the written tree, or SIGINT/SIGTERM/SIGHUP restores
 * every file and throws an error that says so.
 */
export async function runComponent(
  input: ComponentInput,
  options: ComponentOptions & { dryRun?: boolean; notify?: (message: string) => void },
): Promise<ComponentResult & { dryRun: boolean }> {
  return withRepoLock(
    options.root,
    async (repo) => {
      const prepared = await prepareComponent(input, options);
      const { report, recreateCommand } = prepared;
      if (options.dryRun || prepared.changes.length === 0) {
        return { report, recreateCommand, dryRun: options.dryRun ?? false };
      }
      await repo.critical(async () => {
        const applied = await applyChanges(options.root, prepared.changes, { signal: repo.signal });
        try {
          await Promise.all(prepared.buildDirs.map((dir) => buildKustomization(options.root, dir)));
          repo.signal.throwIfAborted();
        } catch (error) {
          await applied.rollback();
          throw restoredError(repo.signal.aborted ? repo.signal.reason : error);
        }
        await applied.commit();
      });
      return { report, recreateCommand, dryRun: false };
    },
    { notify: options.notify },
  );
}
