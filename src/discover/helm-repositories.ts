/** The HelmRepositories Flux applies in the repo: what `component` reuses instead of creating a duplicate. */
import type { RepoModel } from './model.ts';

export interface HelmRepositoryFact {
  name: string;
  namespace: string;
  url: string;
  /** Repo-relative file that defines it. */
  file: string;
}

/** Every HelmRepository the model's builds contain, once per file and name, sorted by file then name. */
export function helmRepositoriesOf(model: Pick<RepoModel, 'folders'>): HelmRepositoryFact[] {
  const found = new Map<string, HelmRepositoryFact>();
  for (const outcome of model.folders.values()) {
    for (const { object, file } of outcome.objects) {
      const url = (object.spec as { url?: unknown } | undefined)?.url;
      if (object.kind !== 'HelmRepository' || typeof url !== 'string' || file === undefined) continue;
      const name = object.metadata?.name ?? '';
      found.set(`${file}\0${name}`, { name, namespace: object.metadata?.namespace ?? 'flux-system', url, file });
    }
  }
  return [...found.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
