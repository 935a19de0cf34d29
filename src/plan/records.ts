/**
 * Records under `.fluxgen/`: the validated inputs of a generator's run and a hash of every file it wrote,
 * tagged by kind. One parser (strict: a broken record is refused, naming its file) and one writer.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { FluxgenError } from '../errors.ts';
import type { ComponentInput } from './plan-component.ts';

export const RECORDS_DIR = '.fluxgen/components';

/** The record kinds, each the name of the generator that writes it. */
export type RecordKind = 'component' | 'netpol' | 'monitoring' | 'service';

/** A record: the generator's kind, its validated inputs, and `sha256:` of each file it generated. */
export interface FluxgenRecord<Spec = object> {
  kind: RecordKind;
  spec: Spec;
  /** Repo-relative path → `sha256:<hex>` of the content fluxgen wrote. */
  files: Record<string, string>;
}

/** A record as read from disk: its file, the inputs to re-run and the hashes of what it wrote. */
export interface LoadedRecord extends FluxgenRecord<ComponentInput & { name: string }> {
  /** Repo-relative, e.g. `.fluxgen/components/redis.yaml`. */
  file: string;
}

/** `.fluxgen/components/<name>.yaml` for a component, `<name>.<kind>.yaml` for what another generator added to it. */
export function recordPath(name: string, kind: RecordKind = 'component'): string {
  // components and services share a name space (one record file each); netpol and monitoring records sit beside a component's
  return kind === 'component' || kind === 'service' ? `${RECORDS_DIR}/${name}.yaml` : `${RECORDS_DIR}/${name}.${kind}.yaml`;
}

export function contentHash(content: string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

type Obj = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isNumber: Check = (v) => typeof v === 'number';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isStrings: Check = (v) => Array.isArray(v) && v.every(isString);
const isMapping: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The spec fields of each kind, in the order records are written. */
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
  image: [isString, 'a string'],
  port: [isNumber, 'a number'],
  replicas: [isNumber, 'a number'],
  config: [isStrings, 'a list of KEY=VALUE strings'],
  secrets: [isStrings, 'a list of strings'],
  healthPath: [isString, 'a string'],
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
export function parseRecord(text: string, file: string): LoadedRecord {
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
  if (!isMapping(value) || !((value as Obj).kind as string in KINDS)) throw bad(file, `not a fluxgen record (\`kind:\` one of ${Object.keys(KINDS).join(', ')} expected)`);
  const kind = (value as Obj).kind as RecordKind;
  const { kind: _kind, spec, files, ...extra } = value as Obj;
  if (Object.keys(extra).length > 0) throw bad(file, `unknown key ${Object.keys(extra)[0]} (a record has kind, spec and files)`);
  if (!isMapping(spec)) throw bad(file, '`spec` must be a mapping');
  for (const [key, field] of Object.entries(spec as Obj)) {
    const rule = SPEC_FIELDS[key];
    if (!rule) throw bad(file, `unknown field spec.${key} (known: ${Object.keys(SPEC_FIELDS).join(', ')})`);
    if (field !== undefined && !rule[0](field)) throw bad(file, `spec.${key} must be ${rule[1]}`);
  }
  const name = (spec as Obj).name;
  const base = path.posix.basename(file).replace(/\.ya?ml$/, '');
  const expected = kind !== 'component' && base.endsWith(`.${kind}`) ? base.slice(0, -kind.length - 1) : base;
  if (name === undefined) throw bad(file, 'spec.name is missing');
  if (name !== expected) throw bad(file, `spec.name ${JSON.stringify(name)} does not match the file name (${expected})`);
  if (!isMapping(files) || !Object.values(files as Obj).every((h) => typeof h === 'string' && HASH.test(h))) {
    throw bad(file, '`files` must map each generated path to `sha256:<64 hex digits>`');
  }
  return { file, kind, spec: spec as LoadedRecord['spec'], files: files as Record<string, string> };
}

/** Every record of the repo, sorted by file name; none when `.fluxgen/components/` does not exist. */
export async function loadRecords(root: string): Promise<LoadedRecord[]> {
  const names = await readdir(path.join(root, RECORDS_DIR)).catch(() => [] as string[]);
  const records: LoadedRecord[] = [];
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = `${RECORDS_DIR}/${name}`;
    records.push(parseRecord(await readFile(path.join(root, file), 'utf8'), file));
  }
  return records;
}

/** The record of `name` when one exists (refused when broken, like every record); undefined when there is none. */
export async function readRecord(root: string, name: string, kind: RecordKind = 'component'): Promise<LoadedRecord | undefined> {
  const file = recordPath(name, kind);
  const text = await readFile(path.join(root, file), 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  return text === undefined ? undefined : parseRecord(text, file);
}

const KINDS: Record<RecordKind, { header: string }> = {
  component: {
    header:
      '# Written by fluxgen: the inputs of `fluxgen component` and a hash of each file it generated.\n' +
      '# Edit `spec` and run `fluxgen regen` to re-render; do not edit `files`.\n',
  },
  netpol: {
    header:
      '# Written by fluxgen: `fluxgen netpol` added a CiliumNetworkPolicy to this component; `files` hashes only what it generated.\n' +
      '# `fluxgen regen` re-renders that file and nothing of the component itself; do not edit `files`.\n',
  },
  monitoring: {
    header:
      '# Written by fluxgen: `fluxgen monitoring` split out or added the -monitoring part of this component; `files` hashes only what it generated or moved.\n' +
      '# `fluxgen regen` re-renders those files and nothing of the component itself; do not edit `files`.\n',
  },
  service: {
    header:
      '# Written by fluxgen: the inputs of `fluxgen service` and a hash of each file it generated.\n' +
      '# Edit `spec` and run `fluxgen regen` to re-render; do not edit `files`.\n',
  },
};

/** The record's text: the kind's header, spec fields in the kind's order (absent ones left out), files sorted; no timestamps. */
export function serializeRecord(record: FluxgenRecord<object>): string {
  const spec = record.spec as Obj;
  const ordered = {
    kind: record.kind,
    spec: Object.fromEntries(Object.keys(SPEC_FIELDS).filter((key) => spec[key] !== undefined).map((key) => [key, spec[key]])),
    files: Object.fromEntries(Object.keys(record.files).sort().map((k) => [k, record.files[k]])),
  };
  return KINDS[record.kind].header + stringify(ordered, { version: '1.1', lineWidth: 0 });
}
