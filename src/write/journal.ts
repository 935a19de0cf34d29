/**
 * The write-ahead journal: before a run touches the repo it records, atomically, every file it is
 * about to write with the bytes it had (or that it did not exist) and every folder it will create.
 * A rollback — after a failed write, a failed build or a signal — replays it; a run killed with
 * `kill -9` leaves it behind and the next run (under the repo lock) replays it before anything else.
 */
import { hostname } from 'node:os';
import { lstat, mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FluxgenError } from '../errors.ts';
import { resolveInsideRoot } from './safe-path.ts';

/** Repo-relative path of the journal; git-ignore it (docs/safety.md). */
export const JOURNAL_FILE = '.fluxgen/journal.json';

export interface JournalEntry {
  /** Repo-relative, with `/`. */
  path: string;
  /** The file's bytes before the run, base64; null when the run creates it. */
  previous: string | null;
}

/** `.fluxgen/journal.json`, format version 1. */
export interface Journal {
  version: 1;
  pid: number;
  host: string;
  startedAt: string;
  /** In write order. */
  files: JournalEntry[];
  /** Folders the run creates, outermost first, repo-relative. */
  createdDirs: string[];
}

/** A new journal for this process. */
export function newJournal(files: JournalEntry[], createdDirs: string[]): Journal {
  return { version: 1, pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), files, createdDirs };
}

/** Writes the journal atomically (temp file + fsync + rename). */
export async function writeJournal(root: string, journal: Journal): Promise<void> {
  const target = await resolveInsideRoot(root, JOURNAL_FILE);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, `${JSON.stringify(journal, null, 2)}\n`);
}

/** Removes the journal (the run is complete, or rolled back) and `.fluxgen/` when that leaves it empty. */
export async function removeJournal(root: string): Promise<void> {
  await rm(path.join(root, JOURNAL_FILE), { force: true });
  await rmdir(path.join(root, path.dirname(JOURNAL_FILE))).catch(() => undefined);
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(() => true, () => false);
}

/** Removes write-file-atomic's temp files (`<name>.<digits>`) that a killed write left next to `file`. */
async function removeTempSiblings(file: string): Promise<void> {
  const base = path.basename(file);
  const entries = await readdir(path.dirname(file)).catch(() => [] as string[]);
  for (const entry of entries) {
    if (entry.startsWith(`${base}.`) && /^\d+$/.test(entry.slice(base.length + 1))) {
      await rm(path.join(path.dirname(file), entry), { force: true });
    }
  }
}

/** Puts every journaled file back as it was, removes created files and (empty) created folders. */
export async function restoreFromJournal(root: string, journal: Journal): Promise<void> {
  for (const entry of [...journal.files].reverse()) {
    if (entry.previous === null && !(await exists(path.join(root, entry.path)))) {
      await removeTempSiblings(path.join(root, entry.path));
      continue; // never written (or its folder could not be created): nothing to remove
    }
    const target = await resolveInsideRoot(root, entry.path);
    if (entry.previous === null) await rm(target, { force: true });
    else await writeFileAtomic(target, Buffer.from(entry.previous, 'base64'));
    await removeTempSiblings(target);
  }
  for (const dir of [...journal.createdDirs].reverse()) {
    await rmdir(await resolveInsideRoot(root, dir)).catch(() => undefined);
  }
}

/** Reads a journal left by an earlier run; undefined when there is none. */
export async function readJournal(root: string): Promise<Journal | undefined> {
  const file = path.join(root, JOURNAL_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(text) as Journal;
  } catch {
    journal = undefined;
  }
  if (journal?.version !== 1 || !Array.isArray(journal.files) || !Array.isArray(journal.createdDirs)) {
    throw new FluxgenError('BAD_REPO', `${JOURNAL_FILE} is not a journal fluxgen can read, so an interrupted run cannot be rolled back automatically`, {
      hint: `check the repo with \`git status\`, restore what that run changed, then delete ${JOURNAL_FILE}`,
    });
  }
  return journal;
}

/**
 * Rolls back a run that died without cleaning up (kill -9, power loss): replays its journal and
 * removes it. Returns the journal that was replayed, or undefined when there was none. Call it
 * only while holding the repo lock.
 */
export async function recoverJournal(root: string): Promise<Journal | undefined> {
  const journalPath = path.join(root, JOURNAL_FILE);
  await removeTempSiblings(journalPath); // a journal that never got renamed into place: nothing was touched
  const journal = await readJournal(root);
  if (journal === undefined) return undefined;
  await restoreFromJournal(root, journal);
  await removeJournal(root);
  return journal;
}
