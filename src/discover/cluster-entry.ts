/**
 * Where Flux starts, as Flux finds it: `clusters/<cluster>/` (or the flux-system path of a gotk-sync.yaml
 * under it), any gotk-sync.yaml, a FluxInstance's `spec.sync.path`, a flux-instance chart's
 * `values.instance.sync.path`, or `--path DIR`.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DiscoveredKustomization } from './model.ts';
import { lineOf, parseStream, type ParsedStream } from '../edit/parse-stream.ts';
import { FluxgenError } from '../errors.ts';
import { clusterFolders, listYamlFiles } from './repo-files.ts';
import { FLUX_NAMESPACE, isFluxKustomization, normalizeFluxPath, toDiscovered } from './flux-object.ts';

/** A Flux source: `sourceRef` of a Kustomization, or the source an entry syncs. */
export interface SourceRef {
  kind?: string;
  namespace: string;
  name: string;
}

export interface ClusterEntry {
  cluster: string;
  /** Repo-relative folder Flux builds first. */
  dir: string;
  /** The flux-system Kustomization when a gotk-sync.yaml defines it. */
  root?: DiscoveredKustomization;
  /** The source the entry syncs: this repository (default GitRepository flux-system/flux-system). */
  source: SourceRef;
  /** What found it, for notices: `clusters/<c>`, a file, or `--path`. */
  via: string;
}

export interface EntryOptions {
  /** Only this cluster (UNKNOWN_CLUSTER when it is not one). */
  cluster?: string;
  /** `--path DIR`: only this entry, named `cluster` or the folder's name. */
  path?: string;
}

export interface FoundEntries {
  entries: ClusterEntry[];
  notices: { text: string; file?: string; line?: number }[];
}

const THIS_REPO: SourceRef = { kind: 'GitRepository', namespace: FLUX_NAMESPACE, name: FLUX_NAMESPACE };

/** A valid single path segment: what a cluster name may be. */
export function isPathSegment(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\\') && !/[\u0000-\u001f\u007f]/.test(name);
}

async function parseQuietly(root: string, file: string): Promise<ParsedStream | undefined> {
  try {
    return parseStream(await readFile(path.join(root, file), 'utf8'), file);
  } catch {
    return undefined;
  }
}

const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);

/** The flux-system Kustomization of a gotk-sync.yaml, or undefined. */
async function syncKustomization(root: string, file: string, cluster: string): Promise<DiscoveredKustomization | undefined> {
  const stream = await parseQuietly(root, file);
  for (const doc of stream?.docs ?? []) {
    const value = doc.toJS() as unknown;
    if (!isFluxKustomization(value) || value.metadata!.name !== FLUX_NAMESPACE) continue;
    const line = lineOf(stream!, doc.contents?.range[0] ?? doc.range[0]);
    return toDiscovered(value, { cluster, file, line }, { vars: {} });
  }
  return undefined;
}

function sourceOf(k: DiscoveredKustomization): SourceRef {
  const ref = k.object.spec?.sourceRef;
  if (typeof ref?.name !== 'string') return THIS_REPO;
  return { kind: typeof ref.kind === 'string' ? ref.kind : undefined, namespace: typeof ref.namespace === 'string' ? ref.namespace : k.namespace, name: ref.name };
}

/** Finds the entry of a cluster folder; a gotk-sync.yaml that does not parse or lacks flux-system is ignored. */
export async function findClusterEntry(root: string, cluster: string): Promise<ClusterEntry> {
  const folder = `clusters/${cluster}`;
  const syncFiles = (await listYamlFiles(root, folder)).filter((file) => path.posix.basename(file) === 'gotk-sync.yaml');
  for (const file of syncFiles) {
    const found = await syncKustomization(root, file, cluster);
    if (found) return { cluster, dir: found.path ?? folder, root: found, source: sourceOf(found), via: file };
  }
  return { cluster, dir: folder, source: { namespace: FLUX_NAMESPACE, name: FLUX_NAMESPACE }, via: folder };
}

