/** Repo facts as they will be once a run's pending files are written: lets several changes chain in memory. */
import { readKustomizations } from '../edit/read-kustomizations.ts';
import { helmRepositoriesIn, type ClusterFacts, type RepoFacts } from './repo.ts';

function pendingCluster(cluster: ClusterFacts, pending: ReadonlyMap<string, string>): ClusterFacts {
  const prefix = `clusters/${cluster.name}/`;
  const changed = [...pending.keys()].filter((file) => file.startsWith(prefix) && /\.ya?ml$/.test(file));
  if (changed.length === 0) return cluster;
  const kept = cluster.kustomizations.filter((k) => !changed.includes(k.file));
  const fresh = changed.flatMap((file) => {
    try {
      return readKustomizations(pending.get(file)!, file).map((k) => ({ ...k, file }));
    } catch {
      return []; // as readRepo: a file that does not parse holds no Kustomization fluxgen can use
    }
  });
  const kustomizations = [...kept, ...fresh].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.docIndex - b.docIndex));
  return { ...cluster, infraSource: pending.get(cluster.infraFile) ?? cluster.infraSource, kustomizations };
}

/**
 * The facts of `repo` with `pending` (repo-relative path → new content) applied: the clusters'
 * Kustomizations and infrastructure sources, and the HelmRepositories. Pure.
 */
export function withPendingFiles(repo: RepoFacts, pending: ReadonlyMap<string, string>): RepoFacts {
  if (pending.size === 0) return repo;
  const helmRepositories = [
    ...repo.helmRepositories.filter((r) => !pending.has(r.file)),
    ...[...pending].flatMap(([file, text]) => (/\.ya?ml$/.test(file) && !file.startsWith('.fluxgen/') ? helmRepositoriesIn(text, file) : [])),
  ];
  return { ...repo, clusters: repo.clusters.map((c) => pendingCluster(c, pending)), helmRepositories };
}
