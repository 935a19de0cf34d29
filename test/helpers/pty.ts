/** A real pseudo-terminal session for prompt tests: wait for text on screen, then type. */
import pty from '@lydell/node-pty';

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\u001b[=>]/g;

export interface PtySession {
  /** Resolves when `text` has appeared on screen since the last call; rejects after the timeout. */
  expect(text: string | RegExp, timeoutMs?: number): Promise<void>;
  type(keys: string): void;
  /** Resolves with the exit code. */
  exit(): Promise<number>;
  /** Everything printed so far, without terminal escapes. */
  screen(): string;
  /** Everything printed so far, as the terminal received it (escapes included). */
  raw(): string;
}

export const ENTER = '\r';
export const DOWN = '\u001b[B';
export const SPACE = ' ';

export function spawnPty(file: string, args: string[], options: { cwd: string; env: Record<string, string | undefined> }): PtySession {
  const child = pty.spawn(file, args, { cols: 200, rows: 50, cwd: options.cwd, env: options.env as Record<string, string> });
  let output = '';
  let consumed = 0;
  const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
  child.onData((data) => {
    output += data;
  });
  const clean = () => output.replace(ANSI, '');
  return {
    screen: clean,
    raw: () => output,
    type: (keys) => child.write(keys),
    exit: () => exited,
    async expect(text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rest = clean().slice(consumed);
        const at = typeof text === 'string' ? rest.indexOf(text) : rest.search(text);
        if (at !== -1) {
          consumed += at + 1;
          return;
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; screen:\n${clean().slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}
