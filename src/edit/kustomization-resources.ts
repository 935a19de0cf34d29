/**
 * Edits the `resources:` list of a kustomization.yaml in place: entries are appended after the last
 * one in its own indentation (or inside its `[...]`), or their lines removed; every other byte is kept.
 * Pure text to text, like the infrastructure.yaml editor; the same request twice changes nothing.
 */
import { isMap, isScalar, isSeq, stringify, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { FluxgenError } from '../errors.ts';
import { detectLineStyle } from './line-style.ts';
import { parseStream, type ParsedStream } from './parse-stream.ts';

/** `./a.yaml` and `a.yaml` name the same resource. */
function same(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.replace(/^\.\//, '') === b.replace(/^\.\//, '');
}

function plain(entry: string): string {
  return stringify(entry, { version: '1.1', lineWidth: 0 }).replace(/\n$/, '');
}

interface Located {
  stream: ParsedStream;
  root: YAMLMap;
  /** The `resources` pair's key, when there is one. */
  key?: Scalar;
  list?: YAMLSeq;
}

function locate(source: string, file: string): Located {
  const stream = parseStream(source, file);
  const root = stream.docs[0]?.contents;
  if (stream.docs.length !== 1 || !isMap(root)) {
    throw new FluxgenError('BAD_KUSTOMIZATION', `${file} is not one kustomization mapping`, { hint: `fix ${file} so that kustomize can build it, then run the command again` });
  }
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'resources');
  if (pair && pair.value !== null && !isSeq(pair.value) && !(isScalar(pair.value) && pair.value.value === null)) {
    throw new FluxgenError('BAD_KUSTOMIZATION', `resources in ${file} is not a list`, { hint: `make resources a list of files and folders in ${file}` });
  }
  return { stream, root, key: pair?.key as Scalar | undefined, list: isSeq(pair?.value) ? pair.value : undefined };
}

const lineStart = (source: string, offset: number) => source.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (source: string, offset: number) => {
  const at = source.indexOf('\n', offset);
  return at === -1 ? source.length : at;
};
const withoutCr = (source: string, end: number) => (source[end - 1] === '\r' ? end - 1 : end);

/** `source` with `entries` appended to `resources:` (created when absent); entries already listed are skipped. */
export function addResources(source: string, entries: readonly string[], file: string): string {
  const { stream, root, key, list } = locate(source, file);
  const listed = (list?.items ?? []).map((item) => (isScalar(item) ? item.value : undefined));
  const missing = entries.filter((entry, i) => !listed.some((v) => same(v, entry)) && entries.indexOf(entry) === i);
  if (missing.length === 0) return source;
  const style = detectLineStyle(stream);
  const last = list?.items.at(-1) as Scalar | undefined;
  if (list?.flow) {
    const close = list.range![1] - 1;
    const at = source.lastIndexOf(']', close);
    return source.slice(0, at) + (list.items.length > 0 ? ', ' : '') + missing.map(plain).join(', ') + source.slice(at);
  }
  if (last?.range) {
    const start = lineStart(source, last.range[0]);
    const prefix = source.slice(start, last.range[0]);
    const end = withoutCr(source, lineEnd(source, last.range[1]));
    return source.slice(0, end) + missing.map((entry) => `${style.eol}${prefix}${plain(entry)}`).join('') + source.slice(end);
  }
  const lines = missing.map((entry) => `${' '.repeat(style.seqOffset)}- ${plain(entry)}`).join(style.eol);
  if (key?.range) {
    // `resources:` with no value: the list goes under the key
    const end = withoutCr(source, lineEnd(source, key.range[1]));
    return `${source.slice(0, end)}${style.eol}${lines}${source.slice(end)}`;
  }
  const end = root.range![2];
  const head = source.slice(0, end);
  const sep = head.length === 0 || head.endsWith('\n') ? '' : style.eol;
  return `${head}${sep}resources:${style.eol}${lines}${style.eol}${source.slice(end)}`;
}

/** `source` without the `resources:` entries in `entries` (each entry's whole line in a block list). */
export function removeResources(source: string, entries: readonly string[], file: string): string {
  const { list } = locate(source, file);
  if (!list) return source;
  const doomed = list.items.filter((item) => isScalar(item) && entries.some((entry) => same(item.value, entry))) as Scalar[];
  if (doomed.length === 0) return source;
  if (list.flow) {
    const kept = list.items.filter((item) => !doomed.includes(item as Scalar)).map((item) => source.slice((item as Scalar).range![0], (item as Scalar).range![1]));
    return `${source.slice(0, list.range![0])}[${kept.join(', ')}]${source.slice(list.range![1])}`;
  }
  if (doomed.length === list.items.length) {
    // an empty block list would read as null: `[]` keeps it a list
    const start = list.range![0];
    const keyEnd = source.lastIndexOf(':', start) + 1;
    const end = withoutCr(source, lineEnd(source, (list.items.at(-1) as Scalar).range![1]));
    return `${source.slice(0, keyEnd)} []${source.slice(end)}`;
  }
  let out = source;
  for (const item of [...doomed].sort((a, b) => b.range![0] - a.range![0])) {
    const start = lineStart(out, item.range![0]);
    const end = lineEnd(out, item.range![1]);
    out = out.slice(0, start) + out.slice(Math.min(end + 1, out.length));
  }
  return out;
}
