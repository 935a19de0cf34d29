/**
 * The one print-or-write fork of every writing command (flux2's `create` owns `--export` the same way):
 * under the repo lock, prepare the generator's change, then write it all or nothing, or stop before
 * writing for `--dry-run`.
 */
import type { RunReport } from '../report/run-report.ts';
import type { Generator, PlannedSpec } from './generator.ts';
import { prepareChange, type ChangeOptions } from './prepare-change.ts';
import { transact } from './transaction.ts';

/** What a writing command reports, whether it wrote or only planned. */
export interface ChangeResult {
  report: RunReport;
  /** The configured cluster-recreate command (SPEC §5). */
  recreateCommand: string;
  dryRun: boolean;
}

export interface RunChangeOptions extends ChangeOptions {
  /** Plan and report, write nothing. */
  dryRun?: boolean;
  /** Progress lines (waiting for the repo lock). */
  notify?: (message: string) => void;
}

/**
 * Runs `generator` over the shared pipeline while holding the repo lock (the repo is read under it). A
 * failed write, a failed `kustomize build` of the written tree, or a signal restores every file and
 * throws an error that says so.
 */
export async function runChange<Input, Spec extends PlannedSpec>(generator: Generator<Input, Spec>, input: Input, options: RunChangeOptions): Promise<ChangeResult> {
  const dryRun = options.dryRun ?? false;
  const { result } = await transact(
    options.root,
    async () => {
      const prepared = await prepareChange(generator, input, options);
      const { report, recreateCommand } = prepared;
      return { changes: prepared.changes, verify: prepared.buildDirs, write: !dryRun, result: { report, recreateCommand, dryRun } };
    },
    { notify: options.notify },
  );
  return result;
}
