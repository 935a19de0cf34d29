/** Where a built object came from (kustomize's origin annotation), and removing what the batch build added. */
import type { BuiltObject } from './kustomize.ts';

/** Set by `buildMetadata: [originAnnotations]`. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
/** Set by `buildMetadata: [transformerAnnotations]`. */
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';
/** Set by the batch build on every object: the index of the directory that produced it. */
export const UNIT_ANNOTATION = 'fluxgen.io/build-unit';

const ADDED = [ORIGIN_ANNOTATION, TRANSFORMATIONS_ANNOTATION, UNIT_ANNOTATION];

export interface Origin {
  /** Local file, relative to the directory kustomize was run on. */
  path?: string;
  /** Remote repository the file came from. */
  repo?: string;
}

/** A top-level scalar of the annotation's YAML, as go-yaml writes it: plain, 'single' or "double" quoted. */
function scalar(raw: string): string {
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
}

/**
 * Reads the origin annotation: `path:` of a loaded file, `configuredIn:` of a generated one, `repo:` when
 * remote. Read line by line: a YAML parser per object costs more than the rest of the batch.
 */
export function readOrigin(object: BuiltObject): Origin {
  const text = object.metadata?.annotations?.[ORIGIN_ANNOTATION];
  if (typeof text !== 'string') return {};
  const fields = new Map<string, string>();
  for (const match of text.matchAll(/^([A-Za-z]+): (.+)$/gm)) fields.set(match[1]!, scalar(match[2]!.trim()));
  const origin: Origin = {};
  const file = fields.get('path') ?? fields.get('configuredIn');
  if (file !== undefined) origin.path = file;
  if (fields.has('repo')) origin.repo = fields.get('repo');
  return origin;
}

/** The unit index the batch build stamped on the object, or undefined. */
export function readUnit(object: BuiltObject): number | undefined {
  const value = object.metadata?.annotations?.[UNIT_ANNOTATION];
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Removes the build's annotations in place; an annotations map left empty is removed too. */
export function stripBuildAnnotations(object: BuiltObject): BuiltObject {
  const annotations = object.metadata?.annotations;
  if (!annotations) return object;
  for (const key of ADDED) delete annotations[key];
  if (Object.keys(annotations).length === 0) delete object.metadata!.annotations;
  return object;
}

function stripDeep(value: unknown, prefix: string): unknown {
  if (typeof value === 'string') return value.includes(prefix) ? value.split(prefix).join('') : value;
  if (Array.isArray(value)) return value.map((item) => stripDeep(item, prefix));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripDeep(item, prefix)]));
  }
  return value;
}

/** The object without a unit's name prefix, wherever kustomize put it (names and the references to them). */
export function stripUnitPrefix(object: BuiltObject, prefix: string): BuiltObject {
  return stripDeep(object, prefix) as BuiltObject;
}
