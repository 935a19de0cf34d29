/** Where the model class of an apiVersion/kind lives among the installed @kubernetes-models packages, and its validator. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { apiGroup } from '../build/depends-on.ts';
import type { AjvError } from './schema-errors.ts';

const require = createRequire(import.meta.url);

/** The Kubernetes API itself: its Go types are closed, so a key they lack is an unknown field. */
const CORE_PACKAGE = 'kubernetes-models';

/**
 * Packages generated from projects' CRDs. Each is one release of its project, and the repo may run
 * another: a key it lacks may be a newer field, so these are not closed (see `ModelFile.closed`).
 */
const CRD_PACKAGES = [
  '@kubernetes-models/flux-cd',
  '@kubernetes-models/prometheus-operator',
  '@kubernetes-models/cilium',
  '@kubernetes-models/cert-manager',
  '@kubernetes-models/external-secrets',
  '@kubernetes-models/gateway-api',
  '@kubernetes-models/sealed-secrets',
  '@kubernetes-models/traefik',
];

/** A model class file, and whether unknown keys are errors in the schema it validates against. */
export interface ModelFile {
  file: string;
  /** `@kubernetes-models/flux-cd 4.0.0` */
  package: string;
  closed: boolean;
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

const versions = new Map<string, string>();

function packageVersion(dir: string): string {
  if (!versions.has(dir)) versions.set(dir, String((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version));
  return versions.get(dir)!;
}

const isVersion = (name: string) => /^v\d+((alpha|beta)\d+)?$/.test(name);

/** API group → [package, folder of the group in it], from the folders of the installed packages. */
let groups: Map<string, [pkg: string, folder: string]> | undefined;

function groupTable(): Map<string, [pkg: string, folder: string]> {
  if (groups) return groups;
  groups = new Map();
  for (const pkg of [CORE_PACKAGE, ...CRD_PACKAGES]) {
    const dir = packageDir(pkg);
    if (!dir) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
      // The core group's versions sit at the package root (kubernetes-models/v1); other groups are folders of versions.
      if (isVersion(entry.name)) {
        if (pkg === CORE_PACKAGE) groups.set('', [pkg, '']);
      } else if (readdirSync(path.join(dir, entry.name)).some(isVersion) && !groups.has(entry.name)) {
        groups.set(entry.name, [pkg, entry.name]);
      }
    }
  }
  return groups;
}

/** The model class of apiVersion/kind, or undefined for a kind no installed package covers. */
export function modelOf(apiVersion: string, kind: string): ModelFile | undefined {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  if (!isVersion(version) || !/^[A-Z][A-Za-z0-9]*$/.test(kind) || kind.endsWith('List')) return undefined;
  const where = groupTable().get(apiGroup(apiVersion));
  const dir = where && packageDir(where[0]);
  if (!where || !dir) return undefined;
  const file = path.join(dir, where[1], version, `${kind}.js`);
  return existsSync(file) ? { file, package: `${where[0]} ${packageVersion(dir)}`, closed: where[0] === CORE_PACKAGE } : undefined;
}

/** The file of the model class of apiVersion/kind, or undefined for a kind no installed package covers. */
export function modelFileOf(apiVersion: string, kind: string): string | undefined {
  return modelOf(apiVersion, kind)?.file;
}

/** A model's validator: the errors of an object, none when it is valid. */
export type Validate = (object: unknown) => AjvError[];

export interface PackageValidator {
  validate: Validate;
  /** `@kubernetes-models/flux-cd 4.0.0` */
  package: string;
  /** See `ModelFile.closed`. */
  closed: boolean;
}

interface ModelClass {
  apiVersion?: string;
  kind?: string;
  prototype: { validate(this: unknown): void };
}

function toValidator(exports: Record<string, ModelClass>, model: ModelFile, apiVersion: string, kind: string): PackageValidator | undefined {
  const found = exports[kind];
  if (!found || found.apiVersion !== apiVersion || found.kind !== kind) return undefined;
  const validate: Validate = (object) => {
    try {
      found.prototype.validate.call(object);
      return [];
    } catch (error) {
      const errors = (error as { errors?: AjvError[] }).errors;
      if (!Array.isArray(errors)) throw error;
      return errors;
    }
  };
  return { validate, package: model.package, closed: model.closed };
}

/**
 * The validator of apiVersion/kind, undefined for a kind no package covers. The packages are ES
 * modules: require() loads them (Node >= 20.19) synchronously and without the TypeScript loader's
 * per-module ESM hooks, which make import() three times slower. Throws where a CommonJS hook breaks
 * require() (the tsx CLI): `importPackageValidator` falls back to import() there.
 */
export function requirePackageValidator(apiVersion: string, kind: string): PackageValidator | undefined {
  const model = modelOf(apiVersion, kind);
  return model && toValidator(require(model.file) as Record<string, ModelClass>, model, apiVersion, kind);
}

/** `requirePackageValidator`, with import() where require() is not usable. */
export async function importPackageValidator(apiVersion: string, kind: string): Promise<PackageValidator | undefined> {
  try {
    return requirePackageValidator(apiVersion, kind);
  } catch {
    const model = modelOf(apiVersion, kind)!;
    return toValidator((await import(pathToFileURL(model.file).href)) as Record<string, ModelClass>, model, apiVersion, kind);
  }
}
