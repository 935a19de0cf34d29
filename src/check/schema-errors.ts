/** Validator errors (ajv's) as one readable problem per path of the object. */

/** One schema violation: a path into the object and what is wrong there. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

/** An error as the generated validators report it. */
export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

function pointerPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** One problem per path; the errors of the branches of an anyOf/oneOf become one message. */
export function toProblems(errors: readonly AjvError[]): SchemaProblem[] {
  const byPath = new Map<string, AjvError[]>();
  for (const error of errors) byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);
  return [...byPath].map(([pointer, found]) => ({ path: pointerPath(pointer), message: describeErrors(found) }));
}

function describeErrors(errors: readonly AjvError[]): string {
  const branching = errors.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const rest = errors.filter((e) => e !== branching && e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  if (branching && rest.length > 0 && rest.every((e) => e.keyword === 'required')) {
    const names = [...new Set(rest.map((e) => String(e.params?.missingProperty)))];
    return `must have ${branching.keyword === 'oneOf' ? 'exactly' : 'at least'} one of: ${names.join(', ')}`;
  }
  if (rest.length > 1 && rest.every((e) => e.keyword === 'type')) return `must be ${rest.map((e) => String(e.params?.type)).join(' or ')}`;
  const messages = [...new Set((rest.length > 0 ? rest : errors).map((e) => e.message ?? e.keyword))];
  return messages.join('; ');
}
