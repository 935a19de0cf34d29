/**
 * The build progress line in a real pseudo-terminal (stderr the terminal, stdout a file), with kustomize
 * slowed by a sleeping kubectl wrapper so that each run outlasts the line's delay: it appears and is erased
 * on a terminal, never on a pipe, never for machine-readable output, and stdout is the same bytes either way.
 */
import { readFile, rm } from 'node:fs/promises';
import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROGRESS_DELAY_MS, progressText } from '../../src/cli/progress.ts';
import { countingKubectl } from '../helpers/counting-kubectl.ts';
import { spawnPty } from '../helpers/pty.ts';
import { BIN, copyRepo, EXAMPLE, PROJECT, tempDir } from '../helpers/repo.ts';

/** Each kustomize run sleeps this long first: every run below lasts longer than the progress delay. */
const SLOW_KUBECTL_SECONDS = 1.5;
const CLEAR_LINE = '\r\u001b[K';
const PROGRESS = /^fluxgen: building \d+\/\d+ …/;

interface TerminalRun {
  exitCode: number;
  /** What the terminal (stderr) received, escapes included. */
  terminal: string;
  stdout: string;
  /** How long the run took, from spawning it. */
  ms: number;
  /** When the progress line first appeared, from spawning the run; undefined when it never did. */
  firstDrawMs?: number;
}

/** Runs the bin with stderr on a pseudo-terminal and stdout redirected to a file. */
async function onTerminal(args: string[], env: Record<string, string>): Promise<TerminalRun> {
  const out = path.join(await tempDir('fluxgen-stdout-'), 'stdout');
  const started = Date.now();
  const session = spawnPty('sh', ['-c', 'exec "$0" "$@" > "$STDOUT_FILE"', 'node', BIN, ...args], {
    cwd: PROJECT,
    env: { ...process.env, ...env, STDOUT_FILE: out, NO_COLOR: '1' },
  });
  let firstDrawMs: number | undefined;
  const watch = setInterval(() => {
    if (firstDrawMs === undefined && session.raw().includes(`${CLEAR_LINE}fluxgen: building`)) firstDrawMs = Date.now() - started;
  }, 10);
  const exitCode = await session.exit();
  clearInterval(watch);
  return { exitCode, terminal: session.raw(), stdout: await readFile(out, 'utf8'), ms: Date.now() - started, firstDrawMs };
}

/** Runs the bin with stdout and stderr piped; stdout exactly as printed. */
async function piped(args: string[], env: Record<string, string>): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa('node', [BIN, ...args], { cwd: PROJECT, env: { ...env, NO_COLOR: '1' }, reject: false, stdin: 'ignore', stripFinalNewline: false });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The terminal's text cut at each clear-line: a progress line is one piece, drawn alone. */
const pieces = (terminal: string) => terminal.split(CLEAR_LINE);

/** The progress line was drawn, never had other text run on after it, and was erased at the end. */
function expectProgressShownAndErased(terminal: string): void {
  const drawn = pieces(terminal).filter((piece) => PROGRESS.test(piece));
  expect(drawn.length).toBeGreaterThan(0);
  for (const piece of drawn) expect(piece).toMatch(/^fluxgen: building \d+\/\d+ …$/);
  expect(pieces(terminal).at(-1)).not.toMatch(PROGRESS);
}

/** A copy of the example with kustomize slowed down, cold (no build cache). */
async function slowExample(): Promise<{ root: string; env: Record<string, string>; cold: () => Promise<void> }> {
  const root = await copyRepo(EXAMPLE);
  const kubectl = await countingKubectl({ delaySeconds: SLOW_KUBECTL_SECONDS });
  return { root, env: kubectl.env, cold: () => rm(path.join(root, '.fluxgen/cache'), { recursive: true, force: true }) };
}

const COMPONENT = ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x'];

