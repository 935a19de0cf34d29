/** Reads the records under `.fluxgen/components/`, refusing any that is not a well-formed component record. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { FluxgenError } from '../errors.ts';
import type { ComponentInput } from './plan-component.ts';
import { RECORDS_DIR } from './record.ts';

/** A record as read from disk: its file, the inputs to re-run and the hashes of what it wrote. */
export interface LoadedRecord {
  /** Repo-relative, e.g. `.fluxgen/components/redis.yaml`. */
  file: string;
  spec: ComponentInput & { name: string };
  files: Record<string, string>;
}

type Obj = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isStrings: Check = (v) => Array.isArray(v) && v.every(isString);
const isMapping: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

const SPEC_FIELDS: Record<string, [Check, string]> = {
  name: [isString, 'a string'],
  namespace: [isString, 'a string'],
  chart: [isString, 'a string'],
  repoUrl: [isString, 'a string'],
  chartVersion: [isString, 'a string (quote versions such as "1.10")'],
  repoName: [isString, 'a string'],
  clusters: [isStrings, 'a list of strings'],
  monitoring: [isBoolean, 'true or false'],
  webhook: [isBoolean, 'true or false'],
  pss: [isString, 'a string'],
  dependsOn: [isStrings, 'a list of strings'],
  values: [isMapping, 'a mapping'],
};
const HASH = /^sha256:[0-9a-f]{64}$/;

function bad(file: string, why: string, at: { line: number; col: number } | undefined = undefined): FluxgenError {
  return new FluxgenError('BAD_RECORD', why, {
    position: { file, ...at },
    hint: `fix ${file} (only \`spec\` is meant to be edited), restore it from git, or delete it to stop regenerating that component`,
  });
}

/**
 * Parses and checks one record's text: YAML, `kind: component`, a `spec` with known fields of the
 * right types whose name matches the file name, and `files` mapping paths to sha256 hashes. The
 * spec's values are then validated by planComponent like any other input.
 */
export function parseComponentRecord(text: string, file: string): LoadedRecord {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, lineCounter: lines });
  const error = doc.errors[0];
  if (error) {
    const pos = lines.linePos(error.pos[0]);
    throw bad(file, `not valid YAML: ${error.message.split('\n')[0]}`, { line: pos.line, col: pos.col });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw bad(file, `refused: ${(cause as Error).message}`);
  }
  if (!isMapping(value) || (value as Obj).kind !== 'component') throw bad(file, 'not a component record (`kind: component` expected)');
  const { kind: _kind, spec, files, ...extra } = value as Obj;
  if (Object.keys(extra).length > 0) throw bad(file, `unknown key ${Object.keys(extra)[0]} (a record has kind, spec and files)`);
  if (!isMapping(spec)) throw bad(file, '`spec` must be a mapping');
  for (const [key, field] of Object.entries(spec as Obj)) {
    const rule = SPEC_FIELDS[key];
    if (!rule) throw bad(file, `unknown field spec.${key} (known: ${Object.keys(SPEC_FIELDS).join(', ')})`);
    if (field !== undefined && !rule[0](field)) throw bad(file, `spec.${key} must be ${rule[1]}`);
  }
  const name = (spec as Obj).name;
  const expected = path.posix.basename(file).replace(/\.ya?ml$/, '');
  if (name === undefined) throw bad(file, 'spec.name is missing');
  if (name !== expected) throw bad(file, `spec.name ${JSON.stringify(name)} does not match the file name (${expected})`);
  if (!isMapping(files) || !Object.values(files as Obj).every((h) => typeof h === 'string' && HASH.test(h))) {
    throw bad(file, '`files` must map each generated path to `sha256:<64 hex digits>`');
  }
  return { file, spec: spec as LoadedRecord['spec'], files: files as Record<string, string> };
}

/** Every record of the repo, sorted by file name; none when `.fluxgen/components/` does not exist. */
export async function loadRecords(root: string): Promise<LoadedRecord[]> {
  const names = await readdir(path.join(root, RECORDS_DIR)).catch(() => [] as string[]);
  const records: LoadedRecord[] = [];
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = `${RECORDS_DIR}/${name}`;
    records.push(parseComponentRecord(await readFile(path.join(root, file), 'utf8'), file));
  }
  return records;
}
