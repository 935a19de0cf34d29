/** Every object of a known kind matches its upstream schema; objects of other kinds are counted as skipped. */
import type { BuiltObject } from '../../build/kustomize.ts';
import { builtEntries, describe, hitAt, type BuiltEntry, type Hit, type Rule, type RuleContext } from '../rule.ts';
import type { SchemaCatalog } from '../schema-catalog.ts';

/** The built objects, plus each Flux Kustomization's own document when no build yields it; each object once. */
export function schemaTargets(context: RuleContext): BuiltEntry[] {
  const seen = new Set<string>();
  const targets: BuiltEntry[] = [];
  const add = (entry: BuiltEntry) => {
    const key = `${entry.source.file ?? ''}\0${JSON.stringify(entry.source.object)}`;
    if (!seen.has(key)) targets.push(entry), seen.add(key);
  };
  builtEntries(context.model).forEach(add);
  const built = new Set(targets.map(({ source }) => `${source.file}\0${source.object.kind}\0${source.object.metadata?.name}`));
  for (const kustomization of context.model.kustomizations) {
    const object = kustomization.object as BuiltObject;
    if (built.has(`${kustomization.file}\0${object.kind}\0${object.metadata?.name}`)) continue;
    add({ kustomization, source: { object, file: kustomization.file } });
  }
  return targets;
}

export interface SchemaCoverage {
  validated: number;
  skipped: number;
  /** `apiVersion/kind` of the skipped objects, sorted. */
  skippedKinds: string[];
}

/** How many objects have a schema, and which kinds do not. */
export function schemaCoverage(context: RuleContext, catalog: SchemaCatalog): SchemaCoverage {
  const coverage: SchemaCoverage = { validated: 0, skipped: 0, skippedKinds: [] };
  const kinds = new Set<string>();
  for (const { source } of schemaTargets(context)) {
    if (catalog.has(source.object)) coverage.validated += 1;
    else (coverage.skipped += 1), kinds.add(`${source.object.apiVersion}/${source.object.kind}`);
  }
  coverage.skippedKinds = [...kinds].sort();
  return coverage;
}

/** `spec.containers[0].image` */
function formatPath(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('') || '(root)';
}

function valueAt(object: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<any>((value, key) => (value === null || typeof value !== 'object' ? undefined : value[key]), object);
}

export const schemaInvalid: Rule = {
  id: 'schema-invalid',
  severity: 'error',
  summary: 'a manifest that fails its upstream schema (Kubernetes, Flux, prometheus-operator, Cilium)',
  help: 'Fix the field the message names: a typo in a field name, a wrong type (a string where a number goes), a missing required field or a value outside the allowed set. Compare with the API reference of that kind and version.',
  check(context) {
    const catalog = context.schemas;
    if (!catalog) return [];
    const hits: Hit[] = [];
    for (const entry of schemaTargets(context)) {
      const result = catalog.validate(entry.source.object);
      if (!result.known) continue;
      for (const problem of result.problems) {
        const value = valueAt(entry.source.object, problem.path);
        // Flux substitutes `${VAR}` (postBuild) and decrypts SOPS `ENC[...]` values before applying.
        if (typeof value === 'string' && (value.includes('${') || value.startsWith('ENC['))) continue;
        hits.push(hitAt(context, entry, problem.path, `${describe(entry.source.object)}: ${formatPath(problem.path)}: ${problem.message}`));
      }
    }
    return hits;
  },
};
