/** The in-memory change set of a run, and its all-or-nothing application to disk. */
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FluxgenError } from '../errors.ts';
import { resolveInsideRoot } from './safe-path.ts';

export interface FileChange {
  /** Relative to the repo root, with `/`. */
  path: string;
  content: string;
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

/** Builds the change set: each desired file with its previous text; unchanged files dropped. */
export async function planChanges(root: string, desired: ReadonlyMap<string, string>): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const file of [...desired.keys()].sort()) {
    const previous = await readIfExists(root, file);
    const content = desired.get(file)!;
    if (previous !== content) changes.push({ path: file, content, previous });
  }
  return changes;
}

export interface AppliedChanges {
  /** Puts every touched file back as it was and removes created files and folders. */
  rollback(): Promise<void>;
}

/** Writes every change atomically (temp file + rename); on a failed write, undoes the others. */
export async function applyChanges(root: string, changes: readonly FileChange[]): Promise<AppliedChanges> {
  const targets = await Promise.all(changes.map((c) => resolveInsideRoot(root, c.path)));
  const done: { change: FileChange; target: string }[] = [];
  const createdDirs: string[] = [];
  const rollback = async () => {
    for (const { change, target } of done.reverse()) {
      if (change.previous === null) await rm(target, { force: true });
      else await writeFileAtomic(target, change.previous);
    }
    for (const dir of createdDirs.reverse()) await rmdir(dir).catch(() => undefined);
  };
  try {
    for (const [i, change] of changes.entries()) {
      const target = targets[i]!;
      const made = await mkdir(path.dirname(target), { recursive: true });
      if (made) createdDirs.push(...dirsBetween(made, path.dirname(target)));
      await writeFileAtomic(target, change.content);
      done.push({ change, target });
    }
  } catch (error) {
    await rollback();
    throw new FluxgenError('WRITE_FAILED', `writing ${changes[done.length]?.path ?? 'the change'} failed: ${(error as Error).message}; nothing was changed`, {
      cause: error,
      hint: 'check permissions and free space, then run the command again',
    });
  }
  return { rollback };
}

/** The folders from `first` (the first created) down to `last`, outermost first. */
function dirsBetween(first: string, last: string): string[] {
  const dirs: string[] = [];
  for (let dir = last; dir.length >= first.length; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === first) break;
  }
  return dirs;
}
