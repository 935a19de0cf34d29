/** Paths never leave the repo root, and fluxgen never writes through a symlink. */
import { lstat, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { FluxgenError } from '../errors.ts';

function refuse(relPath: string, why: string): never {
  throw new FluxgenError('BAD_PATH', `refusing to write ${JSON.stringify(relPath)}: ${why}; nothing was changed`, {
    hint: 'fluxgen writes only real files and folders inside the repo root; replace the symlink with a folder, or choose another name',
  });
}

/** Where a symlink points, for the message: its target, and whether that leaves the root. */
async function describeLink(realRoot: string, link: string): Promise<string> {
  const target = await readlink(link).catch(() => '?');
  const resolved = await realpath(link).catch(() => undefined);
  const rel = path.relative(realRoot, link).split(path.sep).join('/');
  if (resolved === undefined) return `${rel} is a symlink to ${JSON.stringify(target)}, which does not exist`;
  const inside = resolved === realRoot || resolved.startsWith(realRoot + path.sep);
  return `${rel} is a symlink to ${JSON.stringify(target)}${inside ? '' : `, outside the repo root (${resolved})`}`;
}

/**
 * Resolves a repo-relative path to an absolute one, refusing any path that could write somewhere
 * else: `..` segments, absolute paths, and any existing symlink between the root and the file (the
 * file itself included) — one pointing outside the root, dangling, or even pointing inside, since
 * writing through it would change a file fluxgen did not plan to change.
 */
export async function resolveInsideRoot(root: string, relPath: string): Promise<string> {
  const realRoot = await realpath(root);
  const segments = relPath.split(/[\\/]/);
  if (relPath === '' || path.isAbsolute(relPath) || segments.includes('..') || relPath.includes('\0')) {
    refuse(relPath, 'the path leaves the repo root');
  }
  let current = realRoot;
  for (const segment of segments.filter((s) => s !== '' && s !== '.')) {
    current = path.join(current, segment);
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      if (error.code === 'ENOTDIR') refuse(relPath, `${path.relative(realRoot, path.dirname(current))} is a file, not a folder`);
      throw error;
    });
    if (info === undefined) break; // the rest does not exist yet: fluxgen creates real folders
    if (info.isSymbolicLink()) refuse(relPath, await describeLink(realRoot, current));
  }
  return path.join(realRoot, ...segments);
}

/** Checks every path of a change set before anything is read for writing or written. */
export async function assertInsideRoot(root: string, relPaths: Iterable<string>): Promise<void> {
  for (const relPath of relPaths) await resolveInsideRoot(root, relPath);
}
