/** withRepoLock: runs take turns, stale locks of killed runs are cleared, leftovers rolled back. */
import { mkdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { JOURNAL_FILE, newJournal, writeJournal } from '../../src/write/journal.ts';
import { LOCK_DIR, OWNER_FILE } from '../../src/write/lock-owner.ts';
import { withRepoLock } from '../../src/write/repo-lock.ts';
import { rejection } from '../helpers/rejection.ts';
import { tempDir } from '../helpers/repo.ts';
import { snapshot } from '../helpers/snapshot.ts';

const exists = (file: string) => stat(file).then(() => true, () => false);

async function repo(): Promise<string> {
  const root = await tempDir('fluxgen-lock-');
  await writeFile(path.join(root, 'README.md'), '# repo\n');
  return root;
}

/** A pid that certainly belongs to no running process: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = execa('node', ['-e', '0']);
  await child;
  return child.pid!;
}

/** The lock as a run killed with kill -9 leaves it. */
async function leaveLock(root: string, owner: object | undefined, ageMs = 0): Promise<void> {
  await mkdir(path.join(root, LOCK_DIR), { recursive: true });
  if (owner) await writeFile(path.join(root, OWNER_FILE), JSON.stringify(owner));
  const when = new Date(Date.now() - ageMs);
  await utimes(path.join(root, LOCK_DIR), when, when);
}

describe('withRepoLock', () => {
  it('holds .fluxgen/lock during fn and leaves the repo as it was', async () => {
    const root = await repo();
    const before = await snapshot(root);
    const seen = await withRepoLock(root, async () => ({ lock: await exists(path.join(root, LOCK_DIR)), owner: JSON.parse(await readFile(path.join(root, OWNER_FILE), 'utf8')) }));
    expect(seen).toMatchObject({ lock: true, owner: { pid: process.pid, host: hostname() } });
    expect(await snapshot(root)).toEqual(before);
  });

  it('makes a second run wait until the first has finished, with a notice', async () => {
    const root = await repo();
    const order: string[] = [];
    const notices: string[] = [];
    const first = withRepoLock(root, async () => {
      order.push('first start');
      await new Promise((r) => setTimeout(r, 300));
      order.push('first end');
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = withRepoLock(root, async () => void order.push('second'), { notify: (m) => notices.push(m) });
    await Promise.all([first, second]);
    expect(order).toEqual(['first start', 'first end', 'second']);
    expect(notices).toEqual([expect.stringMatching(/^waiting for another fluxgen run \(fluxgen pid \d+ on .+, started .+\) to finish$/)]);
  });

  it('clears at once the lock of a run that is no longer alive, saying so', async () => {
    const root = await repo();
    const before = await snapshot(root);
    const pid = await deadPid();
    await leaveLock(root, { pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    const notices: string[] = [];
    const started = Date.now();
    await withRepoLock(root, async () => undefined, { notify: (m) => notices.push(m) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(notices).toEqual([`cleared a stale lock left by fluxgen pid ${pid} on ${hostname()}, started 2026-01-01T00:00:00.000Z, which is no longer running`]);
    expect(await snapshot(root)).toEqual(before);
  });

  it('clears a lock that was not refreshed for longer than the stale time, saying so', async () => {
    const root = await repo();
    await leaveLock(root, undefined, 60_000);
    const notices: string[] = [];
    await withRepoLock(root, async () => undefined, { notify: (m) => notices.push(m) });
    expect(notices).toEqual([expect.stringMatching(/^clearing a stale lock: \.fluxgen\/lock was last refreshed 6\d s ago by a fluxgen run of unknown pid, which was killed$/)]);
  });

  it('gives up with LOCKED when a live run holds the lock for too long, leaving its lock alone', async () => {
    const root = await repo();
    await leaveLock(root, { pid: process.pid, host: hostname(), startedAt: 'now' });
    const error = await rejection(withRepoLock(root, async () => undefined, { waitMs: 300, notify: () => undefined }));
    expect(error).toMatchObject({ code: 'LOCKED', exitCode: 2 });
    expect(error.message).toContain(`another fluxgen run (fluxgen pid ${process.pid}`);
    expect(await exists(path.join(root, LOCK_DIR))).toBe(true);
  });

  it('rolls back a journal left by a killed run before fn reads the repo, saying so', async () => {
    const root = await repo();
    const before = await snapshot(root);
    await writeJournal(root, newJournal([{ path: 'README.md', previous: Buffer.from('# repo\n').toString('base64') }, { path: 'new/a.yaml', previous: null }], ['new']));
    await writeFile(path.join(root, 'README.md'), 'half-written');
    await mkdir(path.join(root, 'new'));
    await writeFile(path.join(root, 'new/a.yaml'), 'a: 1\n');
    const notices: string[] = [];
    const seen = await withRepoLock(root, async () => readFile(path.join(root, 'README.md'), 'utf8'), { notify: (m) => notices.push(m) });
    expect(seen).toBe('# repo\n');
    expect(notices).toEqual([expect.stringMatching(/^rolled back an interrupted fluxgen run \(pid \d+, started .+\): restored 1 file\(s\) and removed 1 it had created; the repo is as it was before that run$/)]);
    expect(await exists(path.join(root, JOURNAL_FILE))).toBe(false);
    expect(await snapshot(root)).toEqual(before);
  });

  it('refuses a .fluxgen that is a symlink, and a root that is not a folder', async () => {
    const root = await repo();
    const outside = await tempDir('fluxgen-outside-');
    await symlink(outside, path.join(root, '.fluxgen'));
    await expect(withRepoLock(root, async () => undefined)).rejects.toMatchObject({ code: 'BAD_PATH', message: expect.stringContaining('.fluxgen is a symlink') });
    expect(await snapshot(outside)).toEqual({ files: new Map(), dirs: [] });
    await expect(withRepoLock(path.join(root, 'README.md'), async () => undefined)).rejects.toMatchObject({ code: 'BAD_REPO' });
  });
});
