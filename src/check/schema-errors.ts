/** Validator errors (ajv's) as one readable problem per path of the object, less those the cluster never sees. */

/** One schema violation: a path into the object and what is wrong there. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
  /**
   * A constraint that a later release of the same API version may relax (an enum value, a pattern,
   * a limit, a required field), unlike a wrong type, which the API conventions never allow to change.
   */
  relaxable?: boolean;
  /** A problem that may not be one (a schema of another release): reported as a warning. */
  uncertain?: boolean;
}

/** An error as the generated validators report it. */
export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `/spec/ports/0` → ['spec', 'ports', 0] */
export function pointerPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueAt(object: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<any>((value, key) => (value === null || typeof value !== 'object' ? undefined : value[key]), object);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Whether the value in the repo is not what the API server validates: Flux substitutes `${VAR}`
 * (postBuild) and decrypts SOPS `ENC[...]` values after the build, whatever type the field has; the
 * API server reads null as unset (core types) or prunes it (CRDs); and Go's base64 decoder skips
 * the line breaks with which kustomize's generators wrap long values.
 */
export function notSeenAsIs(value: unknown, error?: AjvError): boolean {
  if (value === null) return true;
  if (typeof value !== 'string') return false;
  if (value.includes('${') || value.startsWith('ENC[')) return true;
  return error?.keyword === 'format' && error.params?.format === 'byte' && BASE64.test(value.replace(/[\r\n]/g, ''));
}

/** One problem per path of `object`; the errors of the branches of an anyOf/oneOf become one message. */
export function toProblems(errors: readonly AjvError[], object: unknown): SchemaProblem[] {
  const byPath = new Map<string, AjvError[]>();
  for (const error of errors) {
    if (notSeenAsIs(valueAt(object, pointerPath(error.instancePath)), error)) continue;
    byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);
  }
  return [...byPath].map(([pointer, found]) => {
    const problem: SchemaProblem = { path: pointerPath(pointer), message: describeErrors(found) };
    if (relaxable(found)) problem.relaxable = true;
    return problem;
  });
}

const isJunctor = (error: AjvError) => error.keyword === 'anyOf' || error.keyword === 'oneOf';

/** Whether a later release could accept the value: a wrong type is final unless an anyOf/oneOf branch of another kind might be relaxed. */
function relaxable(errors: readonly AjvError[]): boolean {
  const rest = errors.filter((e) => !isJunctor(e));
  if (errors.some(isJunctor)) return rest.some((e) => e.keyword !== 'type');
  return !rest.some((e) => e.keyword === 'type');
}

function describeEnum(error: AjvError): string {
  const allowed = error.params?.allowedValues;
  if (!Array.isArray(allowed)) return error.message ?? error.keyword;
  const shown = allowed.slice(0, 12).map((value) => JSON.stringify(value));
  return `must be one of ${shown.join(', ')}${allowed.length > shown.length ? ', …' : ''}`;
}

function describeErrors(errors: readonly AjvError[]): string {
  const branching = errors.find(isJunctor);
  const rest = errors.filter((e) => !isJunctor(e));
  if (branching && rest.length > 0 && rest.every((e) => e.keyword === 'required')) {
    const names = [...new Set(rest.map((e) => String(e.params?.missingProperty)))];
    return `must have ${branching.keyword === 'oneOf' ? 'exactly' : 'at least'} one of: ${names.join(', ')}`;
  }
  // A wrong type says it all: the value's other failures (enum, pattern) follow from it.
  const types = rest.filter((e) => e.keyword === 'type');
  if (types.length > 0 && (!branching || types.length === rest.length)) return `must be ${[...new Set(types.map((e) => String(e.params?.type)))].join(' or ')}`;
  const messages = [...new Set((rest.length > 0 ? rest : errors).map((e) => (e.keyword === 'enum' ? describeEnum(e) : (e.message ?? e.keyword))))];
  return messages.join('; ');
}
