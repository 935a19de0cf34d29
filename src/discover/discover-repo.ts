/**
 * Discovery as Flux does it: build each cluster's entry folder, follow every Flux Kustomization it yields
 * to its path, build that, and so on. One batched build per level of the walk, each folder built once.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createBuildSession, type BuildSession } from '../build/batch-build.ts';
import { findKustomize } from '../build/run-kustomize.ts';
import { kustomizationKey, type BuildOutcome, type DiscoveredKustomization, type RepoModel } from './model.ts';
import { FluxgenError } from '../errors.ts';
import { loadConfig } from '../config.ts';
import { detectLayout } from '../plan/repo.ts';
import { findClusterEntry, listClusters } from './cluster-entry.ts';
import { contextOf, isFluxKustomization, toDiscovered, type ParentContext } from './flux-object.ts';
import { createDefinitionLocator } from './locate-definition.ts';

export interface LoadOptions {
  /** Only this cluster (UNKNOWN_CLUSTER when it does not exist). */
  cluster?: string;
  /** Reuse a session (and its builds) across calls, e.g. from `regen`. */
  session?: BuildSession;
}

/** A folder to build for a cluster, with what its applying Kustomization passes down. */
interface Visit {
  cluster: string;
  dir: string;
  context: ParentContext;
}

const kindOf = (p: string) => stat(p).then((s) => (s.isDirectory() ? 'dir' : 'file'), () => undefined);

/** Loads every cluster's Flux Kustomizations, each attributed to its file and line, and what each path builds. */
export async function loadRepoModel(root: string, options: LoadOptions = {}): Promise<RepoModel> {
  const absRoot = path.resolve(root);
  if ((await kindOf(absRoot)) !== 'dir') {
    throw new FluxgenError('BAD_REPO', `infra root ${JSON.stringify(root)} is not a directory`, {
      hint: 'pass --infra-root DIR or set $INFRA_ROOT to the GitOps repository',
    });
  }
  findKustomize().catch(() => undefined); // start the lookup now; the first build awaits (and reports) it
  const config = await loadConfig(absRoot);
  const clusters = await listClusters(absRoot, options.cluster);
  const session = options.session ?? createBuildSession(absRoot);
  const locate = createDefinitionLocator(absRoot);
  const found = new Map<string, DiscoveredKustomization>();
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
    const outcomes = await session.build(level.map((visit) => visit.dir));
    const next: Visit[] = [];
    for (const visit of level) {
      for (const sourced of outcomes.get(visit.dir)!.objects) {
        if (!isFluxKustomization(sourced.object)) continue;
        const where = { cluster: visit.cluster, file: sourced.file ?? visit.dir, line: 1 };
        const kustomization = toDiscovered(sourced.object, where, visit.context);
        if (found.has(kustomizationKey(kustomization))) continue;
        if (sourced.file) kustomization.line = await locate(sourced.file, kustomization.name, sourced.object.metadata?.namespace);
        found.set(kustomizationKey(kustomization), kustomization);
        const target = kustomization.path;
        if (target !== undefined && (await kindOf(path.join(absRoot, target))) === 'dir') {
          next.push({ cluster: visit.cluster, dir: target, context: contextOf(kustomization.object) });
        }
      }
    }
    level = next;
  }

  const kustomizations = [...found.values()].sort(compareKustomizations);
  return {
    root: absRoot,
    config,
    layout: await detectLayout(absRoot, config),
    clusters,
    kustomizations,
    builds: await collectBuilds(absRoot, kustomizations, session),
    entries: new Map(entries.map((entry) => [entry.cluster, entry.dir])),
    session,
  };
}

/** What each Kustomization's path builds (already built during the walk; a path that is a file fails here). */
async function collectBuilds(root: string, kustomizations: DiscoveredKustomization[], session: BuildSession): Promise<Map<string, BuildOutcome>> {
  const existing: DiscoveredKustomization[] = [];
  for (const k of kustomizations) if (k.path !== undefined && (await kindOf(path.join(root, k.path)))) existing.push(k);
  const outcomes = await session.build(existing.map((k) => k.path!));
  return new Map(existing.map((k) => [kustomizationKey(k), outcomes.get(k.path!)!]));
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareKustomizations(a: DiscoveredKustomization, b: DiscoveredKustomization): number {
  return compareText(a.cluster, b.cluster) || compareText(a.name, b.name) || compareText(a.namespace, b.namespace);
}
