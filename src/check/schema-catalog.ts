/**
 * Upstream schemas, offline: the validators the @kubernetes-models packages generate from the
 * Kubernetes OpenAPI and from the CRDs of Flux, prometheus-operator, Cilium, cert-manager,
 * external-secrets, Gateway API, sealed-secrets and Traefik (loaded once per kind), and the CRDs of
 * the repo itself, which win over a package for their kinds.
 */
import type { CrdSchema } from './schema-crd.ts';
import { toProblems, type SchemaProblem } from './schema-errors.ts';
import { importPackageValidator, requirePackageValidator, type PackageValidator } from './schema-packages.ts';
import { collectUnknownFields, trackReads } from './schema-strict.ts';

/** Where a kind's schema comes from: a model package, or a CRD among the repo's builds. */
export type SchemaSource = { from: 'package'; name: string } | { from: 'crd'; name: string };

export type SchemaResult = { known: false } | { known: true; source: SchemaSource; problems: SchemaProblem[] };

/** The repo's CRD schema of an apiVersion/kind, if its builds contain that CRD. */
export type CrdLookup = (apiVersion: string, kind: string) => CrdSchema | undefined;

/** Every kind's metadata is the API's ObjectMeta, closed; a core kind's validator checks it. */
const OBJECT_META_HOST = { apiVersion: 'v1', kind: 'ConfigMap' };

/** Where the unknown-field check applies to an object validated by a package model. */
function closedPlaces(object: { kind?: unknown }, model: PackageValidator): (path: readonly (string | number)[]) => boolean {
  // A CRD's openAPIV3Schema is JSONSchemaProps, recursive and open to extensions: the CRD is checked
  // as a CRD, its schemas for their types only.
  if (model.closed && object.kind === 'CustomResourceDefinition') return (path) => !path.includes('openAPIV3Schema');
  if (model.closed) return () => true;
  return (path) => path[0] === 'metadata';
}

/**
 * A package generated from one release of a project's CRDs may be older than the release the repo
 * runs, which may have relaxed the constraint (a new enum value, a wider pattern): a warning, saying so.
 */
function fromAnotherRelease(problem: SchemaProblem, pkg: string): SchemaProblem {
  return { ...problem, uncertain: true, message: `${problem.message} (by ${pkg}; a later release may allow it, and the repo has no CRD of this kind to tell)` };
}

const unknownField = (field: (string | number)[], where: string): SchemaProblem => ({
  path: field,
  message: `unknown field "${field.at(-1)}": ${where} has no such field (a typo?)`,
});

function keyOf(object: { apiVersion?: unknown; kind?: unknown }): [key: string, apiVersion: string, kind: string] | undefined {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return undefined;
  return [`${object.apiVersion}/${object.kind}`, object.apiVersion, object.kind];
}

/** Validators by `apiVersion/kind`, each loaded once: up front with `load`, or lazily on first use. */
export class SchemaCatalog {
  private readonly validators = new Map<string, PackageValidator | undefined>();

  /** Loads the validators of every kind among `objects` (import() where require() is not usable). */
  async load(objects: Iterable<{ apiVersion?: unknown; kind?: unknown }>): Promise<void> {
    for (const object of [OBJECT_META_HOST, ...objects]) {
      const key = keyOf(object);
      if (key && !this.validators.has(key[0])) this.validators.set(key[0], await importPackageValidator(key[1], key[2]));
    }
  }

  private validatorOf(object: { apiVersion?: unknown; kind?: unknown }): PackageValidator | undefined {
    const key = keyOf(object);
    if (!key) return undefined;
    if (!this.validators.has(key[0])) {
      try {
        this.validators.set(key[0], requirePackageValidator(key[1], key[2]));
      } catch {
        return undefined; // require() is unusable here (a CommonJS hook): only `load` can import it
      }
    }
    return this.validators.get(key[0]);
  }

  /** Where the schema of the object's apiVersion and kind comes from: the repo's CRD (`crds`) first, then the packages. */
  sourceOf(object: { apiVersion?: unknown; kind?: unknown }, crds?: CrdLookup): SchemaSource | undefined {
    const key = keyOf(object);
    const crd = key && crds?.(key[1], key[2]);
    if (crd) return { from: 'crd', name: crd.crd };
    const model = this.validatorOf(object);
    return model && { from: 'package', name: model.package };
  }

  /** Whether a schema covers the object's apiVersion and kind. */
  has(object: { apiVersion?: unknown; kind?: unknown }, crds?: CrdLookup): boolean {
    return this.sourceOf(object, crds) !== undefined;
  }

  /** Validates against the repo's CRD or the upstream schema, unknown fields included; `known: false` for a kind without a schema. */
  validate(object: { apiVersion?: unknown; kind?: unknown; metadata?: unknown }, crds?: CrdLookup): SchemaResult {
    const key = keyOf(object);
    const crd = key && crds?.(key[1], key[2]);
    if (crd) return { known: true, source: { from: 'crd', name: crd.crd }, problems: this.crdProblems(object, crd) };
    const model = this.validatorOf(object);
    if (!model) return { known: false };
    const reads = trackReads(object);
    const problems = toProblems(model.validate(reads.proxy), object).map((problem) => (model.closed || !problem.relaxable ? problem : fromAnotherRelease(problem, model.package)));
    for (const field of collectUnknownFields(reads, closedPlaces(object, model))) {
      // Top-level `sops:` is SOPS metadata; Flux decrypts and drops it before applying.
      if (field.length === 1 && field[0] === 'sops') continue;
      problems.push(unknownField(field, 'the schema'));
    }
    return { known: true, source: { from: 'package', name: model.package }, problems };
  }

  private crdProblems(object: { metadata?: unknown }, crd: CrdSchema): SchemaProblem[] {
    const { errors, unknown } = crd.validate(object);
    const problems = [...toProblems(errors, object), ...unknown.map((field) => unknownField(field, `the schema of CRD ${crd.crd}`))];
    if (object.metadata !== undefined) {
      const result = this.validate({ ...OBJECT_META_HOST, metadata: object.metadata });
      if (result.known) problems.push(...result.problems.filter((problem) => problem.path[0] === 'metadata'));
    }
    return problems;
  }
}

