/** Repo facts the planner needs: layout, clusters and their Kustomizations, HelmRepositories. */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readKustomizations, type FluxKustomization } from '../edit/read-kustomizations.ts';
import { FluxgenError, showValue } from '../errors.ts';
import { loadConfig, type FluxgenConfig } from './config.ts';

export interface ClusterFacts {
  name: string;
  /** clusters/<name>/<infrastructureFile>, relative to the root, with `/`. */
  infraFile: string;
  /** Text of infraFile, or undefined when it does not exist yet. */
  infraSource?: string;
  /** Every Flux Kustomization under clusters/<name>/, with the file that defines it. */
  kustomizations: (FluxKustomization & { file: string })[];
}

export interface HelmRepositoryFact {
  name: string;
  namespace: string;
  url: string;
  file: string;
}

export interface RepoFacts {
  root: string;
  config: FluxgenConfig;
  layout: 'flat' | 'base-overlays';
  clusters: ClusterFacts[];
  helmRepositories: HelmRepositoryFact[];
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.fluxgen']);

/** Every YAML file under dir, relative to root with `/`, sorted. */
export async function listYamlFiles(root: string, dir = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) files.push(...(await listYamlFiles(root, rel)));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(rel);
  }
  return files;
}

async function isDir(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

/**
 * The text of a file fluxgen edits. Not UTF-8 → INFRA_PARSE at the first bad byte: decoding it
 * anyway would rewrite those bytes as U+FFFD when the edited file is written back.
 */
export function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lossy = Buffer.from(bytes.toString('utf8'));
    let offset = 0;
    while (offset < bytes.length && bytes[offset] === lossy[offset]) offset++;
    const before = bytes.subarray(0, offset);
    const line = before.filter((b) => b === 0x0a).length + 1;
    const col = offset - (before.lastIndexOf(0x0a) + 1) + 1;
    throw new FluxgenError('INFRA_PARSE', `the file is not UTF-8 text (byte 0x${bytes[offset]!.toString(16)})`, {
      position: { file, line, col },
      hint: `convert ${file} to UTF-8 (e.g. \`iconv -f latin1 -t utf-8\`), then run again; nothing was written`,
    });
  }
}

async function readCluster(root: string, name: string, config: FluxgenConfig): Promise<ClusterFacts> {
  const infraFile = `clusters/${name}/${config.infrastructureFile}`;
  const infraPath = path.join(root, infraFile);
  const infraStat = await stat(infraPath).catch(() => undefined);
  if (infraStat?.isDirectory()) {
    throw new FluxgenError('BAD_REPO', `${infraFile} is a directory, not a file`, {
      hint: `move it away; fluxgen keeps every Flux Kustomization of cluster ${name} in that one file`,
    });
  }
  const infraSource = infraStat ? decodeUtf8(await readFile(infraPath), infraFile) : undefined;
  const kustomizations: ClusterFacts['kustomizations'] = [];
  for (const file of await listYamlFiles(root, `clusters/${name}`)) {
    const source = file === infraFile ? infraSource! : await readFile(path.join(root, file), 'utf8');
    // Only infraFile must parse: fluxgen edits it. Other files are read when they can be.
    let found: FluxKustomization[];
    try {
      found = readKustomizations(source, file);
    } catch (error) {
      if (file === infraFile) throw error;
      continue;
    }
    kustomizations.push(...found.map((k) => ({ ...k, file })));
  }
  return { name, infraFile, infraSource, kustomizations };
}

/** The HelmRepositories of one file's text (documents that do not parse are skipped). */
export function helmRepositoriesIn(text: string, file: string): HelmRepositoryFact[] {
  if (!text.includes('HelmRepository')) return [];
  const found: HelmRepositoryFact[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) continue;
    const obj = doc.toJS({ maxAliasCount: 100 }) as Record<string, any> | null;
    if (obj?.kind !== 'HelmRepository' || typeof obj.spec?.url !== 'string') continue;
    found.push({ name: obj.metadata?.name, namespace: obj.metadata?.namespace ?? 'flux-system', url: obj.spec.url, file });
  }
  return found;
}

/** Every HelmRepository in the repo, found by scanning its YAML files. */
async function readHelmRepositories(root: string): Promise<HelmRepositoryFact[]> {
  const found: HelmRepositoryFact[] = [];
  for (const file of await listYamlFiles(root)) {
    found.push(...helmRepositoriesIn(await readFile(path.join(root, file), 'utf8'), file));
  }
  return found;
}

/** The layout `.fluxgen.yaml` pins, else base-overlays when base/ or overlays/ exist without the components folder, else flat. */
export async function detectLayout(root: string, config: FluxgenConfig): Promise<RepoFacts['layout']> {
  if (config.layout) return config.layout;
  const hasOverlays = (await isDir(path.join(root, 'base'))) || (await isDir(path.join(root, 'overlays')));
  return hasOverlays && !(await isDir(path.join(root, config.componentsDir))) ? 'base-overlays' : 'flat';
}

/** The folder names under clusters/, sorted (none when clusters/ is missing). */
export async function clusterFolders(root: string): Promise<string[]> {
  return (await readdir(path.join(root, 'clusters'), { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Reads what the planner needs to know about the repo at root. */
export async function readRepo(root: string): Promise<RepoFacts> {
  if (!(await isDir(root))) {
    throw new FluxgenError('BAD_REPO', `infra root ${showValue(root)} is not a directory`, {
      hint: 'pass --infra-root DIR or set $INFRA_ROOT to the GitOps repository',
    });
  }
  const config = await loadConfig(root);
  const clusterNames = await clusterFolders(root);
  const layout = await detectLayout(root, config);
  const clusters = await Promise.all(clusterNames.map((name) => readCluster(root, name, config)));
  return { root, config, layout, clusters, helmRepositories: await readHelmRepositories(root) };
}
