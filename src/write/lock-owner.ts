/**
 * Who holds the repo lock: `.fluxgen/lock.json` next to proper-lockfile's `.fluxgen/lock` folder.
 * A lock whose owner ran on this host and is no longer alive is stale at once; any other lock is
 * stale when proper-lockfile has not refreshed it for STALE_MS.
 */
import { rmdirSync, rmSync } from 'node:fs';
import { readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

export const LOCK_DIR = '.fluxgen/lock';
export const OWNER_FILE = '.fluxgen/lock.json';

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** Records this process as the owner (right after the lock is acquired). */
export async function writeOwner(root: string): Promise<void> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  await writeFile(path.join(root, OWNER_FILE), `${JSON.stringify(owner)}\n`);
}

/** The recorded owner, or undefined when there is none or it cannot be read. */
export async function readOwner(root: string, file = OWNER_FILE): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path.join(root, file), 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** True when the owner ran on this host and its process is gone. */
export function isDeadOwner(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** How to name an owner in messages. */
export function describeOwner(owner: LockOwner | undefined): string {
  return owner ? `fluxgen pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}` : 'a fluxgen run of unknown pid';
}

/**
 * Clears the lock of a dead owner. Only one waiter wins: it first moves the owner file away
 * (rename is atomic), checks that the moved file still names the dead owner (else puts it back:
 * a live run took the lock meanwhile), then removes the lock folder. True when it cleared the lock.
 */
export async function breakDeadLock(root: string, dead: LockOwner): Promise<boolean> {
  const claim = `${OWNER_FILE}.breaking-${process.pid}`;
  try {
    await rename(path.join(root, OWNER_FILE), path.join(root, claim));
  } catch {
    return false;
  }
  const moved = await readOwner(root, claim);
  if (moved?.pid !== dead.pid || moved.startedAt !== dead.startedAt) {
    await rename(path.join(root, claim), path.join(root, OWNER_FILE)).catch(() => undefined);
    return false;
  }
  await rmdir(path.join(root, LOCK_DIR)).catch(() => undefined);
  await rm(path.join(root, claim), { force: true });
  return true;
}

/** Releases synchronously what this process holds (used when a signal ends the process). */
export function releaseSync(root: string): void {
  rmSync(path.join(root, OWNER_FILE), { force: true });
  rmSync(path.join(root, LOCK_DIR), { recursive: true, force: true });
  try {
    rmdirSync(path.join(root, '.fluxgen'));
  } catch {
    // not empty: records live there
  }
}
