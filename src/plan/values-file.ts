/** `--values FILE`: chart values from a YAML file, refused when it could not be what the user meant. */
import { readFile, stat } from 'node:fs/promises';
import { isCollection, isPair, parseDocument, visit } from 'yaml';
import { FluxgenError } from '../errors.ts';
import { showValue } from './validate.ts';

const MAX_VALUES_BYTES = 1024 * 1024;
/** The values as they will be written: a small file may not expand (through aliases) beyond this. */
const MAX_EXPANDED = 2 * MAX_VALUES_BYTES;
const HINT = 'pass a YAML file whose top level is a mapping of chart values';

function refuse(file: string, why: string, hint = HINT): never {
  throw new FluxgenError('BAD_VALUES', `values file ${showValue(file)} ${why}`, { hint });
}

/** Size of the value once every alias is expanded, counted until it passes `limit`. */
function expandedSize(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      stack.push(...item);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        size += key.length + 2;
        stack.push(child);
      }
    } else size += 8;
  }
  return size;
}

/**
 * Reads a values file: a regular file of at most 1 MiB, one YAML document whose top level is a
 * mapping with plain keys, no unknown tags, at most 100 aliases and at most 2 MiB once expanded.
 */
export async function readValuesFile(file: string): Promise<Record<string, unknown>> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) refuse(file, 'does not exist or is not a regular file');
  if (info.size > MAX_VALUES_BYTES) refuse(file, `is ${info.size} bytes: the limit is ${MAX_VALUES_BYTES}`);
  const doc = parseDocument(await readFile(file, 'utf8'), { uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const at = problem.linePos ? `:${problem.linePos[0].line}:${problem.linePos[0].col}` : '';
    throw new FluxgenError('BAD_VALUES', `values file ${showValue(`${file}${at}`)} is not valid YAML: ${problem.message.split('\n')[0]}`, { hint: HINT });
  }
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isCollection(pair.key)) refuse(file, 'has a mapping or list as a key: chart values have string keys');
    },
  });
  let values: unknown;
  try {
    values = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    refuse(file, `is refused: ${(error as Error).message}`, 'expand the aliases; fluxgen refuses alias bombs');
  }
  if (values === null || values === undefined) return {};
  if (typeof values !== 'object' || Array.isArray(values)) refuse(file, 'is not a mapping');
  if (expandedSize(values, MAX_EXPANDED) > MAX_EXPANDED) {
    refuse(file, `expands through its aliases to more than ${MAX_EXPANDED} bytes`, 'expand the aliases; fluxgen refuses alias bombs');
  }
  return values as Record<string, unknown>;
}
