/**
 * The flags every writing command shares, defined once (as flux2's `create` parent owns `--export`):
 * `--cluster NAME` (repeatable), `--dry-run`, `--json`, `--force`; and the one way their result is printed.
 *
 *     const command = addWriteFlags(program.command('netpol').argument('<name>'));
 *     command.action(async (name, flags: WriteFlags & MyFlags) => {
 *       const result = await runChange(netpolGenerator, { name, clusters: flags.cluster }, { root, ...writeOptions(flags) });
 *       await printChange(result, flags);
 *     });
 */
import type { Command } from 'commander';
import type { ChangeResult } from '../generate/run-change.ts';
import { collect } from './options.ts';

/** The shared flags as commander parses them. */
export interface WriteFlags {
  /** `--cluster NAME`, in the order given (repeatable); undefined when not given. */
  cluster?: string[];
  dryRun?: boolean;
  json?: boolean;
  force?: boolean;
}

/** Adds the shared write flags to `command` and returns it. */
export function addWriteFlags(command: Command): Command {
  return command
    .option('--cluster <name>', 'cluster to write to (repeatable; default: the only cluster, else defaultCluster of .fluxgen.yaml)', collect)
    .option('--dry-run', 'print the plan and a unified diff of every file; write nothing')
    .option('--json', 'print the summary as one JSON object')
    .option('--force', 'overwrite files fluxgen generated that were changed by hand, or a folder it did not generate');
}

/** The pipeline options the shared flags set (`clusters` goes into the command's own input). */
export function writeOptions(flags: WriteFlags): { dryRun: boolean; force: boolean } {
  return { dryRun: flags.dryRun ?? false, force: flags.force ?? false };
}

/** Prints a writing command's result: the JSON summary with `--json`, else the markdown summary (SPEC §6). */
export async function printChange(result: ChangeResult, flags: WriteFlags): Promise<void> {
  // loaded here, not at the top: commands that do not write start faster without it
  const { formatReportMarkdown } = await import('../report/run-report.ts');
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(result.report, null, 2)}\n`
      : formatReportMarkdown(result.report, { dryRun: result.dryRun, recreateCommand: result.recreateCommand }),
  );
}