/** Cluster name of a gotk-sync.yaml: the folder above its `flux-system/` folder, else the entry folder's name. */
function syncClusterName(file: string, dir: string): string {
  const parent = path.posix.dirname(file);
  if (path.posix.basename(parent) === FLUX_NAMESPACE) {
    const above = path.posix.basename(path.posix.dirname(parent));
    if (isPathSegment(above)) return above;
  }
  return path.posix.basename(dir) || 'root';
}

/** instance.sync of a flux-instance HelmRelease: inline values, else a values.yaml beside it (valuesFrom). */
async function instanceSync(root: string, file: string, values: any): Promise<any> {
  if (values?.instance?.sync?.path) return values.instance.sync;
  const folder = path.posix.dirname(file);
  for (const name of ['values.yaml', 'values.yml', 'helm-values.yaml']) {
    const stream = await parseQuietly(root, path.posix.join(folder, name));
    for (const doc of stream?.docs ?? []) {
      const v = doc.toJS() as any;
      if (typeof v?.instance?.sync?.path === 'string') return v.instance.sync;
    }
  }
  return undefined;
}

/** The folder a sync path names: at the root, else the shallowest subfolder holding it (an artifact pushed from there). */
async function resolveSyncPath(root: string, syncPath: string, files: string[]): Promise<{ dir: string; base?: string }> {
  const dir = normalizeFluxPath(syncPath);
  if (await isDir(path.join(root, dir))) return { dir };
  const bases = [...new Set(files.map((f) => path.posix.dirname(f)).flatMap((d) => {
    const parts = d === '.' ? [] : d.split('/');
    return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  }))].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  for (const base of bases) if (await isDir(path.join(root, base, dir))) return { dir: path.posix.join(base, dir), base };
  return { dir };
}

