/** What `fluxgen check` does once its flags are parsed: loaded only when check runs; the rules only on a cache miss. */
import { openCheckRunCache } from '../check/result-cache.ts';
import { FluxgenError } from '../errors.ts';
import type { CheckFlags } from './check-command.ts';
import { wantsColor } from './color.ts';

/**
 * Discovers and builds the repo at `root`, runs every rule, prints the findings; throws CHECK_FAILED on an
 * error finding. An unchanged repo (result-cache.ts) gets the last run's output at once.
 */
export async function runCheck(root: string, flags: CheckFlags): Promise<void> {
  const color = wantsColor();
  // FLUXGEN_DEBUG asks to see the run itself, not its replay
  const cache = process.env.FLUXGEN_DEBUG ? undefined : await openCheckRunCache(root, { ...flags, color });
  const cached = await cache?.read();
  if (cached) {
    process.stderr.write(cached.stderr);
    process.stdout.write(cached.stdout);
  }
  const run = cached ?? (await (await import('./check-once.ts')).checkOnce(root, flags, color, cache));
  if (run.failure) throw new FluxgenError('CHECK_FAILED', run.failure.message, { hint: run.failure.hint });
}

