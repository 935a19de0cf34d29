/** Where a generator puts a cluster's new Flux Kustomizations, and what is already there (from the repo model). */
import type { FluxgenConfig } from '../config.ts';
import { kustomizationsOf, type DiscoveredKustomization, type RepoModel } from '../discover/model.ts';

export interface ClusterTarget {
  name: string;
  /** The file that receives new Kustomizations, repo-relative: `clusters/<name>/<infrastructureFile>`. */
  file: string;
  /** The cluster's Kustomizations, as Flux finds them. */
  kustomizations: DiscoveredKustomization[];
}

/** The file that receives cluster `name`'s new Kustomizations. */
export function targetFile(config: Pick<FluxgenConfig, 'infrastructureFile'>, name: string): string {
  return `clusters/${name}/${config.infrastructureFile}`;
}

/** The target of cluster `name` in `model`. */
export function clusterTarget(model: Pick<RepoModel, 'config' | 'kustomizations'>, name: string): ClusterTarget {
  return { name, file: targetFile(model.config, name), kustomizations: kustomizationsOf(model, name) };
}
