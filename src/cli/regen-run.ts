/** What `fluxgen regen` does once its flags are parsed: loaded only when regen runs. */
import { FluxgenError } from '../errors.ts';
import {
  formatAdditions,
  formatChangesDiff,
  formatHandEditsDiff,
  formatInSync,
  formatRegenSummary,
  formatWarnings,
  regenErrors,
} from '../report/regen-report.ts';
import { formatRemoteWarnings } from '../report/remote-warnings.ts';
import { runRegen } from '../commands/regen/regen.ts';
import type { RegenFlags } from './regen-command.ts';
import { formatError } from './print-error.ts';
import { withProgress } from './progress.ts';
import type { RunOutput } from './cached-run.ts';

const TERMINAL: RunOutput = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

/** Re-renders every recorded component of `root` (or, with --check, diffs it); throws REGEN_FINDINGS when anything drifted. */
export async function runRegenCommand(root: string, flags: RegenFlags, output: RunOutput = TERMINAL): Promise<void> {
  const out = output.out;
  const err = output.err;
  const check = flags.check ?? false;
  const force = flags.force ?? false;
  const result = await withProgress(true, (onProgress) => runRegen({ root, check, force, cache: flags.cache, onProgress }));
  err(formatRemoteWarnings(result.remote));
  err(formatWarnings(result));
  const errors = regenErrors(result, { check, force });
  if (errors.length === 0) {
    if (result.written) out(formatRegenSummary(result));
    else err(formatInSync(result, check));
    return;
  }
  out(check ? formatChangesDiff(result) : formatHandEditsDiff(result));
  if (check) err(formatAdditions(result, 'lacks').map((line) => `fluxgen: ${line}\n`).join(''));
  for (const error of errors.slice(0, -1)) err(formatError(error));
  if (!check) err('fluxgen regen: nothing was written\n');
  err(formatError(errors.at(-1)!));
  // Each finding was printed with its own code (a hand edit is HAND_EDITED, as `component` says);
  // the run exits as regen's findings do (1), whatever codes they carry (SPEC §9, §10).
  throw new FluxgenError('REGEN_FINDINGS', errors.map((error) => `[${error.code}] ${error.message}`).join('; '), { reported: true });
}
