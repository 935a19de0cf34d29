/**
 * `component` follows the repo (SPEC §1): where `.fluxgen.yaml` is silent, the target file, the
 * components folder and the new Kustomization's fields are the ones the repo already uses.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isConfigured, type FluxgenConfig } from '../config.ts';
import { kustomizationsOf, type DiscoveredKustomization, type RepoModel } from '../discover/model.ts';

export interface Inferred<T> {
  value: T;
  /** The REVIEW line, when the repo (not the config or the default) decided. */
  review?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The configured file, else the cluster's infrastructure.yaml if it exists, else the cluster file holding most of its Kustomizations (ties: by name), else infrastructure.yaml. */
export function inferTargetFile(model: Pick<RepoModel, 'root' | 'config' | 'kustomizations'>, cluster: string): Inferred<string> {
  const fallback = `clusters/${cluster}/${model.config.infrastructureFile}`;
  if (isConfigured(model.config, 'infrastructureFile') || existsSync(path.join(model.root, fallback))) return { value: fallback };
  const own = kustomizationsOf(model, cluster).filter((k) => k.file.startsWith(`clusters/${cluster}/`));
  const counts = new Map<string, number>();
  for (const k of own) counts.set(k.file, (counts.get(k.file) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  if (!best) return { value: fallback };
  return { value: best[0], review: `target file ${best[0]}, as it holds ${best[1]} of ${plural(own.length, 'Kustomization')} of cluster ${cluster}` };
}

/** The configured folder, else the folder most of the target file's Kustomization paths share (ties: by name), else the default. */
export function inferComponentsDir(model: Pick<RepoModel, 'config' | 'kustomizations'>, cluster: string, file: string): Inferred<string> {
  if (isConfigured(model.config, 'componentsDir')) return { value: model.config.componentsDir };
  const inFile = kustomizationsOf(model, cluster).filter((k) => k.file === file && k.path !== undefined && k.path.includes('/'));
  const counts = new Map<string, number>();
  for (const k of inFile) {
    const parent = path.posix.dirname(k.path!);
    counts.set(parent, (counts.get(parent) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  if (!best || best[0] === model.config.componentsDir) return { value: model.config.componentsDir };
  return { value: best[0], review: `components folder ${best[0]}/, as the paths of ${best[1]} of ${plural(inFile.length, 'Kustomization')} in ${file}` };
}

/** The fields a new Kustomization takes from its neighbours, in the order they are written. */
export const FOLLOWED_FIELDS = ['interval', 'prune', 'wait', 'timeout', 'retryInterval', 'sourceRef', 'postBuild.substituteFrom', 'decryption'] as const;
export type FollowedField = (typeof FOLLOWED_FIELDS)[number];

/** The fields `.fluxgen.yaml` `kustomization:` may set. */
const CONFIGURABLE: ReadonlySet<string> = new Set(['interval', 'prune', 'wait', 'timeout']);

/** Field → value (undefined: leave it out); REVIEW lines for the ones the file's Kustomizations agree on and the default does not give. */
export interface KustomizationFields {
  values: Map<FollowedField, unknown>;
  reviews: string[];
}

function fieldOf(k: DiscoveredKustomization, field: FollowedField): unknown {
  const spec = (k.object.spec ?? {}) as Record<string, any>;
  return field === 'postBuild.substituteFrom' ? spec.postBuild?.substituteFrom : spec[field];
}

/** SPEC §2's default of each field (undefined: not written). */
export function defaultFields(config: FluxgenConfig): Map<FollowedField, unknown> {
  return new Map<FollowedField, unknown>([
    ['interval', config.kustomization.interval],
    ['prune', config.kustomization.prune],
    ['wait', config.kustomization.wait],
    ['timeout', config.kustomization.timeout],
    ['retryInterval', undefined],
    ['sourceRef', { kind: 'GitRepository', name: config.gitRepository }],
    ['postBuild.substituteFrom', undefined],
    ['decryption', undefined],
  ]);
}

const show = (value: unknown) => (value === undefined ? 'left out' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The Kustomizations a new one follows when they are not those of its file (`service`: the env's other services). */
export interface Neighbours {
  kustomizations: DiscoveredKustomization[];
  /** How the REVIEW line names them: `of env production's services`. */
  where: string;
}

/** Each field: the value EVERY Kustomization of `file` has (absent counts as a value), else the default; configured fields win. */
export function inferFields(model: Pick<RepoModel, 'config' | 'kustomizations'>, cluster: string, file: string, neighbours?: Neighbours): KustomizationFields {
  const values = defaultFields(model.config);
  const reviews: string[] = [];
  const inFile = neighbours?.kustomizations ?? kustomizationsOf(model, cluster).filter((k) => k.file === file);
  const where = neighbours?.where ?? `in ${file}`;
  if (inFile.length === 0) return { values, reviews };
  for (const field of FOLLOWED_FIELDS) {
    if (CONFIGURABLE.has(field) && isConfigured(model.config, `kustomization.${field}`)) continue;
    if (field === 'sourceRef' && isConfigured(model.config, 'gitRepository')) continue;
    const seen = new Set(inFile.map((k) => JSON.stringify(fieldOf(k, field)) ?? 'absent'));
    if (seen.size !== 1) continue;
    const value = fieldOf(inFile[0]!, field);
    if (JSON.stringify(value) === JSON.stringify(values.get(field))) continue;
    values.set(field, value);
    reviews.push(`${field} ${show(value)}, as ${inFile.length} of ${plural(inFile.length, 'Kustomization')} ${where}`);
  }
  return { values, reviews };
}
