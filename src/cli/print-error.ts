/** Prints an error the way users read it: what, why, what to do; returns the exit code. */
import { isFluxgenError } from '../errors.ts';

export function printError(error: unknown): number {
  if (isFluxgenError(error)) {
    process.stderr.write(`fluxgen: error [${error.code}]: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  fix: ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write(`fluxgen: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}
