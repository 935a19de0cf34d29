/** A built Flux Kustomization object → DiscoveredKustomization fields, as Flux reads it. */
import path from 'node:path';
import type { BuiltObject } from '../build/kustomize.ts';
import type { DependsOnRef, DiscoveredKustomization } from './model.ts';

export const FLUX_NAMESPACE = 'flux-system';

/** What a child inherits from the Kustomization that applies it. */
export interface ParentContext {
  /** spec.targetNamespace of the parent: it overrides the namespace of what the parent applies. */
  targetNamespace?: string;
  /** spec.postBuild.substitute of the parent: applied to what the parent applies. */
  vars: Record<string, string>;
}

/** The context a Kustomization gives to the objects its path builds. */
export function contextOf(object: Record<string, any>): ParentContext {
  const spec = object.spec ?? {};
  const substitute = spec.postBuild?.substitute;
  const vars: Record<string, string> = {};
  if (typeof substitute === 'object' && substitute !== null) {
    for (const [key, value] of Object.entries(substitute)) if (typeof value === 'string') vars[key] = value;
  }
  return typeof spec.targetNamespace === 'string' ? { targetNamespace: spec.targetNamespace, vars } : { vars };
}

/** True for `kustomize.toolkit.fluxcd.io/*` kind Kustomization with a name. */
export function isFluxKustomization(object: unknown): object is BuiltObject {
  const obj = object as BuiltObject | null;
  return (
    typeof obj?.apiVersion === 'string' &&
    obj.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') &&
    obj.kind === 'Kustomization' &&
    typeof obj.metadata?.name === 'string'
  );
}

/**
 * Flux's `${VAR}`, `${VAR:=default}` and `${VAR:-default}` with the given variables; unknown variables
 * without a default stay as text.
 */
export function substituteVars(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[=-]([^}]*))?\}/g, (whole, name: string, fallback?: string) =>
    vars[name] ?? fallback ?? whole,
  );
}

/**
 * spec.path as a repo-relative folder, no leading `./`, `''` for the root. Like Flux (securejoin), a
 * path cannot climb out of the source: `../x` is `x`.
 */
export function normalizeFluxPath(value: string): string {
  return path.posix.normalize(`/${value.trim()}`).replace(/^\/+|\/+$/g, '');
}

/** dependsOn entries as refs; bare strings are accepted, entries without a name dropped. */
export function readDependsOn(value: unknown): DependsOnRef[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): DependsOnRef[] => {
    if (typeof entry === 'string') return [{ name: entry }];
    if (typeof entry?.name !== 'string') return [];
    return [typeof entry.namespace === 'string' ? { name: entry.name, namespace: entry.namespace } : { name: entry.name }];
  });
}

/** The discovered Kustomization for a built object applied by a parent with `context`. */
export function toDiscovered(
  object: BuiltObject,
  where: { cluster: string; file: string; line: number },
  context: ParentContext,
): DiscoveredKustomization {
  const spec = (object.spec ?? {}) as Record<string, any>;
  const namespace = context.targetNamespace ?? object.metadata?.namespace ?? FLUX_NAMESPACE;
  const found: DiscoveredKustomization = {
    cluster: where.cluster,
    name: object.metadata!.name!,
    namespace,
    file: where.file,
    line: where.line,
    dependsOn: readDependsOn(spec.dependsOn),
    object: object as Record<string, any>,
  };
  if (typeof spec.path === 'string') found.path = normalizeFluxPath(substituteVars(spec.path, context.vars));
  return found;
}
