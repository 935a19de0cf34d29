/** Paths never leave the repo root, symlinks included. */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { FluxgenError } from '../errors.ts';

/** The nearest existing ancestor of p (p itself when it exists). */
async function nearestExisting(p: string): Promise<string> {
  let current = p;
  for (;;) {
    if (await lstat(current).then(() => true, () => false)) return current;
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

/**
 * Resolves a repo-relative path to an absolute one, refusing any path that leaves the root:
 * `..`, absolute paths, or an existing symlink along the way that points outside.
 */
export async function resolveInsideRoot(root: string, relPath: string): Promise<string> {
  const realRoot = await realpath(root);
  const target = path.resolve(realRoot, relPath);
  const refuse = (why: string): never => {
    throw new FluxgenError('BAD_PATH', `refusing to write ${JSON.stringify(relPath)}: ${why}`, {
      hint: 'fluxgen writes only inside the repo root; remove the symlink or choose another name',
    });
  };
  if (path.isAbsolute(relPath) || relPath.split(/[\\/]/).includes('..')) refuse('the path leaves the repo root');
  if (target !== realRoot && !target.startsWith(realRoot + path.sep)) refuse('the path leaves the repo root');
  const existing = await nearestExisting(target);
  const real = await realpath(existing);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) refuse(`${path.relative(realRoot, existing)} resolves outside the repo root (${real})`);
  if (existing === target && (await lstat(target)).isSymbolicLink()) refuse('it is a symlink');
  return target;
}
