/** The dependsOn half of `regen` (SPEC §4): every Flux Kustomization gains the CRD providers its build needs, never loses one. */
import { kustomizationKey, kustomizationsOf, type DiscoveredKustomization, type RepoModel } from '../../discover/model.ts';
import { defaultProviderName, providerIndex, requiredGroups } from '../../discover/providers.ts';
import { upsertKustomizations, type KustomizationRequest } from '../../edit/upsert-kustomization.ts';
import { FluxgenError } from '../../errors.ts';
import type { DependsOnAddition } from '../../report/regen-report.ts';
import { readIfExists } from '../../write/change-set.ts';

export interface DependsOnPass {
  /** The edited Kustomization files (path → content). */
  edits: Map<string, string>;
  additions: DependsOnAddition[];
  recreateReasons: string[];
  problems: FluxgenError[];
  /** How many Kustomizations were checked. */
  checked: number;
}

/** True when the Kustomization reads this repository (its sourceRef is absent or the repo's GitRepository). */
function readsThisRepo(k: DiscoveredKustomization, gitRepository: string): boolean {
  const ref = k.object.spec?.sourceRef as { kind?: unknown; name?: unknown } | undefined;
  return ref === undefined || (ref.kind === 'GitRepository' && ref.name === gitRepository);
}

/**
 * Checks every Flux Kustomization of `model` (the repo with the run's pending files applied) against what
 * its path builds. Missing CRD providers are added through the comment-preserving editor on top of
 * `pending`; a provider the cluster lacks, a missing path or a failed build becomes a problem (exit 1).
 * Kustomizations reading another source than the repo's GitRepository, and builds of remote bases
 * (not checked offline), are skipped.
 */
export async function recomputeDependsOn(model: RepoModel, pending: ReadonlyMap<string, string | null>): Promise<DependsOnPass> {
  const pass: DependsOnPass = { edits: new Map(), additions: [], recreateReasons: [], problems: [], checked: 0 };
  const requests = new Map<string, KustomizationRequest[]>();
  for (const k of model.kustomizations) {
    if (!readsThisRepo(k, model.config.gitRepository) || k.path === undefined) continue;
    pass.checked++;
    const where = `cluster ${k.cluster}: Kustomization ${k.name} (${k.file}:${k.line})`;
    const built = model.builds.get(kustomizationKey(k));
    if (!built || built.error !== undefined) {
      const code = built ? 'KUSTOMIZE_FAILED' : 'PATH_MISSING';
      const why = built ? `kustomize build ${k.path || '.'} failed: ${built.error}` : `./${k.path} does not exist or is not a directory`;
      pass.problems.push(new FluxgenError(code, `${where}: ${why}`, { hint: `fix spec.path in ${k.file} or the files it builds, then run the command again` }));
      continue;
    }
    if (built.remote?.length) continue;
    const index = providerIndex(model, k.cluster);
    const names = new Set(kustomizationsOf(model, k.cluster).map((other) => other.name));
    const added: string[] = [];
    for (const [group, kinds] of requiredGroups(built.objects.map((o) => o.object))) {
      // met when any provider is reachable (itself included); unverified behind a remote base
      if (index.reachedFrom(k, group).length > 0 || index.reachesRemote(k)) continue;
      const provider = index.providersOf(group)[0]?.kustomization.name;
      if (provider === undefined) {
        const fallback = defaultProviderName(group, model.config);
        if (fallback !== undefined && !names.has(fallback)) {
          pass.problems.push(new FluxgenError('MISSING_PROVIDER', `${where} builds ${kinds.join(', ')}, whose CRDs ${fallback} provides, but cluster ${k.cluster} has no Kustomization ${fallback}`, {
            hint: `add ${fallback} to cluster ${k.cluster} (e.g. \`fluxgen component ${fallback} ...\`) or remove those resources; regen does not invent Kustomizations`,
          }));
        }
        continue; // no provider known: the CRDs may come out of band (check warns: crd-provider-unknown)
      }
      if (provider === k.name || added.includes(provider)) continue;
      added.push(provider);
      pass.additions.push({ cluster: k.cluster, kustomization: k.name, provider, kinds });
    }
    if (added.length === 0) continue;
    pass.recreateReasons.push(`dependsOn of existing Kustomization ${k.name} in cluster ${k.cluster} gains ${added.join(', ')}`);
    const document = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: k.name } };
    requests.set(k.file, [...(requests.get(k.file) ?? []), { name: k.name, document, dependsOn: added }]);
  }
  for (const [file, list] of requests) {
    const source = pending.get(file) ?? (await readIfExists(model.root, file)) ?? '';
    pass.edits.set(file, upsertKustomizations(source, list, file).source);
  }
  return pass;
}
