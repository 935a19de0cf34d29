/** Git repos for the crash test, and how to tell a fully old, fully new or partial tree apart. */
import { cp } from 'node:fs/promises';
import { execa } from 'execa';
import { tempDir } from '../helpers/repo.ts';
import { snapshot, type Snapshot } from '../helpers/snapshot.ts';

/** fluxgen's own run-time state: the lock, its owner and the journal (git-ignored in real repos). */
const RUNTIME = /^\.fluxgen\/(lock(\/|$)|lock\.json|journal\.json)/;

/** Seeded PRNG (mulberry32): the same seed gives the same kill moments. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `source` as a git repo with one commit. */
export async function gitRepo(source: string): Promise<string> {
  const root = await tempDir('fluxgen-crash-template-');
  await cp(source, root, { recursive: true });
  const git = (...args: string[]) => execa('git', ['-c', 'user.name=fluxgen', '-c', 'user.email=fluxgen@example.com', ...args], { cwd: root });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'before');
  return root;
}

/** `git status --porcelain` including untracked files: empty means the commit exactly. */
export async function gitStatus(root: string): Promise<string> {
  return (await execa('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root })).stdout;
}

/** The repo's content: every file and folder except .git and fluxgen's run-time state. */
export async function content(root: string): Promise<Snapshot> {
  const all = await snapshot(root, ['.git']);
  const files = new Map([...all.files].filter(([file]) => !RUNTIME.test(file)));
  const dirs = all.dirs.filter((dir) => !RUNTIME.test(dir) && (dir !== '.fluxgen' || [...files.keys()].some((f) => f.startsWith('.fluxgen/'))));
  return { files, dirs };
}

export type State = 'old' | 'new' | 'partial';

/** Whether a tree is exactly `old`, exactly `new`, or anything else. */
export function classify(tree: Snapshot, old: Snapshot, expected: Snapshot): State {
  const same = (a: Snapshot, b: Snapshot) => a.dirs.join('\n') === b.dirs.join('\n') && a.files.size === b.files.size && [...a.files].every(([f, c]) => b.files.get(f) === c);
  if (same(tree, old)) return 'old';
  if (same(tree, expected)) return 'new';
  return 'partial';
}
