/**
 * Renders a ServiceSpec into its base and each env's overlay (SPEC §2b; `base/<name>/`, `overlays/<env>/<name>/`
 * in the seeds), and lists the overlay in an env's shared apps folder; the Flux Kustomizations come from the pipeline.
 */
import { addResources } from '../edit/kustomization-resources.ts';
import { isProductionLike, secretPath, type ServiceSpec } from '../plan/plan-service.ts';
import { baseFromOverlay } from '../plan/service-folders.ts';
import { renderTemplate } from './engine.ts';
import type { Assumption, RenderedFile } from './render-component.ts';

export interface RenderedService {
  files: RenderedFile[];
  assumptions: Assumption[];
  /** The base, then each env's overlay. */
  dirs: string[];
  /** Each shared apps folder's kustomization file, listing the overlay (every other byte kept). */
  edits: RenderedFile[];
  /** The shared apps folders those edits change: built, never owned. */
  builds: string[];
}

/** The image's tag (undefined when it has none) and whether it is pinned by digest. */
export function imageTag(image: string): { tag?: string; digest: boolean } {
  const [ref, digest] = image.split('@');
  const last = ref!.slice(ref!.lastIndexOf('/') + 1);
  const at = last.indexOf(':');
  return { tag: at < 0 ? undefined : last.slice(at + 1), digest: digest !== undefined };
}

const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;

/** The recommended labels of every object of the service. */
function labelsOf(spec: ServiceSpec): Record<string, string> {
  const { tag } = imageTag(spec.image);
  const version = tag !== undefined && LABEL_VALUE.test(tag) ? tag : 'unversioned';
  return { 'app.kubernetes.io/name': spec.name, 'app.kubernetes.io/version': version, 'app.kubernetes.io/component': 'backend' };
}

/** The base's REVIEW lines (SPEC §2b: resource limits, image tag, probe paths). */
function deploymentReviews(spec: ServiceSpec): string[] {
  const { tag, digest } = imageTag(spec.image);
  const reviews = [spec.resources.review];
  if (!digest && (tag === undefined || tag === 'latest')) reviews.push(`Image tag needs updating after build (${spec.image} is ${tag === undefined ? 'untagged' : 'latest'})`);
  reviews.push(`Probes assume GET ${spec.healthPath} on port ${spec.port} answers when the service is live and ready`);
  return reviews;
}

/** Every file of the service; pure apart from reading templates. */
export function renderService(spec: ServiceSpec): RenderedService {
  const files: RenderedFile[] = [];
  const assumptions: Assumption[] = [];
  const add = (path: string, template: string, context: object, reviews: string[] = []) => {
    files.push({ path, content: renderTemplate(template, { ...context, reviews }) });
    assumptions.push(...reviews.map((text) => ({ file: path, text })));
  };
  const base = spec.folders.base.dir;
  const labels = labelsOf(spec);
  const secret = spec.secrets.length > 0;
  add(`${base}/deployment.yaml`, 'service/deployment.yaml', { name: spec.name, labels, image: spec.image, port: spec.port, healthPath: spec.healthPath, secret, resources: spec.resources.value }, deploymentReviews(spec));
  add(`${base}/service.yaml`, 'service/service.yaml', { name: spec.name, labels, port: spec.port });
  const data = Object.fromEntries(spec.config.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
  add(`${base}/configmap.yaml`, 'service/configmap.yaml', { name: spec.name, labels, data, empty: spec.config.length === 0 });
  const baseReview = spec.folders.base.review;
  add(`${base}/kustomization.yaml`, 'service/kustomization.yaml', { resources: ['deployment.yaml', 'service.yaml', 'configmap.yaml'] }, baseReview ? [baseReview] : []);
  const dirs = [base];
  const edits: RenderedFile[] = [];
  const builds: string[] = [];
  for (const env of spec.clusters) {
    const { overlay: dir, shared } = spec.folders.envs[env]!;
    dirs.push(dir);
    const namespace = spec.namespaces[env]!;
    const overlayReviews = [...(namespace.review ? [namespace.review] : []), ...(shared ? [shared.review] : [])];
    add(`${dir}/kustomization.yaml`, 'service/overlay-kustomization.yaml', { namespace: namespace.value, base: baseFromOverlay(spec.folders, env) }, overlayReviews);
    if (shared) {
      edits.push({ path: shared.list, content: addResources(shared.source, [spec.name], shared.list) });
      builds.push(shared.path);
    }
    const replicas = spec.replicas ?? (isProductionLike(env) ? 2 : 1);
    const why = spec.replicas !== undefined ? [] : [`Replicas set to ${replicas} for ${env} (${isProductionLike(env) ? 'production-like' : 'not production-like'}): match similar services`];
    add(`${dir}/patch-deployment.yaml`, 'service/patch-deployment.yaml', { name: spec.name, replicas }, why);
    if (secret) {
      const placeholders = Object.fromEntries(spec.secrets.map((key) => [key, `REPLACE_ME_${key}`]));
      const reviews = [`Secret template with placeholder values: never commit real values in plaintext. ${spec.sops[env]}`];
      add(secretPath(spec.folders, env), 'service/secret.yaml', { name: spec.name, namespace: namespace.value, data: placeholders }, reviews);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, assumptions, dirs, edits, builds };
}
