/** Unified diffs of file changes, as `git diff` names them: `a/<path>` and `b/<path>` relative to the repo root. */
import { createTwoFilesPatch } from 'diff';

export interface FileDiff {
  /** Repo-relative with `/`. */
  path: string;
  /** Text before, or null when the file does not exist yet (shown as /dev/null). */
  before: string | null;
  /** Text after, or null when the change deletes the file (shown as /dev/null). */
  after: string | null;
}

/** One unified diff per file, in the order given; '' when there is nothing to show. */
export function formatUnifiedDiff(diffs: readonly FileDiff[]): string {
  return diffs
    .map((d) => createTwoFilesPatch(d.before === null ? '/dev/null' : `a/${d.path}`, d.after === null ? '/dev/null' : `b/${d.path}`, d.before ?? '', d.after ?? ''))
    .join('');
}
