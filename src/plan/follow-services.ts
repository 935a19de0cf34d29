/**
 * `service` follows the repo (SPEC §2b): the namespace of an env's other services and the file that
 * holds their Flux Kustomizations. The env's services are its Kustomizations whose path is an overlay,
 * else the one Kustomization that applies the env's shared apps folder (discover/service-layout.ts).
 */
import path from 'node:path';
import { kustomizationKey, type DiscoveredKustomization, type RepoModel } from '../discover/model.ts';
import { perServiceKustomizations, sharedAppsFolder } from '../discover/service-layout.ts';
import type { Inferred } from './follow-repo.ts';

/** The env's service Kustomizations (path under an `overlays/` folder, else its shared apps folder's), `name` itself left out. */
export function envServices(model: Pick<RepoModel, 'kustomizations' | 'builds'>, env: string, name: string): DiscoveredKustomization[] {
  const own = perServiceKustomizations(model, env, name);
  const shared = own.length === 0 ? sharedAppsFolder(model, env, name) : undefined;
  return shared ? [shared.kustomization] : own;
}

/** The most frequent value (ties: the smallest). */
function mostCommon(values: readonly string[]): [string, number] | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
}

/**
 * The namespace most of the env's services' Deployments run in, else `default`; always with a REVIEW line.
 * Objects from the service's own folders (`own`: its base and overlay, which a shared apps folder builds too) do not count.
 */
export function envNamespace(model: Pick<RepoModel, 'kustomizations' | 'builds'>, env: string, name: string, own: readonly string[]): Inferred<string> {
  const services = envServices(model, env, name);
  const isOwn = (file: string | undefined) => file !== undefined && own.some((dir) => file.startsWith(`${dir}/`));
  const namespaces = services.flatMap((k) => {
    const objects = (model.builds.get(kustomizationKey(k))?.objects ?? []).filter((o) => !isOwn(o.file));
    const deployments = objects.map((o) => o.object).filter((o) => o.kind === 'Deployment');
    return [...new Set(deployments.map((o) => String(o.metadata?.namespace ?? k.object.spec?.targetNamespace ?? 'default')))];
  });
  const best = mostCommon(namespaces);
  if (!best) return { value: 'default', review: `Namespace default: env ${env} has no other service to follow; pass --namespace to choose one` };
  return { value: best[0], review: `Namespace ${best[0]}, as ${best[1]} of ${namespaces.length} other services of env ${env}` };
}

/**
 * Where the env's new Flux Kustomization goes: beside the others when each has its own `<name>.yaml` in one
 * folder, in their file when they share one, else `clusters/<env>/apps/<name>.yaml` (the seeds' place).
 */
export function serviceTargetFile(model: Pick<RepoModel, 'kustomizations' | 'builds'>, env: string, name: string): Inferred<string> {
  const fallback = `clusters/${env}/apps/${name}.yaml`;
  const services = envServices(model, env, name).filter((k) => k.file.startsWith(`clusters/${env}/`));
  if (services.length === 0) return { value: fallback };
  const ownFiles = services.every((k) => path.posix.basename(k.file) === `${k.name}.yaml`);
  const folders = new Set(services.map((k) => path.posix.dirname(k.file)));
  if (ownFiles && folders.size === 1) {
    const file = `${[...folders][0]}/${name}.yaml`;
    return file === fallback ? { value: file } : { value: file, review: `Flux Kustomization in ${file}, beside the ${services.length} other services of env ${env}` };
  }
  const shared = mostCommon(services.map((k) => k.file))!;
  return { value: shared[0], review: `Flux Kustomization added to ${shared[0]}, as it holds ${shared[1]} of ${services.length} other services of env ${env}` };
}
