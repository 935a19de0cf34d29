/**
 * The repo lock: every writing command reads, plans, writes and validates while holding it, so
 * concurrent runs against one repo take turns instead of interleaving (no lost update). Taking it
 * also finishes the rollback of a run that was killed (its journal), and clears stale locks.
 */
import { mkdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { FluxgenError, showValue } from '../errors.ts';
import { recoverJournal } from './journal.ts';
import { breakDeadLock, describeOwner, isDeadOwner, LOCK_DIR, OWNER_FILE, readOwner, releaseSync, writeOwner } from './lock-owner.ts';
import { resolveInsideRoot } from './safe-path.ts';
import { guardSignals, type SignalGuard } from './signal-guard.ts';

/** A lock that proper-lockfile has not refreshed for this long belongs to a dead run. */
export const STALE_MS = 10_000;

export interface RepoLockOptions {
  /** Progress notices (waiting, stale lock cleared, interrupted run rolled back); default: stderr. */
  notify?: (message: string) => void;
  /** How long to wait for another run before giving up with LOCKED (default 120 s). */
  waitMs?: number;
}

/** What the locked section gets: the critical-section runner and the signal that aborts writes. */
export type LockedRepo = Pick<SignalGuard, 'signal' | 'critical'> & { root: string };

const stderrNotice = (message: string) => void process.stderr.write(`fluxgen: ${message}\n`);

async function assertRepoDir(root: string): Promise<void> {
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) {
    throw new FluxgenError('BAD_REPO', `infra root ${showValue(root)} is not a directory`, {
      hint: 'pass --infra-root DIR or set $INFRA_ROOT to the GitOps repository',
    });
  }
}

/** Age of the lock folder in ms, or undefined when there is none. */
async function lockAge(root: string): Promise<number | undefined> {
  return stat(path.join(root, LOCK_DIR)).then((s) => Date.now() - s.mtimeMs, () => undefined);
}

/** Takes the lock, waiting for a live holder and clearing a dead one; returns the release function. */
async function acquire(root: string, guard: SignalGuard, notify: (m: string) => void, waitMs: number, held: { value: boolean }): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  let waiting = false;
  for (;;) {
    await mkdir(path.join(root, '.fluxgen'), { recursive: true });
    const age = await lockAge(root);
    if (age !== undefined && age > STALE_MS) {
      notify(`clearing a stale lock: ${LOCK_DIR} was last refreshed ${Math.round(age / 1000)} s ago by ${describeOwner(await readOwner(root))}, which was killed`);
    }
    try {
      const release = await lockfile.lock(root, {
        lockfilePath: path.join(root, LOCK_DIR),
        realpath: false,
        stale: STALE_MS,
        retries: 0,
        onCompromised: (error) =>
          guard.abort(new FluxgenError('LOCKED', `lost the repo lock ${LOCK_DIR} (${error.message})`, { hint: 'make sure nothing deletes .fluxgen/ during a run, then run the command again' })),
      });
      held.value = true;
      await writeOwner(root);
      return async () => {
        held.value = false;
        await rm(path.join(root, OWNER_FILE), { force: true });
        await release().catch(() => undefined);
        await rmdir(path.join(root, '.fluxgen')).catch(() => undefined);
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED' && code !== 'ENOENT') {
        throw new FluxgenError('LOCKED', `cannot create the repo lock ${LOCK_DIR}: ${(error as Error).message}`, {
          cause: error,
          hint: 'fluxgen needs to write in the repo; check its permissions',
        });
      }
    }
    const owner = await readOwner(root);
    if (owner && isDeadOwner(owner) && (await breakDeadLock(root, owner))) {
      notify(`cleared a stale lock left by ${describeOwner(owner)}, which is no longer running`);
      continue;
    }
    if (Date.now() > deadline) {
      throw new FluxgenError('LOCKED', `another fluxgen run (${describeOwner(owner)}) has held ${LOCK_DIR} for more than ${Math.round(waitMs / 1000)} s`, {
        hint: `wait for it to finish; if no fluxgen is running, delete ${LOCK_DIR} and ${OWNER_FILE}`,
      });
    }
    if (!waiting && owner) notify(`waiting for another fluxgen run (${describeOwner(owner)}) to finish`);
    waiting ||= owner !== undefined;
    await sleep(25 + Math.floor(Math.random() * 75));
  }
}

/**
 * Runs fn while holding the repo lock `.fluxgen/lock`: waits for other runs, clears stale locks
 * (killed runs) with a notice, rolls back a killed run's journal with a notice, and turns SIGINT,
 * SIGTERM and SIGHUP into a clean exit (or, inside `critical`, into an abort of the writes).
 * Everything fn reads from the repo is read under the lock.
 */
export async function withRepoLock<T>(root: string, fn: (repo: LockedRepo) => Promise<T>, options: RepoLockOptions = {}): Promise<T> {
  const notify = options.notify ?? stderrNotice;
  await assertRepoDir(root);
  await resolveInsideRoot(root, LOCK_DIR);
  const held = { value: false };
  const guard = guardSignals({ notify, cleanup: () => held.value && releaseSync(root) });
  try {
    const release = await acquire(root, guard, notify, options.waitMs ?? 120_000, held);
    try {
      const recovered = await recoverJournal(root);
      if (recovered) {
        const restored = recovered.files.filter((f) => f.previous !== null).length;
        notify(
          `rolled back an interrupted fluxgen run (pid ${recovered.pid}, started ${recovered.startedAt}): ` +
            `restored ${restored} file(s) and removed ${recovered.files.length - restored} it had created; the repo is as it was before that run`,
        );
      }
      return await fn({ root, signal: guard.signal, critical: guard.critical });
    } finally {
      await release();
    }
  } finally {
    guard.dispose();
  }
}
