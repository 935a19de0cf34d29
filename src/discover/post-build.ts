/**
 * Flux's `postBuild` variable substitution, after kustomize (and after the Kustomization's patches): the
 * values known from the repo are `spec.postBuild.substitute` and the ConfigMaps of `substituteFrom` that a
 * build of the cluster contains. In-line values take precedence over substituteFrom, as in Flux. Unknown
 * variables without a default stay as written (a Secret's values are not known offline).
 */
import { dump, load } from 'js-yaml';
import type { BuiltObject } from '../build/kustomize.ts';
import type { BuildOutcome } from './model.ts';
import { substituteVars } from './flux-object.ts';

/** Objects carrying this annotation or label with value `disabled` are not substituted. */
const SUBSTITUTE_SWITCH = 'kustomize.toolkit.fluxcd.io/substitute';

/** The ConfigMaps a cluster's builds hold, by `namespace/name`. */
export type KnownConfigMaps = ReadonlyMap<string, Record<string, string>>;

/** Adds the ConfigMaps of `outcome` to `into` (first one of a name wins: discovery order is deterministic). */
export function collectConfigMaps(outcome: BuildOutcome, into: Map<string, Record<string, string>>): void {
  for (const { object } of outcome.objects) {
    if (object.kind !== 'ConfigMap' || object.apiVersion !== 'v1' || typeof object.metadata?.name !== 'string') continue;
    const key = `${object.metadata.namespace ?? 'default'}/${object.metadata.name}`;
    if (into.has(key)) continue;
    const data: Record<string, string> = {};
    for (const [name, value] of Object.entries((object.data ?? {}) as Record<string, unknown>)) if (typeof value === 'string') data[name] = value;
    into.set(key, data);
  }
}

/** The variables a Flux Kustomization substitutes (namespace: the Kustomization's own, for substituteFrom). */
export function postBuildVars(object: Record<string, any>, namespace: string, configMaps: KnownConfigMaps): Record<string, string> | undefined {
  const postBuild = object.spec?.postBuild;
  if (typeof postBuild !== 'object' || postBuild === null) return undefined;
  const vars: Record<string, string> = {};
  for (const from of Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []) {
    if (from?.kind !== 'ConfigMap' || typeof from.name !== 'string') continue;
    Object.assign(vars, configMaps.get(`${namespace}/${from.name}`) ?? {});
  }
  for (const [name, value] of Object.entries((postBuild.substitute ?? {}) as Record<string, unknown>)) if (typeof value === 'string') vars[name] = value;
  return vars;
}

function disabled(object: BuiltObject): boolean {
  return object.metadata?.annotations?.[SUBSTITUTE_SWITCH] === 'disabled' || object.metadata?.labels?.[SUBSTITUTE_SWITCH] === 'disabled';
}

/**
 * As Flux does it: on the object's YAML text, then parsed again (so `replicas: ${N}` becomes a number);
 * by value when the substituted text no longer parses.
 */
function substituteObject(object: BuiltObject, vars: Record<string, string>): BuiltObject {
  if (!JSON.stringify(object).includes('${')) return object;
  try {
    const parsed = load(substituteVars(dump(object, { lineWidth: -1, noRefs: true }), vars));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as BuiltObject;
  } catch {
    // a value that breaks the YAML: substituted by value below
  }
  return substituteDeep(object, vars) as BuiltObject;
}

function substituteDeep(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return value.includes('${') ? substituteVars(value, vars) : value;
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, vars));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [substituteVars(key, vars), substituteDeep(item, vars)]));
  }
  return value;
}

/**
 * The outcome with `vars` substituted into every object that does not opt out (defaults of unknown
 * variables apply too); the same outcome without a postBuild.
 */
export function substituteOutcome(outcome: BuildOutcome, vars: Record<string, string> | undefined): BuildOutcome {
  if (vars === undefined) return outcome;
  return {
    ...outcome,
    objects: outcome.objects.map((sourced) => (disabled(sourced.object) ? sourced : { ...sourced, object: substituteObject(sourced.object, vars) })),
  };
}
