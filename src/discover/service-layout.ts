/**
 * How a base/overlays repo applies its services in one env (SPEC §1, §2b): one Flux Kustomization per
 * service (the seeds: `overlays/<env>/<svc>`), or one shared Kustomization whose path is the env's apps
 * folder, listing the bases of a `base/` folder (flux2-kustomize-helm-example: `apps/<env>/` lists
 * `../base/<svc>`, applied by `apps` in clusters/<env>/apps.yaml). Read from what each path builds.
 */
import path from 'node:path';
import { kustomizationKey, kustomizationsOf, type DiscoveredKustomization, type RepoModel } from './model.ts';

/** An env's shared apps folder: the Kustomization that applies it and the `base/` folder its services come from. */
export interface SharedAppsFolder {
  kustomization: DiscoveredKustomization;
  /** The Kustomization's path: the env's apps folder (`apps/staging`). */
  folder: string;
  /** The folder holding the per-service bases it applies (`apps/base`). */
  bases: string;
  /** The services whose bases it applies, sorted. */
  services: string[];
}


/** `<bases>/<svc>` when `file` lies in a per-service folder of a `base/` folder outside `folder`. */
function baseOf(file: string, folder: string): { bases: string; service: string } | undefined {
  if (folder === '' || file.startsWith(`${folder}/`)) return undefined;
  const parts = file.split('/');
  const at = parts.lastIndexOf('base', parts.length - 3);
  if (at < 0) return undefined;
  return { bases: parts.slice(0, at + 1).join('/'), service: parts[at + 1]! };
}

/**
 * What one Kustomization's build says about it: per-service (undefined) when it applies one base and its folder
 * is named after that service or after itself (not after the env); shared otherwise.
 */
function asShared(model: Pick<RepoModel, 'builds'>, k: DiscoveredKustomization): SharedAppsFolder | undefined {
  if (k.path === undefined || k.path === '') return undefined;
  const found = new Map<string, Set<string>>();
  for (const { file } of model.builds.get(kustomizationKey(k))?.objects ?? []) {
    const base = file === undefined ? undefined : baseOf(file, k.path);
    if (base) found.set(base.bases, (found.get(base.bases) ?? new Set()).add(base.service));
  }
  const [bases, services] = [...found].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))[0] ?? [];
  if (bases === undefined || services === undefined) return undefined;
  const folder = path.posix.basename(k.path);
  if (services.size === 1 && folder !== k.cluster && (services.has(folder) || folder === k.name)) return undefined;
  return { kustomization: k, folder: k.path, bases, services: [...services].sort() };
}

/**
 * The env's per-service Kustomizations (the seeds' style: path under an `overlays/` folder, not a shared
 * apps folder such as `overlays/<env>/` listing several bases), `name` itself left out.
 */
export function perServiceKustomizations(model: Pick<RepoModel, 'kustomizations' | 'builds'>, env: string, name: string): DiscoveredKustomization[] {
  return kustomizationsOf(model, env).filter((k) => k.name !== name && k.path !== undefined && /(^|\/)overlays\//.test(k.path) && asShared(model, k) === undefined);
}

/**
 * The env's shared apps folder, when the env has no per-service Kustomization and one of its Kustomizations
 * applies several bases (or one not named like its folder); the one applying most services wins (ties: name).
 */
export function sharedAppsFolder(model: Pick<RepoModel, 'kustomizations' | 'builds'>, env: string, name: string): SharedAppsFolder | undefined {
  if (perServiceKustomizations(model, env, name).length > 0) return undefined;
  const shared = kustomizationsOf(model, env).flatMap((k) => asShared(model, k) ?? []);
  return shared.sort((a, b) => b.services.length - a.services.length || (a.kustomization.name < b.kustomization.name ? -1 : 1))[0];
}
