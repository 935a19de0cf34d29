/** SIGINT, SIGTERM, SIGHUP against the real bin: while writing → every file restored; before → exit at once. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withRepoLock } from '../../src/write/repo-lock.ts';
import { startCli, waitForFile } from '../helpers/processes.ts';
import { copyRepo, EXAMPLE } from '../helpers/repo.ts';
import { snapshot } from '../helpers/snapshot.ts';

const REDIS = ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--monitoring'];

describe.concurrent('signals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s in the middle of the writes restores every file and exits %i', { timeout: 60_000 }, async (signal, exitCode) => {
    const root = await copyRepo(EXAMPLE);
    const before = await snapshot(root);
    const child = startCli(['--infra-root', root, ...REDIS], { FLUXGEN_TEST_PAUSE_MS: '250' });
    // the record is the first of the 10 files written: the run is now inside its write phase
    expect(await waitForFile(path.join(root, '.fluxgen/components/redis.yaml'), child)).toBe(true);
    child.kill(signal);
    const result = await child;
    expect(result.stderr).toContain(`fluxgen: error [INTERRUPTED]: interrupted by ${signal} while writing; every file was restored, nothing was changed`);
    expect(result.exitCode).toBe(exitCode);
    expect(result.stdout).toBe('');
    expect(await snapshot(root)).toEqual(before);
  });

  it('SIGTERM while waiting for the lock exits 143 at once and leaves the holder alone', { timeout: 60_000 }, async () => {
    const root = await copyRepo(EXAMPLE);
    const before = await snapshot(root);
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const holder = withRepoLock(root, () => holding);
    const child = startCli(['--infra-root', root, ...REDIS]);
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('waiting for another fluxgen run')) resolve();
      });
    });
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(143);
    expect(result.stderr).toContain('fluxgen: error [INTERRUPTED]: interrupted by SIGTERM; nothing was changed');
    expect((await snapshot(root)).dirs).toContain('.fluxgen/lock');
    release();
    await holder;
    expect(await snapshot(root)).toEqual(before);
  });
});
