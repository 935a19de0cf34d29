/** The in-memory change set of a run, and its all-or-nothing application to disk. */
import { mkdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import writeFileAtomic from 'write-file-atomic';
import { FluxgenError, isFluxgenError } from '../errors.ts';
import { JOURNAL_FILE, newJournal, removeJournal, restoreFromJournal, writeJournal, type JournalEntry } from './journal.ts';
import { resolveInsideRoot } from './safe-path.ts';

export interface FileChange {
  /** Relative to the repo root, with `/`. */
  path: string;
  /** The new text, or null when the change deletes the file (a move). */
  content: string | null;
  /** The file's text before the change, or null when the change creates it. */
  previous: string | null;
}

/** Reads a repo file, or null when it does not exist. */
export async function readIfExists(root: string, relPath: string): Promise<string | null> {
  return readFile(path.join(root, relPath), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

/** Builds the change set: each desired file (null: deleted) with its previous text; unchanged files dropped. */
export async function planChanges(root: string, desired: ReadonlyMap<string, string | null>): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const file of [...desired.keys()].sort()) {
    const previous = await readIfExists(root, file);
    const content = desired.get(file)!;
    if (previous !== content) changes.push({ path: file, content, previous });
  }
  return changes;
}

export interface AppliedChanges {
  /** The change is complete: drops the journal. */
  commit(): Promise<void>;
  /** Puts every touched file back as it was and removes created files and folders. */
  rollback(): Promise<void>;
}

const RESTORED = 'every file was restored, nothing was changed';

/** The same error, saying what became of the repo (by default: that it was restored). */
export function restoredError(error: unknown, what = 'the change', tail = RESTORED): FluxgenError {
  if (isFluxgenError(error)) return new FluxgenError(error.code, `${error.message}; ${tail}`, { hint: error.hint, position: error.position, signal: error.signal, cause: error });
  return new FluxgenError('WRITE_FAILED', `writing ${what} failed: ${(error as Error)?.message ?? String(error)}; ${tail}`, {
    cause: error,
    hint: 'check permissions and free space, then run the command again',
  });
}

/**
 * Test hook (documented in docs/safety.md): FLUXGEN_TEST_PAUSE_MS=N sleeps N ms before each file
 * write, so that a crash test can kill the process inside the write phase. Unset, it does nothing.
 */
function testPause(): Promise<void> | undefined {
  const ms = Number(process.env.FLUXGEN_TEST_PAUSE_MS ?? 0);
  return ms > 0 ? sleep(ms) : undefined;
}

/** The folders that writing `targets` creates, outermost first. */
async function missingDirs(root: string, targets: string[]): Promise<string[]> {
  const missing = new Set<string>();
  for (const target of targets) {
    const chain: string[] = [];
    for (let dir = path.dirname(target); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      if (missing.has(dir) || (await stat(dir).then(() => true, () => false))) break;
      chain.unshift(dir);
    }
    for (const dir of chain) missing.add(dir);
  }
  return [...missing].sort((a, b) => a.length - b.length).map((dir) => path.relative(root, dir).split(path.sep).join('/'));
}

/** What the journal records for each change; refuses a file that changed since it was planned. */
async function journalEntries(changes: readonly FileChange[], targets: string[]): Promise<JournalEntry[]> {
  return Promise.all(
    changes.map(async (change, i) => {
      const bytes = await readFile(targets[i]!).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
      if ((bytes === null ? null : bytes.toString('utf8')) !== change.previous) {
        throw new FluxgenError('WRITE_FAILED', `${change.path} changed while fluxgen was planning; nothing was changed`, { hint: 'run the command again' });
      }
      return { path: change.path, previous: bytes === null ? null : bytes.toString('base64') };
    }),
  );
}

/**
 * Writes every change atomically (temp file + rename) after recording them in the journal. On a
 * failed write, or when `signal` aborts between two writes, every file is restored and the error
 * (the abort reason for a signal) is thrown, saying so.
 */
export async function applyChanges(root: string, changes: readonly FileChange[], options: { signal?: AbortSignal } = {}): Promise<AppliedChanges> {
  const { signal } = options;
  const realRoot = await realpath(root);
  const targets = await Promise.all(changes.map((c) => resolveInsideRoot(realRoot, c.path)));
  const journal = newJournal(await journalEntries(changes, targets), await missingDirs(realRoot, targets.filter((_, i) => changes[i]!.content !== null)));
  if (signal?.aborted) throw restoredError(signal.reason, undefined, 'nothing was changed');
  await writeJournal(realRoot, journal).catch((error) => Promise.reject(restoredError(error, JOURNAL_FILE, 'nothing was changed')));
  const rollback = async () => {
    try {
      await restoreFromJournal(realRoot, journal);
    } catch (error) {
      throw new FluxgenError('WRITE_FAILED', `restoring the repo failed: ${(error as Error).message}; ${JOURNAL_FILE} keeps what is left to restore`, {
        cause: error,
        hint: 'fix the cause (permissions, free space), then run any fluxgen command in this repo: it finishes the rollback first',
      });
    }
    await removeJournal(realRoot);
  };
  let current = 0;
  try {
    for (; current < changes.length; current++) {
      await testPause();
      signal?.throwIfAborted();
      const content = changes[current]!.content;
      if (content === null) {
        await rm(targets[current]!, { force: true });
        continue;
      }
      await mkdir(path.dirname(targets[current]!), { recursive: true });
      await writeFileAtomic(targets[current]!, content);
    }
    signal?.throwIfAborted();
  } catch (error) {
    await rollback();
    throw restoredError(error, changes[current]?.path);
  }
  return { rollback, commit: () => removeJournal(realRoot) };
}
