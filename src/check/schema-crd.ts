/**
 * A custom resource's schema taken from its CustomResourceDefinition: the version's openAPIV3Schema
 * read as the API server reads it (structural, pruning), compiled with ajv. Unknown fields are
 * errors only in objects the schema closes: ones that list their properties and neither preserve
 * unknown fields nor take additionalProperties.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { apiGroup } from '../build/depends-on.ts';
import { pointerPath, type AjvError } from './schema-errors.ts';

type Schema = Record<string, unknown>;

/** What one validation found: schema errors, and the paths of keys the schema does not have. */
export interface CrdFindings {
  errors: AjvError[];
  unknown: (string | number)[][];
}

/** The validator of one version of one CRD. */
export interface CrdSchema {
  /** metadata.name of the CRD (`certificates.cert-manager.io`). */
  crd: string;
  validate(object: unknown): CrdFindings;
}

const isObject = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Keywords whose meaning is the same for ajv and the API server; the rest (formats, CEL rules, defaults, nullable…) is left out. */
const COPIED = ['type', 'enum', 'required', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'multipleOf'];

/** A regex JavaScript reads as Go does (RE2 syntax that JavaScript lacks is left out, never guessed at). */
function usablePattern(pattern: unknown): pattern is string {
  if (typeof pattern !== 'string') return false;
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * The JSON Schema ajv checks for a CRD schema node. `closable`: unknown keys may be closed here (not
 * inside allOf/anyOf/oneOf/not, whose properties the API server prunes by the outer schema).
 */
function toJsonSchema(node: unknown, closable: boolean): Schema {
  if (!isObject(node)) return {};
  const out: Schema = {};
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  // The API server defaults a missing field before it validates: a required field with a default is never missing.
  if (Array.isArray(node.required) && isObject(node.properties)) {
    const properties = node.properties;
    out.required = node.required.filter((name) => !(isObject(properties[name]) && properties[name].default !== undefined));
  }
  if (usablePattern(node.pattern)) out.pattern = node.pattern;
  if (node.format === 'byte') out.format = 'byte';
  for (const [bound, exclusive] of [['maximum', 'exclusiveMaximum'], ['minimum', 'exclusiveMinimum']] as const) {
    // OpenAPI 3.0's exclusiveMaximum is a flag on maximum; JSON Schema's is the bound itself.
    if (node[exclusive] === true && typeof node[bound] === 'number') (out[exclusive] = node[bound]), delete out[bound];
  }
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (isObject(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([name, child]) => [name, toJsonSchema(child, closable)]));
  }
  if (isObject(node.items)) out.items = toJsonSchema(node.items, closable);
  if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  else if (isObject(node.additionalProperties)) out.additionalProperties = toJsonSchema(node.additionalProperties, closable);
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[junctor];
    if (Array.isArray(branches)) out[junctor] = branches.map((branch) => toJsonSchema(branch, false));
  }
  if (isObject(node.not)) out.not = toJsonSchema(node.not, false);
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    if (!out.anyOf && !out.oneOf) out.type = ['integer', 'string'];
  }
  if (closable && !preserve && isObject(out.properties) && Object.keys(out.properties).length > 0 && out.additionalProperties === undefined) {
    if (node['x-kubernetes-embedded-resource'] === true) out.properties = { apiVersion: {}, kind: {}, metadata: {}, ...out.properties };
    out.additionalProperties = false;
  }
  return out;
}

/** The schema of a whole object: apiVersion, kind and metadata are always allowed (metadata is ObjectMeta, checked apart), and so is SOPS's `sops`. */
function rootSchema(openAPIV3Schema: unknown, closable: boolean): Schema {
  const schema = toJsonSchema(openAPIV3Schema, closable);
  const properties = isObject(schema.properties) ? schema.properties : {};
  return { ...schema, type: 'object', properties: { ...properties, apiVersion: {}, kind: {}, metadata: {}, sops: {} } };
}

let ajv: Ajv | undefined;

function compile(schema: Schema): ValidateFunction {
  ajv ??= new Ajv({ strict: false, allErrors: true, validateSchema: false, addUsedSchema: false, formats: { byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/ }, logger: false });
  return ajv.compile(schema);
}

function crdSchema(crd: string, schema: Schema): CrdSchema {
  let validate: ValidateFunction | undefined;
  return {
    crd,
    validate(object) {
      validate ??= compile(schema);
      validate(object);
      const findings: CrdFindings = { errors: [], unknown: [] };
      for (const error of (validate.errors ?? []) as AjvError[]) {
        const extra = error.keyword === 'additionalProperties' ? error.params?.additionalProperty : undefined;
        if (typeof extra !== 'string') findings.errors.push(error);
        else if (!extra.includes('${')) findings.unknown.push([...pointerPath(error.instancePath), extra]);
      }
      return findings;
    },
  };
}

/** A CRD's group, kind and the schema of each of its versions; undefined for an object that is not a usable CRD. */
export function crdSchemas(object: unknown): { group: string; kind: string; versions: Map<string, CrdSchema> } | undefined {
  if (!isObject(object) || object.kind !== 'CustomResourceDefinition' || apiGroup(String(object.apiVersion)) !== 'apiextensions.k8s.io') return undefined;
  const spec = isObject(object.spec) ? object.spec : {};
  const kind = isObject(spec.names) ? spec.names.kind : undefined;
  if (typeof spec.group !== 'string' || typeof kind !== 'string') return undefined;
  const name = isObject(object.metadata) && typeof object.metadata.name === 'string' ? object.metadata.name : `${kind}.${spec.group}`;
  // v1beta1 CRDs default to preserving unknown fields; v1 forbids it.
  const closable = spec.preserveUnknownFields !== true && !(object.apiVersion === 'apiextensions.k8s.io/v1beta1' && spec.preserveUnknownFields === undefined);
  const shared = isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const versions = new Map<string, CrdSchema>();
  const listed = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : typeof spec.version === 'string' ? [{ name: spec.version }] : [];
  for (const version of listed) {
    if (typeof version.name !== 'string') continue;
    const own = isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
    versions.set(version.name, crdSchema(name, rootSchema(own ?? shared ?? { 'x-kubernetes-preserve-unknown-fields': true }, closable)));
  }
  return { group: spec.group, kind, versions };
}
