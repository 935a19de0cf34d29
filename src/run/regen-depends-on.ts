/** The dependsOn half of `regen` (SPEC §4): every Flux Kustomization gains the CRD providers its build needs, never loses one. */
import path from 'node:path';
import type { PathBuild } from '../build/build-paths.ts';
import { providerTable, requiredProviders } from '../build/depends-on.ts';
import type { BuiltObject } from '../build/kustomize.ts';
import { upsertKustomizations, type KustomizationRequest } from '../edit/upsert-kustomization.ts';
import { describeError, FluxgenError } from '../errors.ts';
import type { RepoFacts } from '../plan/repo.ts';
import { readIfExists } from '../write/change-set.ts';

/** Builds repo directories; `buildPaths` in production, swappable for a batched builder. */
export type BuildDirs = (dirs: readonly string[]) => Promise<Map<string, PathBuild>>;

/** A dependsOn entry a Kustomization lacks: the provider of CRDs its build uses. */
export interface DependsOnAddition {
  cluster: string;
  kustomization: string;
  provider: string;
  /** The kinds in its build whose CRDs the provider installs. */
  kinds: string[];
}

export interface DependsOnPass {
  /** The edited Kustomization files (path → content). */
  edits: Map<string, string>;
  additions: DependsOnAddition[];
  recreateReasons: string[];
  problems: FluxgenError[];
  /** How many Kustomizations were checked. */
  checked: number;
}

/** A Kustomization's spec.path as a repo-relative directory (`''` for the root); undefined when it leaves the repo. */
export function kustomizationDir(specPath: string | undefined): string | undefined {
  const dir = path.posix.normalize((specPath ?? '.').replace(/^\.\/+/, '') || '.').replace(/\/+$/, '');
  if (dir.startsWith('/') || dir === '..' || dir.startsWith('../')) return undefined;
  return dir === '.' ? '' : dir;
}

/**
 * Checks every Flux Kustomization of every cluster of `repo` (facts with the run's pending files
 * applied) against what its path builds: objects from `known` for directories the run re-rendered,
 * else from `build`. Missing CRD providers are added through the comment-preserving editor on top of
 * `pending`; a provider the cluster lacks, a missing path or a failed build becomes a problem.
 * Kustomizations reading another source than the repo's GitRepository are skipped.
 */
export async function recomputeDependsOn(repo: RepoFacts, pending: ReadonlyMap<string, string>, known: ReadonlyMap<string, BuiltObject[]>, build: BuildDirs): Promise<DependsOnPass> {
  const pass: DependsOnPass = { edits: new Map(), additions: [], recreateReasons: [], problems: [], checked: 0 };
  const ours = repo.clusters.flatMap((cluster) =>
    cluster.kustomizations
      .filter((k) => !k.sourceRef || (k.sourceRef.kind === 'GitRepository' && k.sourceRef.name === repo.config.gitRepository))
      .map((k) => ({ cluster, k, dir: kustomizationDir(k.path) })),
  );
  const builds = await build(ours.flatMap(({ dir }) => (dir === undefined || known.has(dir) ? [] : [dir])));
  const table = providerTable(repo.config.providers);
  const requests = new Map<string, KustomizationRequest[]>();
  for (const { cluster, k, dir } of ours) {
    pass.checked++;
    const where = `cluster ${cluster.name}: Kustomization ${k.name} (${k.file}:${k.line})`;
    const built = dir === undefined ? undefined : known.has(dir) ? { objects: known.get(dir)! } : builds.get(dir)!;
    if (!built?.objects) {
      const why = built?.error ? describeError(built.error) : `path ${k.path} leaves the repository`;
      pass.problems.push(new FluxgenError(built?.error?.code ?? 'PATH_MISSING', `${where}: ${why}`, {
        hint: `fix spec.path in ${k.file} or the files it builds, then run the command again`,
      }));
      continue;
    }
    const names = new Set(cluster.kustomizations.map((other) => other.name));
    const added: string[] = [];
    for (const [provider, kinds] of requiredProviders(built.objects, table)) {
      if (provider === k.name || k.dependsOn.includes(provider)) continue;
      if (!names.has(provider)) {
        pass.problems.push(new FluxgenError('MISSING_PROVIDER', `${where} builds ${kinds.join(', ')}, whose CRDs ${provider} provides, but cluster ${cluster.name} has no Kustomization ${provider}`, {
          hint: `add ${provider} to cluster ${cluster.name} (e.g. \`fluxgen component ${provider} ...\`) or remove those resources; regen does not invent Kustomizations`,
        }));
        continue;
      }
      added.push(provider);
      pass.additions.push({ cluster: cluster.name, kustomization: k.name, provider, kinds });
    }
    if (added.length === 0) continue;
    pass.recreateReasons.push(`dependsOn of existing Kustomization ${k.name} in cluster ${cluster.name} gains ${added.join(', ')}`);
    const document = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: k.name } };
    requests.set(k.file, [...(requests.get(k.file) ?? []), { name: k.name, document, dependsOn: added }]);
  }
  for (const [file, list] of requests) {
    const source = pending.get(file) ?? (await readIfExists(repo.root, file)) ?? '';
    pass.edits.set(file, upsertKustomizations(source, list, file).source);
  }
  return pass;
}
