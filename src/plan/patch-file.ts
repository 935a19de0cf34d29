/**
 * `--patch-file CLUSTER=FILE`: a per-cluster override, written as a Flux Kustomization `patches:` entry in
 * that cluster's file (SPEC §1: overrides are Flux patches, never Kustomize overlays).
 */
import { readFile, stat } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { FluxgenError } from '../errors.ts';
import { showValue } from './validate.ts';

const MAX_PATCH_BYTES = 256 * 1024;
const HINT = 'pass --patch-file CLUSTER=FILE, FILE holding either a strategic-merge patch (apiVersion, kind, metadata.name, the fields to change) or a Flux patch entry (`target:` and `patch:`)';

/** One Flux Kustomization `spec.patches` entry. */
export interface FluxPatch {
  target?: Record<string, unknown>;
  patch: string;
}

/** A patch for the component's Kustomization in one cluster. */
export interface ClusterPatch {
  cluster: string;
  /** The file it came from, as given. */
  file: string;
  entry: FluxPatch;
}

/** Splits `CLUSTER=FILE`; anything else is bad input. */
export function parsePatchFlag(value: string): { cluster: string; file: string } {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) {
    throw new FluxgenError('BAD_ARGUMENT', `--patch-file ${showValue(value)} is not CLUSTER=FILE`, { hint: HINT });
  }
  return { cluster: value.slice(0, at), file: value.slice(at + 1) };
}

function refuse(file: string, why: string): never {
  throw new FluxgenError('BAD_PATH', `patch file ${showValue(file)} ${why}`, { hint: HINT });
}

/** The entry a patch file's YAML stands for: its own `target`/`patch`, or a strategic-merge patch targeted at its kind and name. */
function entryOf(file: string, text: string, value: unknown): FluxPatch {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) refuse(file, 'is not a YAML mapping');
  const map = value as Record<string, unknown>;
  if ('patch' in map) {
    const extra = Object.keys(map).filter((key) => key !== 'patch' && key !== 'target');
    if (typeof map.patch !== 'string' || extra.length > 0) refuse(file, 'has `patch:` but is not a Flux patch entry (only a string `patch` and a `target` mapping)');
    const target = map.target;
    if (target !== undefined && (target === null || typeof target !== 'object' || Array.isArray(target))) refuse(file, 'has a `target` that is not a mapping');
    return target === undefined ? { patch: map.patch } : { target: target as Record<string, unknown>, patch: map.patch };
  }
  const name = (map.metadata as Record<string, unknown> | undefined)?.name;
  if (typeof map.kind !== 'string' || typeof name !== 'string') refuse(file, 'has neither `patch:` nor the `kind` and `metadata.name` of the object it patches');
  return { target: { kind: map.kind, name }, patch: text.endsWith('\n') ? text : `${text}\n` };
}

/** Reads one `--patch-file`: a regular YAML file of at most 256 KiB, one document. Unreadable or malformed: exit 2. */
export async function readPatchFile(cluster: string, file: string): Promise<ClusterPatch> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) refuse(file, 'does not exist or is not a regular file');
  if (info.size > MAX_PATCH_BYTES) refuse(file, `is ${info.size} bytes: the limit is ${MAX_PATCH_BYTES}`);
  const text = await readFile(file, 'utf8').catch((error: Error) => refuse(file, `cannot be read: ${error.message}`));
  const doc = parseDocument(text, { uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) refuse(file, `is not valid YAML: ${problem.message.split('\n')[0]}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    refuse(file, `is refused: ${(error as Error).message}`);
  }
  return { cluster, file, entry: entryOf(file, text, value) };
}

/** Refuses a patch for a cluster the run does not write to. */
export function assertPatchClusters(patches: readonly ClusterPatch[], clusters: readonly string[]): void {
  for (const patch of patches) {
    if (clusters.includes(patch.cluster)) continue;
    throw new FluxgenError('UNKNOWN_CLUSTER', `--patch-file ${showValue(`${patch.cluster}=${patch.file}`)} names cluster ${showValue(patch.cluster)}, which this run does not write to (${clusters.join(', ')})`, {
      hint: `name one of ${clusters.join(', ')}, or add --cluster ${patch.cluster}`,
    });
  }
}
