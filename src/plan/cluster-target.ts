/** Where a generator puts a cluster's new Flux Kustomizations, and what is already there (from the repo model). */
import { kustomizationsOf, type DiscoveredKustomization, type RepoModel } from '../discover/model.ts';

export interface ClusterTarget {
  name: string;
  /** The file that receives new Kustomizations, repo-relative: `clusters/<name>/<infrastructureFile>`. */
  file: string;
  /** The cluster's Kustomizations, as Flux finds them. */
  kustomizations: DiscoveredKustomization[];
}

/** The target of cluster `name` in `model`. */
export function clusterTarget(model: Pick<RepoModel, 'config' | 'kustomizations'>, name: string): ClusterTarget {
  return { name, file: `clusters/${name}/${model.config.infrastructureFile}`, kustomizations: kustomizationsOf(model, name) };
}
