/**
 * Where a service's files go (SPEC §2b, following the repo): the seeds' `base/<svc>/` and
 * `overlays/<env>/<svc>/` with a Flux Kustomization per env, or, in an env whose one shared Kustomization
 * applies an apps folder (`apps/<env>/` listing `../base/<svc>`), the base beside the others
 * (`apps/base/<svc>/`), an overlay inside the env's folder (`apps/<env>/<svc>/`) listed in its
 * kustomization file, and no new Flux Kustomization. Each inferred choice carries its REVIEW line.
 */
import path from 'node:path';
import type { RepoModel } from '../discover/model.ts';
import { sharedAppsFolder, type SharedAppsFolder } from '../discover/service-layout.ts';
import { readIfExists } from '../write/change-set.ts';

/** The env's existing Flux Kustomization that applies the service's overlay, and the file that lists it. */
export interface SharedEnv {
  /** The Flux Kustomization (`apps`), its file and path. */
  kustomization: string;
  file: string;
  path: string;
  /** The env folder's kustomization file (`apps/staging/kustomization.yaml`) and its text now. */
  list: string;
  source: string;
  review: string;
}

export interface ServiceFolders {
  /** The service's base folder (`base/<svc>`, `apps/base/<svc>`), with the REVIEW line when the repo chose it. */
  base: { dir: string; review?: string };
  /** env → its overlay folder, and the shared Kustomization applying it when the env has one. */
  envs: Record<string, { overlay: string; shared?: SharedEnv }>;
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The folder's kustomization file and its text, when it has one. */
async function kustomizationFile(repo: Pick<RepoModel, 'root' | 'overlay'>, folder: string): Promise<{ file: string; source: string } | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const file = `${folder}/${name}`;
    const pending = repo.overlay.get(file);
    const source = pending === undefined ? await readIfExists(repo.root, file) : pending;
    if (source !== null) return { file, source };
  }
  return undefined;
}

type Found = { shared: SharedAppsFolder; list: { file: string; source: string } };

/** The env's shared apps folder that `service` can list an overlay in (it needs its own kustomization file). */
async function sharedEnv(repo: RepoModel, env: string, name: string): Promise<Found | undefined> {
  const shared = sharedAppsFolder(repo, env, name);
  const list = shared && (await kustomizationFile(repo, shared.folder));
  return shared && list ? { shared, list } : undefined;
}

/** The base beside the shared folder's other bases, else the seeds' `base/<name>`. */
function baseFolder(first: Found | undefined, name: string): ServiceFolders['base'] {
  if (!first) return { dir: `base/${name}` };
  const { bases, services, kustomization } = first.shared;
  const others = services.filter((s) => s !== name);
  return { dir: `${bases}/${name}`, review: `Base in ${bases}/${name}/, beside the other bases${others.length > 0 ? ` (${others.join(', ')})` : ''} that Flux Kustomization ${kustomization.name} applies` };
}

/** The overlay inside the env's shared folder, listed in its kustomization file. */
function sharedOverlay({ shared, list }: Found, name: string): ServiceFolders['envs'][string] {
  const { kustomization: k, folder } = shared;
  const review = `Overlay ${folder}/${name}/ listed in ${list.file}: the env's Flux Kustomization ${k.name} (${k.file}) applies it, so no new Flux Kustomization is written`;
  return { overlay: `${folder}/${name}`, shared: { kustomization: k.name, file: k.file, path: folder, list: list.file, source: list.source, review } };
}

/** The service's folders in each env; the first env with a shared apps folder decides where the base goes. */
export async function planServiceFolders(repo: RepoModel, envs: readonly string[], name: string): Promise<ServiceFolders> {
  const found = new Map<string, Found>();
  for (const env of envs) {
    const hit = await sharedEnv(repo, env, name);
    if (hit) found.set(env, hit);
  }
  const folders: ServiceFolders = { base: baseFolder([...found.values()][0], name), envs: {} };
  for (const env of envs) {
    const hit = found.get(env);
    folders.envs[env] = hit ? sharedOverlay(hit, name) : { overlay: `overlays/${env}/${name}` };
  }
  return folders;
}

/** The overlay's `resources:` entry for the base, relative to the overlay (`../../../base/<svc>` in the seeds). */
export function baseFromOverlay(folders: ServiceFolders, env: string): string {
  return path.posix.relative(folders.envs[env]!.overlay, folders.base.dir);
}
