/** Where Flux starts for a cluster: `clusters/<cluster>/`, or the path of the flux-system Kustomization of its gotk-sync.yaml. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DiscoveredKustomization } from './model.ts';
import { lineOf, parseStream, type ParsedStream } from '../edit/parse-stream.ts';
import { FluxgenError } from '../errors.ts';
import { clusterFolders, listYamlFiles } from './repo-files.ts';
import { FLUX_NAMESPACE, isFluxKustomization, toDiscovered } from './flux-object.ts';

export interface ClusterEntry {
  cluster: string;
  /** Repo-relative folder Flux builds first. */
  dir: string;
  /** The flux-system Kustomization when a gotk-sync.yaml defines it. */
  root?: DiscoveredKustomization;
}

/** The cluster folders under clusters/, sorted; only `only` when given (UNKNOWN_CLUSTER when it is not one). */
export async function listClusters(root: string, only?: string): Promise<string[]> {
  const names = await clusterFolders(root);
  if (names.length === 0) {
    throw new FluxgenError('NO_CLUSTER', `no cluster found under ${root}/clusters/`, {
      hint: 'create clusters/<cluster>/ or pass --infra-root pointing at the GitOps repository',
    });
  }
  if (only === undefined) return names;
  if (!names.includes(only)) {
    throw new FluxgenError('UNKNOWN_CLUSTER', `cluster ${JSON.stringify(only)} does not exist: the clusters are ${names.join(', ')}`, {
      hint: `pass one of: ${names.map((name) => `--cluster ${name}`).join(', ')}`,
    });
  }
  return [only];
}

async function parseQuietly(root: string, file: string): Promise<ParsedStream | undefined> {
  try {
    return parseStream(await readFile(path.join(root, file), 'utf8'), file);
  } catch {
    return undefined;
  }
}

/** Finds the entry of a cluster; a gotk-sync.yaml that does not parse or lacks flux-system is ignored. */
export async function findClusterEntry(root: string, cluster: string): Promise<ClusterEntry> {
  const folder = `clusters/${cluster}`;
  const syncFiles = (await listYamlFiles(root, folder)).filter((file) => path.posix.basename(file) === 'gotk-sync.yaml');
  for (const file of syncFiles) {
    const stream = await parseQuietly(root, file);
    for (const doc of stream?.docs ?? []) {
      const value = doc.toJS() as unknown;
      if (!isFluxKustomization(value) || value.metadata!.name !== FLUX_NAMESPACE) continue;
      const line = lineOf(stream!, doc.contents?.range[0] ?? doc.range[0]);
      const found = toDiscovered(value, { cluster, file, line }, { vars: {} });
      return { cluster, dir: found.path ?? folder, root: found };
    }
  }
  return { cluster, dir: folder };
}
