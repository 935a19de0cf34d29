/**
 * Upstream schemas, offline: the validators the @kubernetes-models packages generate from the
 * Kubernetes OpenAPI and from the Flux, prometheus-operator and Cilium APIs. Loaded once per kind.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { toProblems, type AjvError, type SchemaProblem } from './schema-errors.ts';
import { modelFileOf } from './schema-packages.ts';
import { collectUnknownFields, trackReads } from './schema-strict.ts';

export type SchemaResult = { known: false } | { known: true; problems: SchemaProblem[] };

type Validate = (object: unknown) => AjvError[];

const require = createRequire(import.meta.url);

interface ModelClass {
  apiVersion?: string;
  kind?: string;
  prototype: { validate(this: unknown): void };
}

function toValidate(exports: Record<string, ModelClass>, apiVersion: string, kind: string): Validate | undefined {
  const model = exports[kind];
  if (!model || model.apiVersion !== apiVersion || model.kind !== kind) return undefined;
  return (object) => {
    try {
      model.prototype.validate.call(object);
      return [];
    } catch (error) {
      const errors = (error as { errors?: AjvError[] }).errors;
      if (!Array.isArray(errors)) throw error;
      return errors;
    }
  };
}

/**
 * The packages are ES modules. require() loads them (Node >= 20.19) synchronously and without the
 * TypeScript loader's per-module ESM hooks, which make import() three times slower; where a CommonJS
 * hook breaks require() (the tsx CLI), `load` falls back to import().
 */
function requireValidator(file: string, apiVersion: string, kind: string): Validate | undefined {
  return toValidate(require(file) as Record<string, ModelClass>, apiVersion, kind);
}

function keyOf(object: { apiVersion?: unknown; kind?: unknown }): [key: string, apiVersion: string, kind: string] | undefined {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return undefined;
  return [`${object.apiVersion}/${object.kind}`, object.apiVersion, object.kind];
}

/** Validators by `apiVersion/kind`, each loaded once: up front with `load`, or lazily on first use. */
export class SchemaCatalog {
  private readonly validators = new Map<string, Validate | undefined>();

  /** Loads the validators of every kind among `objects` (import() where require() is not usable). */
  async load(objects: Iterable<{ apiVersion?: unknown; kind?: unknown }>): Promise<void> {
    for (const object of objects) {
      const key = keyOf(object);
      if (!key || this.validators.has(key[0])) continue;
      const file = modelFileOf(key[1], key[2]);
      if (!file) {
        this.validators.set(key[0], undefined);
        continue;
      }
      try {
        this.validators.set(key[0], requireValidator(file, key[1], key[2]));
      } catch {
        this.validators.set(key[0], toValidate((await import(pathToFileURL(file).href)) as Record<string, ModelClass>, key[1], key[2]));
      }
    }
  }

  private validatorOf(object: { apiVersion?: unknown; kind?: unknown }): Validate | undefined {
    const key = keyOf(object);
    if (!key) return undefined;
    if (!this.validators.has(key[0])) {
      const file = modelFileOf(key[1], key[2]);
      try {
        this.validators.set(key[0], file ? requireValidator(file, key[1], key[2]) : undefined);
      } catch {
        return undefined; // require() is unusable here (a CommonJS hook): only `load` can import it
      }
    }
    return this.validators.get(key[0]);
  }

  /** Whether an upstream schema covers the object's apiVersion and kind. */
  has(object: { apiVersion?: unknown; kind?: unknown }): boolean {
    return this.validatorOf(object) !== undefined;
  }

  /** Validates against the upstream schema, unknown fields included; `known: false` for a kind without a schema. */
  validate(object: { apiVersion?: unknown; kind?: unknown }): SchemaResult {
    const validate = this.validatorOf(object);
    if (!validate) return { known: false };
    const reads = trackReads(object);
    const problems = toProblems(validate(reads.proxy));
    for (const field of collectUnknownFields(reads)) {
      // Top-level `sops:` is SOPS metadata; Flux decrypts and drops it before applying.
      if (field.length === 1 && field[0] === 'sops') continue;
      problems.push({ path: field, message: `unknown field "${field.at(-1)}": the schema has no such field (a typo?)` });
    }
    return { known: true, problems };
  }
}

