/** What every refused run must look like: exit code, `[CODE]`, the bad value named, clean stdout, no stack. */
import { expect } from 'vitest';
import { FluxgenError, showValue, type ErrorCode } from '../../src/errors.ts';
import type { CliResult } from './repo.ts';

export interface Refusal {
  title: string;
  /** The `[CODE]` on stderr; null when commander itself rejects the command line (BAD_ARGUMENT). */
  code: ErrorCode | null;
  /** Values that must be named on stderr, raw or JSON-quoted. */
  named: string[];
  /** Strings that must never reach stderr or stdout (e.g. a password). */
  secret?: string[];
  exitCode?: number;
}

/** Anything outside printable ASCII: shown escaped (showValue), never raw. */
function unprintable(value: string): boolean {
  return /[^\x20-\x7e]/.test(value);
}

/** The assertions every refused run shares. */
export function expectRefused(result: CliResult, refusal: Refusal): void {
  const where = `${refusal.title}\n--- stderr ---\n${result.stderr.slice(0, 2000)}\n--- stdout ---\n${result.stdout.slice(0, 2000)}`;
  expect(result.exitCode, where).toBe(refusal.exitCode ?? 2);
  // commander's own rejections are printed in fluxgen's format too, with BAD_ARGUMENT
  expect(result.stderr, where).toContain(`fluxgen: error [${refusal.code ?? 'BAD_ARGUMENT'}]: `);
  for (const value of refusal.named) {
    const forms = [JSON.stringify(value), showValue(value), ...(unprintable(value) ? [] : [value])];
    expect(forms.some((form) => result.stderr.includes(form)), `${where}\nexpected stderr to name ${showValue(value)}`).toBe(true);
    // a value with a newline, an escape, a bidi override or a look-alike letter never reaches the terminal raw
    if (unprintable(value)) expect(result.stderr.includes(value), `${where}\nraw ${showValue(value)} on stderr`).toBe(false);
  }
  for (const secret of refusal.secret ?? []) {
    expect(result.stderr, where).not.toContain(secret);
    expect(result.stdout, where).not.toContain(secret);
  }
  // no crash, no stack trace, nothing huge echoed back
  expect(result.stderr, where).not.toContain('internal error');
  expect(result.stderr, where).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(result.stderr.length, where).toBeLessThan(4096);
  // nothing that looks like a summary (or anything else) on stdout
  expect(result.stdout, where).toBe('');
}

/** The FluxgenError `run` throws (anything else is rethrown; no error fails the test). */
export function thrown(run: () => unknown): FluxgenError {
  try {
    run();
  } catch (error) {
    if (error instanceof FluxgenError) return error;
    throw error;
  }
  throw new Error('expected a FluxgenError');
}
