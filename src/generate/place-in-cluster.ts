/** Puts a change's Flux Kustomizations into one cluster's files and reports where they sit in the bootstrap order. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { computeClusterGraph } from '../check/cluster-graph.ts';
import type { DiscoveredKustomization, RepoModel } from '../discover/model.ts';
import { directProviders, providerIndex } from '../discover/providers.ts';
import { decodeUtf8 } from '../edit/decode.ts';
import { parseStream } from '../edit/parse-stream.ts';
import { locateKustomizations } from '../edit/read-kustomizations.ts';
import { upsertKustomizations, type KustomizationRequest } from '../edit/upsert-kustomization.ts';
import { FluxgenError } from '../errors.ts';
import type { FluxgenConfig } from '../config.ts';
import { clusterTarget, targetFile, type ClusterTarget } from '../plan/cluster-target.ts';
import { inferFields, inferTargetFile, type Inferred, type Neighbours } from '../plan/follow-repo.ts';
import { fluxKustomizationDocument, placementComment } from '../render/flux-kustomization.ts';
import type { RunReport } from '../report/run-report.ts';
import { readIfExists } from '../write/change-set.ts';
import type { Draft } from './generator.ts';

/** A cluster's target file with its current text ('' when it does not exist yet). */
export interface TargetFile extends ClusterTarget {
  source: string;
  /** The REVIEW line when the repo, not the config, chose the file. */
  review?: string;
  /** The Kustomizations whose fields a new one follows, when not those of its file. */
  neighbours?: Neighbours;
}

/**
 * The target file of each cluster (repo-relative → text), read from `pending` when the run changed it,
 * and parsed by the editor before anything else happens: a file that is a folder, not UTF-8, not YAML, or
 * defines a name twice stops the run here, with its position, before any build and with nothing written.
 */
export async function readTargetFiles(
  root: string,
  config: FluxgenConfig,
  clusters: readonly string[],
  pending: ReadonlyMap<string, string | null>,
): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const name of clusters) {
    const file = targetFile(config, name);
    let source = pending.get(file) ?? undefined;
    if (source === undefined) {
      const abs = path.join(root, file);
      if (await stat(abs).then((s) => s.isDirectory(), () => false)) {
        throw new FluxgenError('BAD_REPO', `${file} is a directory, not a file`, {
          hint: `move it away; fluxgen keeps the Flux Kustomizations it adds to cluster ${name} in that one file`,
        });
      }
      const bytes = await readFile(abs).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
      source = bytes === null ? '' : decodeUtf8(bytes, file);
    }
    locateKustomizations(parseStream(source, file), file);
    sources.set(file, source);
  }
  return sources;
}

/** Where a generator puts a cluster's new Kustomizations when not in the cluster's infrastructure file (`service`). */
export type Placement = (model: RepoModel, cluster: string) => { file: Inferred<string>; neighbours?: Neighbours };

/** The targets of `clusters` in the model, with the texts `readTargetFiles` read. */
export async function targetsOf(
  model: RepoModel,
  clusters: readonly string[],
  sources: ReadonlyMap<string, string>,
  pending: ReadonlyMap<string, string | null> = new Map(),
  placement?: Placement,
): Promise<TargetFile[]> {
  const targets: TargetFile[] = [];
  for (const name of clusters) {
    const target = clusterTarget(model, name);
    const placed = placement?.(model, name);
    const inferred = placed?.file ?? inferTargetFile(model, name);
    if (inferred.value === target.file) {
      targets.push({ ...target, source: sources.get(target.file) ?? '', review: inferred.review, neighbours: placed?.neighbours });
      continue;
    }
    // a file the repo already keeps this cluster's Kustomizations in: parsed as strictly as the default one
    const source = pending.get(inferred.value) ?? (await readIfExists(model.root, inferred.value)) ?? '';
    locateKustomizations(parseStream(source, inferred.value), inferred.value);
    targets.push({ ...target, file: inferred.value, source, review: inferred.review, neighbours: placed?.neighbours });
  }
  return targets;
}

/** Explains each computed provider: `cilium` → `CiliumNetworkPolicy`. */
function providerReasons(draft: Draft, model: RepoModel, cluster: string): Map<string, string> {
  const direct = directProviders(providerIndex(model, cluster), draft.name, draft.objects, model.config);
  return new Map([...direct].map(([p, kinds]) => [p, kinds.join(', ')]));
}

