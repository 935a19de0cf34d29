/** Real fluxgen subprocesses that tests interrupt, kill or run side by side. */
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { BIN } from './repo.ts';

/** Starts `node bin/fluxgen.js ...args` without waiting; the result never rejects. */
export function startCli(args: string[], env: Record<string, string> = {}): ResultPromise<{ reject: false; stdin: 'ignore' }> {
  return execa('node', [BIN, ...args], { reject: false, stdin: 'ignore', env });
}

/** Polls until `file` exists or `done` settles first; true when the file appeared. */
export async function waitForFile(file: string, done: Promise<unknown>, timeoutMs = 30_000): Promise<boolean> {
  let finished = false;
  void done.finally(() => (finished = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !finished) {
    if (await stat(file).then(() => true, () => false)) return true;
    await sleep(3);
  }
  return false;
}
