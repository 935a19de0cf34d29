/** `fluxgen component`: under the repo lock, prepare, write all-or-nothing, verify, report. */
import { prepareChange, type ChangeOptions } from '../../generate/prepare-change.ts';
import { transact } from '../../generate/transaction.ts';
import type { ComponentInput } from '../../plan/plan-component.ts';
import type { RunReport } from '../../report/run-report.ts';
import { componentGenerator } from './component-generator.ts';

export interface ComponentResult {
  report: RunReport;
  recreateCommand: string;
  dryRun: boolean;
}

/**
 * Runs the component pipeline while holding the repo lock (the repo is read under it); with `dryRun` it
 * stops before writing. A failed write, a failed `kustomize build` of the written tree, or a signal
 * restores every file and throws an error that says so.
 */
export async function runComponent(
  input: ComponentInput,
  options: ChangeOptions & { dryRun?: boolean; notify?: (message: string) => void },
): Promise<ComponentResult> {
  const dryRun = options.dryRun ?? false;
  const { result } = await transact(
    options.root,
    async () => {
      const prepared = await prepareChange(componentGenerator, input, options);
      const { report, recreateCommand } = prepared;
      return { changes: prepared.changes, verify: prepared.buildDirs, write: !dryRun, result: { report, recreateCommand, dryRun } };
    },
    { notify: options.notify },
  );
  return result;
}
