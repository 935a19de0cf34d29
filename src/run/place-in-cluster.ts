/** Puts a component's Flux Kustomizations into one cluster's files and reports where they sit in the bootstrap order. */
import { providerTable, requiredProviders } from '../build/depends-on.ts';
import type { BuiltObject } from '../build/kustomize.ts';
import { computeLayers } from '../check/layers.ts';
import { upsertKustomizations, type KustomizationRequest } from '../edit/upsert-kustomization.ts';
import { FluxgenError } from '../errors.ts';
import type { ClusterFacts, RepoFacts } from '../plan/repo.ts';
import { fluxKustomizationDocument, placementComment } from '../render/flux-kustomization.ts';
import type { RunReport } from '../report/run-report.ts';
import { readIfExists } from '../write/change-set.ts';
import type { ComponentDraft } from './validate-component.ts';

/** Explains each computed provider: `cilium` → `CiliumNetworkPolicy`. */
function providerReasons(objects: readonly BuiltObject[], repo: RepoFacts): Map<string, string> {
  const table = providerTable(repo.config.providers);
  return new Map([...requiredProviders(objects, table)].map(([p, kinds]) => [p, kinds.join(', ')]));
}

/** Refuses a dependsOn the cluster cannot satisfy (SPEC §4: a validation error, exit 1). */
function assertProvided(draft: ComponentDraft, cluster: ClusterFacts, known: ReadonlySet<string>, reasons: ReadonlyMap<string, string>): void {
  for (const dep of draft.dependsOn) {
    if (known.has(dep)) continue;
    const why = reasons.has(dep) ? `its build has ${reasons.get(dep)}, whose CRDs ${dep} provides` : `it is required`;
    throw new FluxgenError('MISSING_PROVIDER', `Kustomization ${draft.name} needs ${dep} in cluster ${cluster.name}: ${why}, but the cluster has no Kustomization ${dep}`, {
      hint: `add ${dep} to cluster ${cluster.name} first (e.g. \`fluxgen component ${dep} ...\`), or drop the resources that need it`,
    });
  }
}

/**
 * Appends each draft to the cluster's infrastructure file (or adds its missing dependsOn where it
 * already lives), updating `desired` in place; records placement, REVIEW lines and whether the
 * cluster must be recreated in `report`.
 */
export async function placeInCluster(
  repo: RepoFacts,
  cluster: ClusterFacts,
  drafts: readonly ComponentDraft[],
  desired: Map<string, string>,
  report: RunReport,
): Promise<void> {
  const known = new Set([...cluster.kustomizations.map((k) => k.name), ...drafts.map((d) => d.name)]);
  const byFile = new Map<string, KustomizationRequest[]>();
  for (const draft of drafts) {
    const reasons = providerReasons(draft.objects, repo);
    assertProvided(draft, cluster, known, reasons);
    const existing = cluster.kustomizations.find((k) => k.name === draft.name);
    const file = existing?.file ?? cluster.infraFile;
    const comment = placementComment(draft.name, draft.dependsOn, reasons);
    const request = { name: draft.name, document: fluxKustomizationDocument(draft, repo.config), comments: [`REVIEW: ${comment}`], dependsOn: draft.dependsOn };
    byFile.set(file, [...(byFile.get(file) ?? []), request]);
    if (!existing) {
      report.assumptions.push({ file: cluster.infraFile, text: comment });
      continue;
    }
    const added = draft.dependsOn.filter((d) => !existing.dependsOn.includes(d));
    if (added.length > 0) {
      report.clusterRecreate.required = true;
      report.clusterRecreate.reasons.push(`dependsOn of existing Kustomization ${draft.name} in cluster ${cluster.name} gains ${added.join(', ')}`);
    }
  }
  for (const [file, requests] of byFile) {
    const source = desired.get(file) ?? (file === cluster.infraFile ? (cluster.infraSource ?? '') : ((await readIfExists(repo.root, file)) ?? ''));
    desired.set(file, upsertKustomizations(source, requests, file).source);
  }
  const graph = cluster.kustomizations.map((k) => ({ name: k.name, dependsOn: k.dependsOn }));
  for (const draft of drafts) {
    const node = graph.find((n) => n.name === draft.name);
    if (node) node.dependsOn = [...new Set([...node.dependsOn, ...draft.dependsOn])];
    else graph.push({ name: draft.name, dependsOn: draft.dependsOn });
  }
  const { layers } = computeLayers(graph);
  for (const draft of drafts) {
    const dependsOn = graph.find((n) => n.name === draft.name)!.dependsOn.slice().sort();
    report.kustomizations.push({ cluster: cluster.name, name: draft.name, dependsOn, layer: layers.get(draft.name) ?? null });
  }
}
