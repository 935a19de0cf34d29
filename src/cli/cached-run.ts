/**
 * A read-only command (`check`, `regen --check`) run through the run cache (check/result-cache.ts): an
 * unchanged repo replays the last run's output and exit; otherwise the command runs, printing as it goes,
 * and what it printed is stored. Only a run that ends in success or in the command's own findings is stored.
 */
import { openRunCache, type StoredRun } from '../check/result-cache.ts';
import { FluxgenError, type ErrorCode } from '../errors.ts';

/** Where a cached command prints: to the terminal and into the stored run. */
export interface RunOutput {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Runs `command` (or replays it) for the repo at `root`. `options` names everything besides the repo that
 * changes the output (the command, its flags, colour); `findings` is the error code the command's own
 * findings end with (CHECK_FAILED, REGEN_FINDINGS), the one failure worth replaying.
 */
export async function cachedRun(root: string, options: Record<string, unknown>, findings: ErrorCode, command: (output: RunOutput) => Promise<void>): Promise<void> {
  // FLUXGEN_DEBUG asks to see the run itself, not its replay
  const cache = process.env.FLUXGEN_DEBUG ? undefined : await openRunCache(root, options);
  const cached = await cache?.read();
  if (cached) return replay(cached);
  const run: StoredRun = { output: [] };
  const print = (fd: 1 | 2) => (text: string) => {
    if (text === '') return;
    run.output.push([fd, text]);
    (fd === 1 ? process.stdout : process.stderr).write(text);
  };
  const output: RunOutput = { out: print(1), err: print(2) };
  try {
    await command(output);
  } catch (error) {
    if (!(error instanceof FluxgenError) || error.code !== findings) throw error;
    run.failure = { code: error.code, message: error.message, hint: error.hint, reported: error.reported };
    await cache?.write(run);
    throw error;
  }
  await cache?.write(run);
}

function replay(run: StoredRun): void {
  for (const [fd, text] of run.output) (fd === 1 ? process.stdout : process.stderr).write(text);
  const { failure } = run;
  if (failure) throw new FluxgenError(failure.code as ErrorCode, failure.message, { hint: failure.hint, reported: failure.reported });
}