describe.concurrent('the build progress line', () => {
  it('appears on a terminal during a long check, is erased at the end, and stdout is the same bytes as with stderr piped', async () => {
    const { root, env, cold } = await slowExample();
    const tty = await onTerminal(['--infra-root', root, 'check'], env);
    expectProgressShownAndErased(tty.terminal);
    // never before the delay: a run faster than that prints no progress at all
    expect(tty.firstDrawMs).toBeGreaterThanOrEqual(PROGRESS_DELAY_MS);
    expect(tty.terminal).toContain('fluxgen: checking');

    await cold();
    const pipe = await piped(['--infra-root', root, 'check'], env);
    expect(pipe.exitCode).toBe(tty.exitCode);
    expect(pipe.stderr).toContain('fluxgen: checking');
    expect(pipe.stderr).not.toContain('fluxgen: building');
    expect(pipe.stderr).not.toMatch(/[\r\u001b]/);
    expect(pipe.stdout).toBe(tty.stdout);
  });

  it.each([
    ['check', '--format', 'json'],
    ['check', '--format', 'sarif'],
    ['graph', '--format', 'json'],
  ])('is never drawn for machine-readable output: %s %s %s', async (...args) => {
    const { root, env } = await slowExample();
    const tty = await onTerminal(['--infra-root', root, ...args], env);
    expect(tty.ms).toBeGreaterThan(PROGRESS_DELAY_MS);
    expect(tty.terminal).not.toContain('fluxgen: building');
    expect(tty.terminal).not.toContain(CLEAR_LINE);
    expect(() => JSON.parse(tty.stdout)).not.toThrow();
  });

  it('shows the builds of a writing command, and none with --json, whose stdout is the same bytes as piped', async () => {
    const [text, json, pipe] = await Promise.all([slowExample(), slowExample(), slowExample()]);
    const [shown, silent, quiet] = await Promise.all([
      onTerminal(['--infra-root', text.root, ...COMPONENT], text.env),
      onTerminal(['--infra-root', json.root, ...COMPONENT, '--json'], json.env),
      piped(['--infra-root', pipe.root, ...COMPONENT, '--json'], pipe.env),
    ]);
    expect([shown.exitCode, silent.exitCode, quiet.exitCode]).toEqual([0, 0, 0]);
    expectProgressShownAndErased(shown.terminal);
    expect(shown.stdout).toContain('redis');
    expect(silent.ms).toBeGreaterThan(PROGRESS_DELAY_MS);
    expect(silent.terminal).not.toContain('fluxgen: building');
    expect(quiet.stdout).toContain('"filesCreated"');
    expect(silent.stdout).toBe(quiet.stdout);
  });

  it('shows the builds of regen and graph', async () => {
    const { root, env, cold } = await slowExample();
    expectProgressShownAndErased((await onTerminal(['--infra-root', root, 'regen', '--check'], env)).terminal);
    await cold();
    expectProgressShownAndErased((await onTerminal(['--infra-root', root, 'graph'], env)).terminal);
  });

  it('erases itself before another line is printed (a debug line), so that line starts at column 0', async () => {
    const { root, env } = await slowExample();
    const tty = await onTerminal(['--infra-root', root, 'graph'], { ...env, FLUXGEN_DEBUG: '1' });
    expectProgressShownAndErased(tty.terminal);
    const shownAt = tty.terminal.indexOf(`${CLEAR_LINE}fluxgen: building`);
    // the model's lines come after its builds, while the line is up
    const debugAfter = tty.terminal.indexOf('fluxgen: debug: model:', shownAt);
    expect(debugAfter).toBeGreaterThan(shownAt);
    expect(tty.terminal.slice(debugAfter - CLEAR_LINE.length, debugAfter)).toBe(CLEAR_LINE);
  });

  it('is not drawn on a terminal that cannot clear a line (TERM=dumb)', async () => {
    const { root, env } = await slowExample();
    const tty = await onTerminal(['--infra-root', root, 'check'], { ...env, TERM: 'dumb' });
    expect(tty.ms).toBeGreaterThan(PROGRESS_DELAY_MS);
    expect(tty.terminal).toContain('fluxgen: checking');
    expect(tty.terminal).not.toContain('fluxgen: building');
  });

  it('fits a narrow terminal on one line, so that it can be rewritten in place', () => {
    expect(progressText({ done: 87, total: 120 })).toBe('fluxgen: building 87/120 …');
    expect(progressText({ done: 87, total: 120 }, 20)).toBe('fluxgen: building 8');
    expect(progressText({ done: 87, total: 120 }, 200)).toBe('fluxgen: building 87/120 …');
  });
});
