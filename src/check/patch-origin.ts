/**
 * Which Flux patch set a value that a rule found: a finding points at the line that set it, and a value
 * a Flux Kustomization's `spec.patches` put there was set by the patch, not by the object's own file. A
 * patch a parent Kustomization injected into its children is found in the parent's file.
 */
import { isDeepStrictEqual } from 'node:util';
import { loadAll } from 'js-yaml';
import type { BuiltObject } from '../build/kustomize.ts';
import { kustomizationKey, type DiscoveredKustomization, type ModelView } from '../discover/model.ts';
import type { NodePath, SourceLocator } from './locate.ts';

type Obj = Record<string, any>;

export interface PatchOrigin {
  file: string;
  line: number;
}

const valueAt = (value: unknown, nodePath: NodePath): unknown =>
  nodePath.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Obj)[key as string] : undefined), value);

/** kustomize's target regexes match whole names. */
function fullMatch(pattern: unknown, value: unknown): boolean {
  if (typeof pattern !== 'string' || pattern === '') return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(String(value ?? ''));
  } catch {
    return pattern === value;
  }
}

/** Whether a patch's `target` selects the object (label and annotation selectors of `k=v` terms; others are assumed to match). */
function targets(target: Obj, object: BuiltObject): boolean {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  if (typeof target.group === 'string' && target.group !== group) return false;
  if (typeof target.version === 'string' && target.version !== version) return false;
  if (typeof target.kind === 'string' && target.kind !== object.kind) return false;
  if (!fullMatch(target.name, object.metadata?.name) || !fullMatch(target.namespace, object.metadata?.namespace)) return false;
  const selected = (selector: unknown, values: Record<string, string> | undefined) =>
    typeof selector !== 'string' ||
    selector.split(',').every((term) => {
      const pair = /^\s*([^=!\s]+)\s*==?\s*([^\s]*)\s*$/.exec(term);
      return !pair || values?.[pair[1]!] === pair[2];
    });
  return selected(target.labelSelector, object.metadata?.labels) && selected(target.annotationSelector, object.metadata?.annotations);
}

/** The ops path `/a/b/c` (JSON pointer) as a node path. */
const pointer = (path: string) => path.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));

/** How the patch sets `nodePath` to the object's value: the test of a line that says so, or undefined. */
function setter(patch: Obj, object: BuiltObject, nodePath: NodePath): ((keys: readonly string[], text: string) => boolean) | undefined {
  if (typeof patch.patch !== 'string') return undefined;
  if (patch.target !== undefined && (typeof patch.target !== 'object' || patch.target === null || !targets(patch.target, object))) return undefined;
  let docs: unknown[];
  try {
    docs = loadAll(patch.patch);
  } catch {
    return undefined;
  }
  const value = valueAt(object, nodePath);
  const wanted = nodePath.map(String);
  const [ops] = docs;
  if (Array.isArray(ops)) {
    const op = [...ops].reverse().find((o: Obj) => {
      if ((o?.op !== 'add' && o?.op !== 'replace') || typeof o.path !== 'string') return false;
      const at = pointer(o.path);
      return at.length <= wanted.length && at.every((part, i) => part === wanted[i]) && isDeepStrictEqual(valueAt(o.value, wanted.slice(at.length)), value);
    });
    if (!op) return undefined;
    return (_keys, text) => text.replace(/^path:\s*/, '').replace(/^["']|["']$/g, '') === op.path;
  }
  const strategic = docs.find((doc): doc is Obj => typeof doc === 'object' && doc !== null && !Array.isArray(doc));
  if (!strategic || !isDeepStrictEqual(valueAt(strategic, wanted), value)) return undefined;
  if (patch.target === undefined && (strategic.kind !== object.kind || strategic.metadata?.name !== object.metadata?.name)) return undefined;
  return (keys) => keys.length >= wanted.length && wanted.every((key, i) => keys[keys.length - wanted.length + i] === key);
}

const parentsByModel = new WeakMap<ModelView, Map<string, DiscoveredKustomization>>();

function byKey(model: ModelView): Map<string, DiscoveredKustomization> {
  let map = parentsByModel.get(model);
  if (!map) parentsByModel.set(model, (map = new Map(model.kustomizations.map((k) => [kustomizationKey(k), k]))));
  return map;
}

/**
 * Where a Flux patch of `kustomization` (the last one that sets it) set `nodePath` of `object`: the line in
 * the Kustomization's own file, else in the file of the parent that injected the patch; undefined when no
 * patch set it.
 */
export function patchOrigin(model: ModelView, locate: SourceLocator, kustomization: DiscoveredKustomization, object: BuiltObject, nodePath: NodePath): PatchOrigin | undefined {
  const patches = kustomization.object.spec?.patches;
  if (!Array.isArray(patches)) return undefined;
  for (const patch of [...patches].reverse()) {
    const test = setter(patch as Obj, object, nodePath);
    if (!test) continue;
    const seen = new Set<string>();
    for (let at: DiscoveredKustomization | undefined = kustomization; at && !seen.has(kustomizationKey(at)); at = at.parent ? byKey(model).get(at.parent) : undefined) {
      seen.add(kustomizationKey(at));
      const line = locate.lineMatching(at.file, at.object as BuiltObject, (keys, text) => keys.includes('patches') && test(keys, text));
      if (line !== undefined) return { file: at.file, line };
    }
    return undefined;
  }
  return undefined;
}
