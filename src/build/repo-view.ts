/**
 * The repo as a build sees it: the files on disk (each read once per reader) with an overlay of files not
 * written yet applied on top. Paths are repo-relative with `/`, `''` for the root, `../…` outside it.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'js-yaml';
import { FluxgenError } from '../errors.ts';
import { KUSTOMIZATION_FILES } from './kustomize.ts';

export type EntryKind = 'file' | 'dir';

/** Where the builder puts the overlays that apply a Flux Kustomization's transform: in its overlay only, never written. */
export const FLUX_OVERLAY_DIR = '.fluxgen/flux';

/** `dir` joined with a relative `entry`, normalised; `''` for the root. */
export function joinRel(dir: string, entry: string): string {
  const joined = path.posix.normalize(path.posix.join(dir || '.', entry));
  return joined === '.' ? '' : joined.replace(/\/+$/, '');
}

/** True when `rel` is `dir` or lies inside it. */
export function isInside(rel: string, dir: string): boolean {
  if (dir === '') return rel !== '..' && !rel.startsWith('../');
  return rel === dir || rel.startsWith(`${dir}/`);
}

/** The folder holding `rel` (`''` for a top-level entry). */
export function parentOf(rel: string): string {
  const parent = path.posix.dirname(rel);
  return parent === '.' ? '' : parent;
}

/** The files on disk under `root`, each stat, listing and read done at most once. */
export interface DiskReader {
  readonly root: string;
  kind(rel: string): Promise<EntryKind | undefined>;
  /** Entries of a folder by name (symlinks followed); empty for what is not a folder. */
  list(rel: string): Promise<ReadonlyMap<string, EntryKind>>;
  /** A file's bytes, or null when it cannot be read. */
  read(rel: string): Promise<Buffer | null>;
  /** The real path, to walk a tree of symlinks once. */
  real(rel: string): Promise<string>;
}

function memoised<T>(compute: (rel: string) => Promise<T>): (rel: string) => Promise<T> {
  const memo = new Map<string, Promise<T>>();
  return (rel) => {
    let value = memo.get(rel);
    if (value === undefined) memo.set(rel, (value = compute(rel)));
    return value;
  };
}

/** A reader of the files under `root` (absolute) that remembers what it read: make a new one after writing. */
export function createDiskReader(root: string): DiskReader {
  const abs = (rel: string) => path.resolve(root, rel);
  const kind = memoised(async (rel): Promise<EntryKind | undefined> => {
    const info = await stat(abs(rel)).catch(() => undefined);
    return info?.isDirectory() ? 'dir' : info?.isFile() ? 'file' : undefined;
  });
  const list = memoised(async (rel) => {
    const entries = await readdir(abs(rel), { withFileTypes: true }).catch(() => []);
    const found = new Map<string, EntryKind>();
    for (const entry of entries) {
      const type = entry.isSymbolicLink() ? await kind(joinRel(rel, entry.name)) : entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined;
      if (type) found.set(entry.name, type);
    }
    return found;
  });
  const read = memoised((rel) => readFile(abs(rel)).catch(() => null));
  const real = memoised((rel) => realpath(abs(rel)).catch(() => abs(rel)));
  return { root, kind, list, read, real };
}

/** A kustomization file of a folder, parsed. */
export interface KustomizationFile {
  /** Repo-relative path of the file. */
  file: string;
  /** Its top-level map (`{}` when it is not a map). */
  value: Record<string, unknown>;
  /** Why it does not parse. */
  error?: string;
}

export interface RepoView {
  kind(rel: string): Promise<EntryKind | undefined>;
  /** A folder's entries, sorted by name. */
  list(rel: string): Promise<[string, EntryKind][]>;
  read(rel: string): Promise<Buffer | null>;
  /** What identifies a folder when walking trees (its real path; an overlay-only folder by its path). */
  identity(rel: string): Promise<string>;
  /** The folder's kustomization file (kustomization.yaml, .yml or Kustomization), or undefined. */
  kustomization(rel: string): Promise<KustomizationFile | undefined>;
  /** The overlay's paths (normalised). */
  readonly overlaid: ReadonlySet<string>;
}

const parsed = new WeakMap<Buffer, { value: Record<string, unknown>; error?: string }>();

function parseKustomization(bytes: Buffer): { value: Record<string, unknown>; error?: string } {
  let result = parsed.get(bytes);
  if (result === undefined) {
    try {
      const value = load(bytes.toString('utf8'));
      result = { value: typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {} };
    } catch (error) {
      result = { value: {}, error: (error as Error).message };
    }
    parsed.set(bytes, result);
  }
  return result;
}

/** The repo as `disk` holds it with `overlay` (repo-relative path → content, null = deleted) applied. */
export function createRepoView(disk: DiskReader, overlay: ReadonlyMap<string, string | null> = new Map()): RepoView {
  const files = new Map<string, Buffer | null>();
  const dirs = new Map<string, Map<string, EntryKind>>();
  for (const [raw, content] of overlay) {
    const rel = joinRel('', raw.replace(/\\/g, '/'));
    if (rel === '' || !isInside(rel, '') || path.posix.isAbsolute(rel)) {
      throw new FluxgenError('BAD_PATH', `cannot build with ${JSON.stringify(raw)} overlaid: the path leaves the repo root`);
    }
    files.set(rel, content === null ? null : Buffer.from(content));
    if (content === null) continue;
    for (let child = rel, parent = parentOf(rel); ; child = parent, parent = parentOf(parent)) {
      const entries = dirs.get(parent) ?? new Map<string, EntryKind>();
      dirs.set(parent, entries);
      entries.set(path.posix.basename(child), child === rel ? 'file' : 'dir');
      if (parent === '') break;
    }
  }

  const kind = async (rel: string): Promise<EntryKind | undefined> => {
    if (files.has(rel)) return files.get(rel) === null ? undefined : 'file';
    if (dirs.has(rel)) return 'dir';
    return disk.kind(rel);
  };
  const kustomizations = memoised(async (rel): Promise<KustomizationFile | undefined> => {
    for (const name of KUSTOMIZATION_FILES) {
      const file = joinRel(rel, name);
      if ((await kind(file)) !== 'file') continue;
      const bytes = files.get(file) ?? (await disk.read(file));
      return { file, ...parseKustomization(bytes ?? Buffer.alloc(0)) };
    }
    return undefined;
  });

  return {
    kind,
    async list(rel) {
      const entries = new Map(await disk.list(rel));
      for (const name of entries.keys()) if (files.get(joinRel(rel, name)) === null) entries.delete(name);
      for (const [name, type] of dirs.get(rel) ?? []) entries.set(name, type);
      return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    },
    async read(rel) {
      return files.has(rel) ? files.get(rel)! : disk.read(rel);
    },
    async identity(rel) {
      return (await disk.kind(rel)) === 'dir' ? disk.real(rel) : `overlay:${rel}`;
    },
    kustomization: kustomizations,
    overlaid: new Set(files.keys()),
  };
}
