/**
 * Discovery as Flux does it: build each cluster's entry folder, follow every Flux Kustomization it yields
 * to its path, build that, and so on. One builder call per level of the walk; each folder is built once
 * (and, through the builder's content cache, not at all when nothing it reads changed).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createBuilder, type Builder, type BuildOutcome } from '../build/builder.ts';
import { loadConfig } from '../config.ts';
import { FluxgenError, showValue } from '../errors.ts';
import { findClusterEntry, listClusters } from './cluster-entry.ts';
import { contextOf, isFluxKustomization, toDiscovered, type ParentContext } from './flux-object.ts';
import { detectLayout } from './layout.ts';
import { createDefinitionLocator } from './locate-definition.ts';
import { kustomizationKey, type DiscoveredKustomization, type RepoModel } from './model.ts';

export interface LoadOptions {
  /** Only this cluster (UNKNOWN_CLUSTER when it does not exist). */
  cluster?: string;
  /** Reuse a builder (and its memo) across loads, e.g. the staged model of a change. */
  builder?: Builder;
  /** See the repo with these files applied (repo-relative → content, null = deleted): a change not written yet. */
  overlay?: ReadonlyMap<string, string | null>;
  /** Run kustomize (default true); false reads the manifests without it (`--no-validate`). */
  kustomize?: boolean;
}

/** A folder to build for a cluster, with what its applying Kustomization passes down. */
interface Visit {
  cluster: string;
  dir: string;
  context: ParentContext;
}

const kindOf = (p: string) => stat(p).then((s) => (s.isDirectory() ? 'dir' : 'file'), () => undefined);

/** Whether `dir` (repo-relative) is a folder of the repo with `overlay` applied. */
async function isFolder(root: string, dir: string, overlay: ReadonlyMap<string, string | null>): Promise<boolean> {
  if ((await kindOf(path.join(root, dir))) === 'dir') return true;
  const prefix = dir === '' ? '' : `${dir}/`;
  return [...overlay].some(([file, content]) => content !== null && file.startsWith(prefix));
}

/** Refuses an infra root that is not a directory. */
export async function assertRepoRoot(root: string): Promise<string> {
  const absRoot = path.resolve(root);
  if ((await kindOf(absRoot)) !== 'dir') {
    throw new FluxgenError('BAD_REPO', `infra root ${showValue(root)} is not a directory`, {
      hint: 'pass --infra-root DIR or set $INFRA_ROOT to the GitOps repository',
    });
  }
  return absRoot;
}

/** Loads every cluster's Flux Kustomizations, each attributed to its file and line, and what each path builds. */
export async function loadRepoModel(root: string, options: LoadOptions = {}): Promise<RepoModel> {
  const absRoot = await assertRepoRoot(root);
  const config = await loadConfig(absRoot);
  const clusters = await listClusters(absRoot, options.cluster);
  const builder = options.builder ?? createBuilder(absRoot, { kustomize: options.kustomize ?? true });
  const overlay = options.overlay ?? new Map<string, string | null>();
  const locate = createDefinitionLocator(absRoot, overlay);
  const found = new Map<string, DiscoveredKustomization>();
  const folders = new Map<string, BuildOutcome>();
  const entries = await Promise.all(clusters.map((cluster) => findClusterEntry(absRoot, cluster)));

  let level: Visit[] = [];
  for (const entry of entries) {
    if (entry.root) found.set(kustomizationKey(entry.root), entry.root);
    level.push({ cluster: entry.cluster, dir: entry.dir, context: entry.root ? contextOf(entry.root.object) : { vars: {} } });
  }
  const visited = new Set<string>();
  while (level.length > 0) {
    level = level.filter((visit) => {
      const key = `${visit.cluster}\0${visit.dir}`;
      return !visited.has(key) && Boolean(visited.add(key));
    });
    const outcomes = await builder.build(level.map((visit) => visit.dir), { overlay });
    const next: Visit[] = [];
    for (const visit of level) {
      const outcome = outcomes.get(visit.dir)!;
      folders.set(visit.dir, outcome);
      for (const sourced of outcome.objects) {
        if (!isFluxKustomization(sourced.object)) continue;
        const where = { cluster: visit.cluster, file: sourced.file ?? visit.dir, line: 1 };
        const kustomization = toDiscovered(sourced.object, where, visit.context);
        if (found.has(kustomizationKey(kustomization))) continue;
        if (sourced.file) kustomization.line = await locate(sourced.file, kustomization.name, sourced.object.metadata?.namespace);
        found.set(kustomizationKey(kustomization), kustomization);
        const target = kustomization.path;
        if (target !== undefined && (await isFolder(absRoot, target, overlay))) {
          next.push({ cluster: visit.cluster, dir: target, context: contextOf(kustomization.object) });
        }
      }
    }
    level = next;
  }

  const kustomizations = [...found.values()].sort(compareKustomizations);
  if (process.env.FLUXGEN_DEBUG && overlay.size === 0) {
    for (const k of kustomizations) process.stderr.write(`fluxgen: debug: model: ${kustomizationKey(k)} ${k.file}:${k.line}\n`);
  }
  const builds = new Map<string, BuildOutcome>();
  const withPath = kustomizations.filter((k) => k.path !== undefined);
  const missing = withPath.filter((k) => !folders.has(k.path!));
  // paths the walk did not build: files, or folders reached only through an entry's own Kustomization
  const more = await builder.build(
    (await Promise.all(missing.map(async (k) => ((await kindOf(path.join(absRoot, k.path!))) ? k.path! : undefined)))).filter(
      (dir): dir is string => dir !== undefined,
    ),
    { overlay },
  );
  for (const k of withPath) {
    const outcome = folders.get(k.path!) ?? more.get(k.path!);
    if (outcome) builds.set(kustomizationKey(k), outcome);
  }
  return {
    root: absRoot,
    config,
    layout: await detectLayout(absRoot, config),
    clusters,
    kustomizations,
    builds,
    entries: new Map(entries.map((entry) => [entry.cluster, entry.dir])),
    folders,
    builder,
    overlay,
  };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareKustomizations(a: DiscoveredKustomization, b: DiscoveredKustomization): number {
  return compareText(a.cluster, b.cluster) || compareText(a.name, b.name) || compareText(a.namespace, b.namespace);
}
