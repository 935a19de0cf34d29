/**
 * What kustomize-controller adds to a build: a Flux Kustomization's `spec.patches`, `spec.components`,
 * `spec.images`, `targetNamespace`, `namePrefix`/`nameSuffix` and `commonMetadata`, applied by kustomize
 * itself through a generated overlay that wraps the folder (as the controller writes them into the
 * folder's kustomization). `postBuild` substitution comes after the build (see `substitute-objects.ts`).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fluxListing } from './build-closure.ts';
import { FLUX_OVERLAY_DIR, joinRel, type RepoView } from './repo-view.ts';

/** The spec fields of a Flux Kustomization that change what its build yields. */
export interface FluxTransform {
  patches?: unknown[];
  components?: string[];
  images?: unknown[];
  targetNamespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}


const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isTextMap = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');

/**
 * `value` with every object's keys in sorted order, as kustomize prints them: a spec read from the files as
 * written and the same spec out of a build then make one overlay (one build, one cache entry).
 */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, sortedKeys(object[key])]),
  );
}

/** The transform of a Flux Kustomization's spec, or undefined when Flux builds the folder as it is. */
export function fluxTransformOf(spec: Record<string, any> | undefined): FluxTransform | undefined {
  if (!spec) return undefined;
  const transform: FluxTransform = {};
  if (Array.isArray(spec.patches) && spec.patches.length > 0) transform.patches = spec.patches.map(sortedKeys);
  if (Array.isArray(spec.components) && spec.components.some(isText)) transform.components = spec.components.filter(isText);
  if (Array.isArray(spec.images) && spec.images.length > 0) transform.images = spec.images.map(sortedKeys);
  if (isText(spec.targetNamespace)) transform.targetNamespace = spec.targetNamespace;
  if (isText(spec.namePrefix)) transform.namePrefix = spec.namePrefix;
  if (isText(spec.nameSuffix)) transform.nameSuffix = spec.nameSuffix;
  const metadata = spec.commonMetadata;
  if (typeof metadata === 'object' && metadata !== null) {
    const common: NonNullable<FluxTransform['commonMetadata']> = {};
    if (isTextMap(metadata.labels)) common.labels = sortedKeys(metadata.labels) as Record<string, string>;
    if (isTextMap(metadata.annotations)) common.annotations = sortedKeys(metadata.annotations) as Record<string, string>;
    if (common.labels || common.annotations) transform.commonMetadata = common;
  }
  return Object.keys(transform).length > 0 ? transform : undefined;
}

/** `target` (repo-relative) as seen from the overlay folder `from`. */
const relativeTo = (from: string, target: string) => path.posix.relative(from || '.', target || '.') || '.';

/**
 * The overlay folder and its kustomization.yaml that apply `transform` to `dir`: named by the hash of its
 * content, so the same folder and transform share one build (and one cache entry).
 */
export async function fluxOverlay(view: RepoView, dir: string, transform: FluxTransform): Promise<{ dir: string; file: string; content: string }> {
  const targets = (await view.kustomization(dir)) ? [dir] : await fluxListing(view, dir);
  // the overlay's depth is fixed (.fluxgen/flux/<hash>), so its relative paths do not depend on the hash
  const probe = `${FLUX_OVERLAY_DIR}/_`;
  const body: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: targets.map((target) => relativeTo(probe, target)),
  };
  if (transform.components) body.components = transform.components.map((c) => relativeTo(probe, joinRel(dir, c)));
  if (transform.targetNamespace) body.namespace = transform.targetNamespace;
  if (transform.namePrefix) body.namePrefix = transform.namePrefix;
  if (transform.nameSuffix) body.nameSuffix = transform.nameSuffix;
  if (transform.commonMetadata?.labels) body.labels = [{ pairs: transform.commonMetadata.labels, includeSelectors: false }];
  if (transform.commonMetadata?.annotations) body.commonAnnotations = transform.commonMetadata.annotations;
  if (transform.patches) body.patches = transform.patches;
  if (transform.images) body.images = transform.images;
  const content = `${JSON.stringify(body, null, 1)}\n`;
  const overlayDir = `${FLUX_OVERLAY_DIR}/${createHash('sha256').update(`${dir}\n${content}`).digest('hex').slice(0, 16)}`;
  return { dir: overlayDir, file: `${overlayDir}/kustomization.yaml`, content };
}
