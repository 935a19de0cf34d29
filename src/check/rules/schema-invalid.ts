/** Every object of a known kind matches its schema (the repo's CRD, else an upstream package); objects of other kinds are counted as skipped. */
import type { BuiltObject } from '../../build/kustomize.ts';
import { builtEntries, describe, hitAt, type BuiltEntry, type Hit, type Rule, type RuleContext } from '../rule.ts';
import type { CrdLookup, SchemaCatalog } from '../schema-catalog.ts';
import { repoCrds } from '../schema-repo-crds.ts';

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

/** The CRD schemas of the model's builds, by cluster (each CRD is compiled once, on first use). */
function crdsOf(targets: readonly BuiltEntry[]): (cluster: string) => CrdLookup {
  return repoCrds(targets.map(({ kustomization, source }) => ({ object: source.object, cluster: kustomization.cluster })));
}

/** A SOPS-encrypted object: its values are ciphertext until Flux decrypts them. */
const isSops = (object: BuiltObject) => {
  const sops = (object as { sops?: unknown }).sops;
  return sops !== null && typeof sops === 'object';
};

/** Whether SOPS encrypted the apiVersion or kind too (no encrypted_regex): there is no telling what it is. */
const kindEncrypted = (object: BuiltObject) => [object.apiVersion, object.kind].some((value) => typeof value === 'string' && value.startsWith('ENC['));

export interface SchemaCoverage {
  validated: number;
  /** Of the validated: against a CRD that the repo's builds contain. */
  byRepoCrd: number;
  /** Of the validated: SOPS-encrypted, so their structure only (encrypted values pass as any type). */
  sopsEncrypted: number;
  skipped: number;
  /** `apiVersion/kind` of the objects skipped for want of a schema, sorted. */
  skippedKinds: string[];
  /** The skipped, by why: no schema for the kind, or a kind SOPS encrypted. */
  skippedWhy: { noSchema: number; sopsEncrypted: number };
}

/** How many objects have a schema and where it comes from, and which were skipped and why. */
export function schemaCoverage(context: RuleContext, catalog: SchemaCatalog): SchemaCoverage {
  const coverage: SchemaCoverage = { validated: 0, byRepoCrd: 0, sopsEncrypted: 0, skipped: 0, skippedKinds: [], skippedWhy: { noSchema: 0, sopsEncrypted: 0 } };
  const kinds = new Set<string>();
  const targets = schemaTargets(context);
  const crds = crdsOf(targets);
  for (const { kustomization, source } of targets) {
    const object = source.object;
    const schema = catalog.sourceOf(object, crds(kustomization.cluster));
    if (schema) {
      coverage.validated += 1;
      if (schema.from === 'crd') coverage.byRepoCrd += 1;
      if (isSops(object)) coverage.sopsEncrypted += 1;
      continue;
    }
    coverage.skipped += 1;
    if (isSops(object) && kindEncrypted(object)) coverage.skippedWhy.sopsEncrypted += 1;
    else (coverage.skippedWhy.noSchema += 1), kinds.add(`${object.apiVersion}/${object.kind}`);
  }
  coverage.skippedKinds = [...kinds].sort();
  return coverage;
}

/** `12 objects validated (3 against the repo's CRDs, 1 SOPS-encrypted: structure only), 2 skipped (2 with no schema: a/v1/X)` */
export function describeCoverage(coverage: SchemaCoverage): string {
  const of = [
    coverage.byRepoCrd > 0 ? `${coverage.byRepoCrd} against the repo's CRDs` : '',
    coverage.sopsEncrypted > 0 ? `${coverage.sopsEncrypted} SOPS-encrypted: structure only` : '',
  ].filter(Boolean);
  const why = [
    coverage.skippedWhy.noSchema > 0 ? `${coverage.skippedWhy.noSchema} with no schema: ${coverage.skippedKinds.join(', ')}` : '',
    coverage.skippedWhy.sopsEncrypted > 0 ? `${coverage.skippedWhy.sopsEncrypted} SOPS-encrypted, kind included` : '',
  ].filter(Boolean);
  const validated = `${coverage.validated} object${coverage.validated === 1 ? '' : 's'} validated${of.length > 0 ? ` (${of.join(', ')})` : ''}`;
  return coverage.skipped > 0 ? `${validated}, ${coverage.skipped} skipped (${why.join('; ')})` : validated;
}

/** `spec.containers[0].image` */
function formatPath(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('') || '(root)';
}

export const schemaInvalid: Rule = {
  id: 'schema-invalid',
  severity: 'error',
  summary: 'a manifest that fails its schema: the CRD among the repo\'s builds, else the upstream one (Kubernetes, Flux, prometheus-operator, Cilium, cert-manager, external-secrets, Gateway API, sealed-secrets, Traefik)',
  help: 'Fix the field the message names: a typo in a field name, a wrong type (a string where a number goes), a missing required field or a value outside the allowed set. Compare with the API reference of that kind and version, or with the CRD the message names.',
  check(context) {
    const catalog = context.schemas;
    if (!catalog) return [];
    const hits: Hit[] = [];
    const targets = schemaTargets(context);
    const crds = crdsOf(targets);
    for (const entry of targets) {
      const result = catalog.validate(entry.source.object, crds(entry.kustomization.cluster));
      if (!result.known) continue;
      for (const problem of result.problems) {
        const hit = hitAt(context, entry, problem.path, `${describe(entry.source.object)}: ${formatPath(problem.path)}: ${problem.message}`);
        hits.push(problem.uncertain ? { ...hit, severity: 'warning' } : hit);
      }
    }
    return hits;
  },
};