/** Every entry of the repo, as Flux finds them; NO_CLUSTER when there is none, UNKNOWN_CLUSTER for a bad `cluster`. */
export async function findEntries(root: string, options: EntryOptions = {}): Promise<FoundEntries> {
  const notices: FoundEntries['notices'] = [];
  if (options.path !== undefined) {
    const dir = normalizeFluxPath(options.path);
    if (!(await isDir(path.join(root, dir)))) {
      throw new FluxgenError('BAD_PATH', `--path ${JSON.stringify(options.path)} is not a folder of the repository`, {
        hint: 'pass a folder relative to the repository root',
      });
    }
    const cluster = options.cluster ?? (path.posix.basename(dir) || path.basename(root));
    if (!isPathSegment(cluster)) throw new FluxgenError('BAD_NAME', `cluster name ${JSON.stringify(cluster)} is not a folder name`);
    return { entries: [{ cluster, dir, source: THIS_REPO, via: '--path' }], notices };
  }
  const entries: ClusterEntry[] = await Promise.all((await clusterFolders(root)).map((c) => findClusterEntry(root, c)));
  const taken = new Set(entries.map((e) => e.cluster));
  const dirs = new Set(entries.map((e) => e.dir));
  const add = (entry: ClusterEntry) => {
    if (taken.has(entry.cluster) || dirs.has(entry.dir)) return;
    taken.add(entry.cluster);
    dirs.add(entry.dir);
    entries.push(entry);
  };
  const files = await listYamlFiles(root);
  const fromSync = async (syncPath: string, via: string, name: (dir: string) => string, base: Omit<ClusterEntry, 'cluster' | 'dir' | 'via'>) => {
    const resolved = await resolveSyncPath(root, syncPath, files);
    if (resolved.base !== undefined) {
      notices.push({ text: `sync path ${syncPath} is not at the repository root: taken as ${resolved.dir} (artifact root ${resolved.base}/)`, file: via });
    }
    add({ cluster: name(resolved.dir), dir: resolved.dir, via, ...base });
  };
  const ociUrls = new Map<string, string>();
  const releases: { file: string; value: any }[] = [];
  for (const file of files) {
    const isSync = path.posix.basename(file) === 'gotk-sync.yaml';
    let text: string;
    if (!isSync) {
      text = await readFile(path.join(root, file), 'utf8').catch(() => '');
      if (!text.includes('FluxInstance') && !text.includes('flux-instance')) continue;
    }
    if (isSync) {
      if (file.startsWith('clusters/') && taken.has(file.split('/')[1]!)) continue;
      const found = await syncKustomization(root, file, '');
      if (!found || found.path === undefined) continue;
      await fromSync(found.path, file, (dir) => syncClusterName(file, dir), { source: sourceOf(found) });
      const entry = entries.find((e) => e.via === file);
      if (entry) entry.root = { ...found, cluster: entry.cluster };
      continue;
    }
    const stream = await parseQuietly(root, file);
    for (const doc of stream?.docs ?? []) {
      const value = doc.toJS() as any;
      if (value?.kind === 'FluxInstance' && value.apiVersion === 'fluxcd.controlplane.io/v1' && typeof value.spec?.sync?.path === 'string') {
        const kind = typeof value.spec.sync.kind === 'string' ? value.spec.sync.kind : 'GitRepository';
        const namespace = value.metadata?.namespace ?? FLUX_NAMESPACE;
        // the operator names the source it creates for the sync flux-system, in the instance's namespace
        await fromSync(value.spec.sync.path, file, (dir) => path.posix.basename(dir), { source: { kind, namespace, name: FLUX_NAMESPACE } });
      } else if (value?.kind === 'OCIRepository' && typeof value.spec?.url === 'string') {
        ociUrls.set(value.metadata?.name ?? '', value.spec.url);
      } else if (value?.kind === 'HelmRelease') {
        releases.push({ file, value });
      }
    }
  }
  for (const { file, value } of releases) {
    const spec = value.spec ?? {};
    const byChart = spec.chart?.spec?.chart === 'flux-instance';
    const byRef = spec.chartRef?.kind === 'OCIRepository' && /\/flux-instance$/.test(ociUrls.get(spec.chartRef.name) ?? '');
    if (!byChart && !byRef) continue;
    const sync = await instanceSync(root, file, spec.values);
    if (typeof sync?.path !== 'string') continue;
    const kind = typeof sync.kind === 'string' ? sync.kind : 'GitRepository';
    await fromSync(sync.path, file, (dir) => path.posix.basename(dir), { source: { kind, namespace: FLUX_NAMESPACE, name: FLUX_NAMESPACE } });
  }
  entries.sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
  if (entries.length === 0) {
    throw new FluxgenError('NO_CLUSTER', `no cluster found in ${root}`, {
      hint: 'looked for clusters/<cluster>/, any gotk-sync.yaml, a FluxInstance spec.sync.path and a flux-instance HelmRelease values.instance.sync.path; create clusters/<cluster>/, pass --path DIR, or pass --infra-root pointing at the GitOps repository',
    });
  }
  if (options.cluster !== undefined) {
    const only = entries.filter((e) => e.cluster === options.cluster);
    if (only.length === 0) {
      const names = entries.map((e) => e.cluster);
      throw new FluxgenError('UNKNOWN_CLUSTER', `cluster ${JSON.stringify(options.cluster)} does not exist: the clusters are ${names.join(', ')}`, {
        hint: `pass one of: ${names.map((name) => `--cluster ${name}`).join(', ')}`,
      });
    }
    return { entries: only, notices };
  }
  return { entries, notices };
}

/** The cluster names of the repo, sorted; only `only` when given (UNKNOWN_CLUSTER when it is not one). */
export async function listClusters(root: string, only?: string): Promise<string[]> {
  return (await findEntries(root, { cluster: only })).entries.map((e) => e.cluster);
}
