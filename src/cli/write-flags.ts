/**
 * The flags every writing command shares, defined once (as flux2's `create` parent owns `--export`):
 * `--cluster NAME` (repeatable), `--dry-run`, `--json`, `--force`; and the one way their run shows progress
 * and prints its result.
 *
 *     const command = addWriteFlags(program.command('netpol').argument('<name>'));
 *     command.action(async (name, flags: WriteFlags & MyFlags) => {
 *       await runAndPrint(flags, (onProgress) => runChange(netpolGenerator, { name, clusters: flags.cluster }, { root, ...writeOptions(flags), onProgress }));
 *     });
 */
import type { Command } from 'commander';
import type { OnBuildProgress } from '../build/builder.ts';
import type { ChangeResult } from '../generate/run-change.ts';
import { collect } from './options.ts';
import { withProgress } from './progress.ts';

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

/**
 * Runs a writing command's change with the build progress line on stderr (never with `--json`), then prints
 * its result.
 */
export async function runAndPrint(flags: WriteFlags, run: (onProgress?: OnBuildProgress) => Promise<ChangeResult>): Promise<void> {
  await printChange(await withProgress(!flags.json, run), flags);
}

/**
 * Prints a writing command's result: the JSON summary with `--json` (a dry run adds its diff as `diff`),
 * else the markdown summary (SPEC §6) followed, for a dry run, by the unified diff under `### Diff`.
 */
async function printChange(result: ChangeResult, flags: WriteFlags): Promise<void> {
  if (flags.json) {
    const json = result.diff === undefined ? result.report : { ...result.report, diff: result.diff };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  // loaded here, not at the top: commands that do not write start faster without it
  const { formatReportMarkdown } = await import('../report/run-report.ts');
  const summary = formatReportMarkdown(result.report, { dryRun: result.dryRun, recreateCommand: result.recreateCommand });
  const diff = result.diff === undefined ? '' : `\n### Diff\n\n${result.diff || '(no change)\n'}`;
  process.stdout.write(summary + diff);
}
