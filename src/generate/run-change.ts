/**
 * The one print-or-write fork of every writing command (flux2's `create` owns `--export` the same way):
 * under the repo lock, prepare the generator's change, then write it all or nothing, or stop before
 * writing for `--dry-run` (which still builds what it would write, and diffs it).
 */
import type { RunReport } from '../report/run-report.ts';
import { formatUnifiedDiff } from '../report/unified-diff.ts';
import type { Generator, PlannedSpec } from './generator.ts';
import { prepareChange, type ChangeOptions } from './prepare-change.ts';
import { transact, verifyWritten } from './transaction.ts';

/** What a writing command reports, whether it wrote or only planned. */
export interface ChangeResult {
  report: RunReport;
  /** The configured cluster-recreate command (SPEC §5). */
  recreateCommand: string;
  dryRun: boolean;
  /** With `dryRun`: the unified diff (`a/…`, `b/…`, new files from /dev/null) of every file the run would create or change; `git apply` takes it. */
  diff?: string;
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
  const { result } = await transact<ChangeResult>(
    options.root,
    async () => {
      const prepared = await prepareChange(generator, input, options);
      const { report, recreateCommand, changes } = prepared;
      if (!dryRun) return { changes, verify: prepared.buildDirs, write: true, result: { report, recreateCommand, dryRun } };
      // the same build the real run verifies after writing, on the planned files: the same exit code
      await verifyWritten(options.root, prepared.buildDirs, { staged: prepared.desired, onProgress: options.onProgress });
      const diff = formatUnifiedDiff(changes.map((c) => ({ path: c.path, before: c.previous, after: c.content })));
      return { changes, verify: [], write: false, result: { report, recreateCommand, dryRun, diff } };
    },
    { notify: options.notify, onProgress: options.onProgress },
  );
  return result;
}
