/** Prints an error the way users read it: what, why, what to do; returns the exit code (SPEC §7). */
import { describeError, EXIT_CODES, isFluxgenError, type FluxgenError } from '../errors.ts';

/** The lines of a FluxgenError on stderr: `fluxgen: error [CODE]: file:line:col: message`, then `  fix: hint`. */
export function formatError(error: FluxgenError): string {
  return `fluxgen: error [${error.code}]: ${describeError(error)}\n${error.hint ? `  fix: ${error.hint}\n` : ''}`;
}

/**
 * Prints `error` and returns the exit code: the FluxgenError's (a function of its code), or 70 for
 * anything else, which is a bug in fluxgen: said so, with the stack, to be reported.
 */
export function printError(error: unknown): number {
  if (isFluxgenError(error)) {
    if (!error.reported) process.stderr.write(formatError(error));
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && error.stack ? `${error.stack}\n` : '';
  process.stderr.write(`fluxgen: internal error: ${message} — this is a bug in fluxgen, please report it (with the command you ran)\n${stack}`);
  return EXIT_CODES.INTERNAL;
}
