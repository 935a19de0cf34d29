/** What `fluxgen check` does once its flags are parsed: loaded only when check runs; the rules only on a cache miss. */
import { cachedRun } from './cached-run.ts';
import type { CheckFlags } from './check-command.ts';
import { wantsColor } from './color.ts';

/**
 * Discovers and builds the repo at `root`, runs every rule, prints the findings; throws CHECK_FAILED on an
 * error finding. An unchanged repo (result-cache.ts) gets the last run's output at once.
 */
export async function runCheck(root: string, flags: CheckFlags): Promise<void> {
  const color = wantsColor();
  await cachedRun(root, { command: 'check', ...flags, color }, 'CHECK_FAILED', async (output) => (await import('./check-once.ts')).checkOnce(root, flags, color, output));
}
