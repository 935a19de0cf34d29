/**
 * `service` sizes a new container like the repo's other services (the seeds: "Resource limits | Use
 * existing service patterns"): the requests and limits more than half of their Deployments share, else
 * the spec's standard values. Either way a REVIEW line says which, and why.
 */
import { kustomizationKey, type RepoModel } from '../discover/model.ts';
import type { Inferred } from './follow-repo.ts';
import { envServices } from './follow-services.ts';

type Quantities = Record<string, unknown>;

/** A container's `resources`: both maps, requests first. */
export interface Resources {
  requests: Quantities;
  limits: Quantities;
}

/** The standard values (SPEC §2b's seeds: "Using standard resource limits"). */
export const STANDARD_RESOURCES: Resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

type Obj = Record<string, any>;

/** The Deployment's own container: the one named like it, else the first. */
function mainContainer(deployment: Obj): Obj | undefined {
  const containers: Obj[] = Array.isArray(deployment.spec?.template?.spec?.containers) ? deployment.spec.template.spec.containers : [];
  return containers.find((c) => c.name === deployment.metadata?.name) ?? containers[0];
}

const isQuantities = (value: unknown): value is Quantities => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;

/** The container's requests and limits when it sets both, else undefined. */
function resourcesOf(container: Obj | undefined): Resources | undefined {
  const { requests, limits } = container?.resources ?? {};
  return isQuantities(requests) && isQuantities(limits) ? { requests, limits } : undefined;
}

/** A comparable text of resources (key order does not matter); `none` for a container without both. */
function canonical(resources: Resources | undefined): string {
  if (!resources) return 'none';
  const sorted = (q: Quantities) => Object.keys(q).sort().map((k) => [k, String(q[k])]);
  return JSON.stringify([sorted(resources.requests), sorted(resources.limits)]);
}

interface ServiceDeployment {
  name: string;
  resources?: Resources;
}

/**
 * Every other service's Deployment once (by source file and name, over every env's build of it) with its
 * main container's resources; a Deployment whose envs patch them differently has none to follow.
 */
function otherDeployments(model: Pick<RepoModel, 'clusters' | 'kustomizations' | 'builds'>, name: string, base: string): ServiceDeployment[] {
  const seen = new Map<string, { name: string; values: Map<string, Resources | undefined> }>();
  for (const env of model.clusters) {
    for (const k of envServices(model, env, name)) {
      for (const { object, file } of model.builds.get(kustomizationKey(k))?.objects ?? []) {
        if (object.kind !== 'Deployment' || !String(object.apiVersion).startsWith('apps/')) continue;
        if (file?.startsWith(`${base}/`)) continue;
        const key = `${file ?? k.path}\0${object.metadata?.name}`;
        const entry = seen.get(key) ?? { name: String(object.metadata?.name ?? k.name), values: new Map() };
        const resources = resourcesOf(mainContainer(object));
        entry.values.set(canonical(resources), resources);
        seen.set(key, entry);
      }
    }
  }
  return [...seen.values()].map(({ name, values }) => ({ name, resources: values.size === 1 ? [...values.values()][0] : undefined }));
}

/** `requests 100m CPU / 128Mi memory, limits 500m CPU / 256Mi memory`. */
export function describeResources(resources: Resources): string {
  const side = (q: Quantities) => Object.entries(q).map(([key, value]) => `${String(value)} ${key === 'cpu' ? 'CPU' : key}`).join(' / ');
  return `requests ${side(resources.requests)}, limits ${side(resources.limits)}`;
}

function names(deployments: readonly ServiceDeployment[]): string {
  const sorted = [...new Set(deployments.map((d) => d.name))].sort();
  return sorted.length > 3 ? `${sorted.slice(0, 3).join(', ')} and ${sorted.length - 3} more` : sorted.join(', ');
}

/** The resources more than half of the other services' Deployments share (ties impossible), else the standard ones; with the REVIEW line. */
export function serviceResources(model: Pick<RepoModel, 'clusters' | 'kustomizations' | 'builds'>, name: string, base: string): Inferred<Resources> & { review: string } {
  const deployments = otherDeployments(model, name, base);
  const groups = new Map<string, ServiceDeployment[]>();
  for (const d of deployments) if (d.resources) groups.set(canonical(d.resources), [...(groups.get(canonical(d.resources)) ?? []), d]);
  const best = [...groups.values()].find((group) => group.length * 2 > deployments.length);
  const of = `${deployments.length} Deployment${deployments.length === 1 ? '' : 's'}`;
  if (best) {
    const value = best[0]!.resources!;
    return { value, review: `Resource limits follow the repo's other services, as ${best.length} of their ${of} (${names(best)}): ${describeResources(value)}; size them to the service` };
  }
  const why = deployments.length === 0 ? '' : `; the repo's other services do not agree (no requests and limits shared by more than half of their ${of}: ${names(deployments)})`;
  return { value: STANDARD_RESOURCES, review: `Using standard resource limits (${describeResources(STANDARD_RESOURCES)}): size them to the service${why}` };
}