/** Refuses a dependsOn the cluster cannot satisfy (SPEC §4: a validation error, exit 1). */
function assertProvided(draft: Draft, cluster: string, known: ReadonlySet<string>, reasons: ReadonlyMap<string, string>): void {
  for (const dep of draft.dependsOn) {
    if (known.has(dep)) continue;
    const why = reasons.has(dep) ? `its build has ${reasons.get(dep)}, whose CRDs ${dep} provides` : `it is required`;
    throw new FluxgenError('MISSING_PROVIDER', `Kustomization ${draft.name} needs ${dep} in cluster ${cluster}: ${why}, but the cluster has no Kustomization ${dep}`, {
      hint: `add ${dep} to cluster ${cluster} first (e.g. \`fluxgen component ${dep} ...\`), or drop the resources that need it`,
    });
  }
}

/** Refuses a `--patch-file` for a Kustomization that already exists without it: fluxgen only appends new Kustomizations whole. */
function assertPatchesPresent(draft: Draft, existing: DiscoveredKustomization, cluster: string): void {
  const present = (existing.object.spec as { patches?: unknown } | undefined)?.patches;
  const have: unknown[] = Array.isArray(present) ? present : [];
  // the model's object comes from kustomize, which may reorder keys: compare values, not text
  const missing = (draft.patches ?? []).filter((p) => !have.some((h) => isDeepStrictEqual(h, p)));
  if (missing.length === 0) return;
  throw new FluxgenError('BAD_INPUT', `Kustomization ${draft.name} already exists in cluster ${cluster} (${existing.file}:${existing.line}) without the --patch-file patch; fluxgen does not edit an existing Kustomization's patches`, {
    hint: `add the entry under spec.patches of ${draft.name} in ${existing.file} by hand, or drop --patch-file`,
  });
}

/** The Kustomization a draft becomes (or updates) in the cluster's graph. */
function asKustomization(draft: Draft, target: TargetFile, existing: DiscoveredKustomization | undefined, object: Record<string, unknown>): DiscoveredKustomization {
  const dependsOn = [...(existing?.dependsOn ?? [])];
  for (const name of draft.dependsOn) if (!dependsOn.some((ref) => ref.name === name)) dependsOn.push({ name });
  return existing
    ? { ...existing, dependsOn }
    : { cluster: target.name, name: draft.name, namespace: 'flux-system', file: target.file, line: 1, path: draft.path, dependsOn, object };
}

/**
 * Appends each draft to the cluster's target file (or adds its missing dependsOn where it already lives),
 * updating `desired` in place; records placement and REVIEW lines (cluster-recreate.ts then reads the edit).
 */
export async function placeInCluster(model: RepoModel, target: TargetFile, drafts: readonly Draft[], desired: Map<string, string | null>, report: RunReport): Promise<void> {
  const known = new Set([...target.kustomizations.map((k) => k.name), ...drafts.map((d) => d.name)]);
  const byFile = new Map<string, KustomizationRequest[]>();
  const graph = [...target.kustomizations];
  const fields = inferFields(model, target.name, target.file, target.neighbours);
  if (drafts.some((d) => !target.kustomizations.some((k) => k.name === d.name))) {
    if (target.review) report.assumptions.push({ file: target.file, text: target.review });
    report.assumptions.push(...fields.reviews.map((text) => ({ file: target.file, text })));
  }
  for (const draft of drafts) {
    const reasons = providerReasons(draft, model, target.name);
    assertProvided(draft, target.name, known, reasons);
    const existing = target.kustomizations.find((k) => k.name === draft.name);
    if (existing) assertPatchesPresent(draft, existing, target.name);
    const file = existing?.file ?? target.file;
    const comment = placementComment(draft.name, draft.dependsOn, reasons);
    const document = fluxKustomizationDocument(draft, model.config, fields.values);
    byFile.set(file, [...(byFile.get(file) ?? []), { name: draft.name, document, comments: [`REVIEW: ${comment}`], dependsOn: draft.dependsOn }]);
    const placed = asKustomization(draft, target, existing, document);
    if (existing) graph[graph.indexOf(existing)] = placed;
    else graph.push(placed);
    if (!existing) report.assumptions.push({ file: target.file, text: comment });
  }
  for (const [file, requests] of byFile) {
    const source = desired.get(file) ?? (file === target.file ? target.source : ((await readIfExists(model.root, file)) ?? ''));
    desired.set(file, upsertKustomizations(source, requests, file).source);
  }
  const entries = computeClusterGraph(target.name, graph).entries;
  for (const draft of drafts) {
    const entry = entries.find((e) => e.kustomization.name === draft.name && e.kustomization.namespace === 'flux-system') ?? entries.find((e) => e.kustomization.name === draft.name)!;
    const dependsOn = [...new Set(entry.kustomization.dependsOn.map((ref) => ref.name))].sort();
    report.kustomizations.push({ cluster: target.name, name: draft.name, dependsOn, layer: entry.layer });
  }
}
