/**
 * Upstream schemas, offline: the validators the @kubernetes-models packages generate from the
 * Kubernetes OpenAPI and from the Flux, prometheus-operator and Cilium APIs. Loaded once per kind.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { apiGroup } from '../build/depends-on.ts';
import { collectUnknownFields, trackReads } from './schema-strict.ts';

/** One schema violation: a JSON-pointer-like path into the object and what is wrong there. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

export type SchemaResult = { known: false } | { known: true; problems: SchemaProblem[] };

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

type Validate = (object: unknown) => AjvError[];

const require = createRequire(import.meta.url);

/** Which package holds the models of an API group, and the folder of that group in it. */
function packageOf(group: string): [pkg: string, folder: string] | undefined {
  if (group === '') return ['kubernetes-models', ''];
  if (group.endsWith('.toolkit.fluxcd.io')) return ['@kubernetes-models/flux-cd', group];
  if (group === 'monitoring.coreos.com') return ['@kubernetes-models/prometheus-operator', group];
  if (group === 'cilium.io') return ['@kubernetes-models/cilium', group];
  if (group.endsWith('.k8s.io') || ['apps', 'batch', 'autoscaling', 'policy', 'extensions'].includes(group)) return ['kubernetes-models', group];
  return undefined;
}

const packageDirs = new Map<string, string | undefined>();

function packageDir(pkg: string): string | undefined {
  if (!packageDirs.has(pkg)) {
    let dir: string | undefined;
    try {
      dir = path.dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      dir = undefined;
    }
    packageDirs.set(pkg, dir);
  }
  return packageDirs.get(pkg);
}

/** The file of the model class of apiVersion/kind, or undefined for a kind no installed package covers. */
export function modelFileOf(apiVersion: string, kind: string): string | undefined {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  if (!/^v\d+((alpha|beta)\d+)?$/.test(version) || !/^[A-Z][A-Za-z0-9]*$/.test(kind) || kind.endsWith('List')) return undefined;
  const where = packageOf(apiGroup(apiVersion));
  const dir = where && packageDir(where[0]);
  if (!where || !dir) return undefined;
  const file = path.join(dir, where[1], version, `${kind}.js`);
  return existsSync(file) ? file : undefined;
}

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
      this.validators.set(key[0], file ? requireValidator(file, key[1], key[2]) : undefined);
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

function pointerPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** One problem per path: the branch errors of oneOf/anyOf are merged into one message. */
function toProblems(errors: readonly AjvError[]): SchemaProblem[] {
  const byPath = new Map<string, string[]>();
  for (const error of errors) {
    const messages = byPath.get(error.instancePath) ?? [];
    const message = error.message ?? error.keyword;
    if (!messages.includes(message)) messages.push(message);
    byPath.set(error.instancePath, messages);
  }
  return [...byPath].map(([pointer, messages]) => {
    const specific = messages.filter((m) => !/schema in (oneOf|anyOf)|exactly one schema/.test(m));
    return { path: pointerPath(pointer), message: (specific.length > 0 ? specific : messages).join('; ') };
  });
}
