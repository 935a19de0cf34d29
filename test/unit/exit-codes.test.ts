/** SPEC §7: the exit code is a function of the error code, read from one table (EXIT_CODES). */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { printError } from '../../src/cli/print-error.ts';
import { EXIT_CODES, FluxgenError, type ErrorCode } from '../../src/errors.ts';
import { restoredError } from '../../src/write/change-set.ts';
import { PROJECT, runCli } from '../helpers/repo.ts';

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

function captureStderr<T>(fn: () => T): { result: T; stderr: string } {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { result: fn(), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('EXIT_CODES', () => {
  it('has exactly the ErrorCodes as keys, each with one exit code of SPEC §7', () => {
    expectTypeOf<keyof typeof EXIT_CODES>().toEqualTypeOf<ErrorCode>();
    for (const [code, exit] of Object.entries(EXIT_CODES)) {
      expect([1, 2, 70], code).toContain(exit);
      expect(new FluxgenError(code as ErrorCode, 'x').exitCode, code).toBe(exit);
    }
  });

  it('covers every code the sources throw, and each code is used somewhere', async () => {
    const files = await sources(path.join(PROJECT, 'src'));
    const texts = await Promise.all(files.map(async (file) => [file, await readFile(file, 'utf8')] as const));
    const thrown = new Set(texts.flatMap(([, text]) => [...text.matchAll(/new FluxgenError\(\s*'([A-Z_]+)'/g)].map((m) => m[1]!)));
    expect(thrown.size).toBeGreaterThan(20);
    for (const code of thrown) expect(Object.keys(EXIT_CODES), code).toContain(code);
    const elsewhere = texts.filter(([file]) => !file.endsWith(`${path.sep}errors.ts`)).map(([, text]) => text).join('\n');
    for (const code of Object.keys(EXIT_CODES)) expect(elsewhere, `${code} is never used`).toMatch(new RegExp(`\\b${code}\\b`));
  });

  it.each([
    ['BAD_NAME', 2],
    ['BAD_ARGUMENT', 2],
    ['HAND_EDITED', 2],
    ['BAD_CONFIG', 2],
    ['KUSTOMIZE_MISSING', 2],
    ['CHECK_FAILED', 1],
    ['KUSTOMIZE_FAILED', 1],
    ['REGEN_DRIFT', 1],
    ['REGEN_FINDINGS', 1],
    ['YAML_INVALID', 70],
    ['INTERNAL', 70],
  ] as const)('%s exits %i', (code, exit) => {
    expect(EXIT_CODES[code]).toBe(exit);
  });

  it('INTERRUPTED exits 128 + its signal number, also once restoredError has wrapped it', () => {
    const interrupted = new FluxgenError('INTERRUPTED', 'interrupted by SIGINT while writing', { signal: 'SIGINT' });
    expect(interrupted.exitCode).toBe(130);
    expect(new FluxgenError('INTERRUPTED', 'x', { signal: 'SIGTERM' }).exitCode).toBe(143);
    expect(new FluxgenError('INTERRUPTED', 'x', { signal: 'SIGHUP' }).exitCode).toBe(129);
    expect(restoredError(interrupted).exitCode).toBe(130);
    // no other code can borrow a signal's exit
    expect(new FluxgenError('BAD_NAME', 'x', { signal: 'SIGINT' }).exitCode).toBe(2);
  });
});

describe('printError', () => {
  it('prints a FluxgenError with its hint and returns its exit code', () => {
    const { result, stderr } = captureStderr(() => printError(new FluxgenError('CHECK_FAILED', '2 error findings', { hint: 'fix them' })));
    expect(result).toBe(1);
    expect(stderr).toBe('fluxgen: error [CHECK_FAILED]: 2 error findings\n  fix: fix them\n');
  });

  it('prints nothing for an error the command already reported, and returns its exit code', () => {
    const { result, stderr } = captureStderr(() => printError(new FluxgenError('REGEN_FINDINGS', 'x', { reported: true })));
    expect(result).toBe(1);
    expect(stderr).toBe('');
  });

  it('calls anything else an internal error (exit 70): a bug to report, with the stack', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'name')");
    const { result, stderr } = captureStderr(() => printError(bug));
    expect(result).toBe(70);
    expect(stderr.split('\n')[0]).toBe(
      "fluxgen: internal error: Cannot read properties of undefined (reading 'name') — this is a bug in fluxgen, please report it (with the command you ran)",
    );
    expect(stderr).toContain(bug.stack!);
    expect(captureStderr(() => printError('a string')).result).toBe(70);
  });
});

describe('the CLI', () => {
  it('exits 2 with BAD_ARGUMENT on an unknown flag', async () => {
    const result = await runCli(['check', '--no-such-flag']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("fluxgen: error [BAD_ARGUMENT]: unknown option '--no-such-flag'\n  fix: see `fluxgen help`");
    expect(result.stdout).toBe('');
  });
});
