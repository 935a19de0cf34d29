/** Adds names to one Kustomization's spec.dependsOn by splicing text, leaving every other byte alone. */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { LineStyle } from './line-style.ts';
import { columnOf, parseError, type ParsedStream } from './parse-stream.ts';

/** A text replacement: `source.slice(start, end)` becomes `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** What an edit needs to know about the file. */
export interface EditContext {
  stream: ParsedStream;
  style: LineStyle;
  file: string;
}

/**
 * Where and what to write so that `doc`'s spec.dependsOn gains `names` (all missing, in order):
 * after the last item of a block list (same `-` column), after the last item of a flow list, inside
 * `[]`, in place of `~`/`null`, or as a new `dependsOn:` block right under the `spec:` line.
 */
export function dependsOnSplice(ctx: EditContext, doc: Document.Parsed, names: string[]): Splice {
  const specPair = isMap(doc.contents) ? findPair(doc.contents, 'spec') : undefined;
  const spec = specPair?.value;
  if (!specPair || !isMap(spec)) {
    const at = (specPair?.key as Scalar.Parsed | undefined) ?? doc.contents ?? doc;
    throw cannotEdit(ctx, at, 'its spec is not a mapping written in this document');
  }
  const pair = findPair(spec, 'dependsOn');
  if (!pair) return spec.flow ? intoFlowSpec(ctx, spec, names) : underSpecLine(ctx, specPair, spec, names);
  const value = pair.value;
  if (isSeq(value)) return value.flow ? intoFlowList(ctx, value, names) : afterLastItem(ctx, value, names);
  if (value === null || (isScalar(value) && value.value === null && value.range)) {
    const key = pair.key as Scalar.Parsed;
    if (value?.range && value.range[1] > value.range[0]) {
      return { start: value.range[0], end: value.range[1], text: flowList(names) };
    }
    return blockAfterLine(ctx, key, names);
  }
  throw cannotEdit(ctx, pair.key as Scalar.Parsed, 'its spec.dependsOn is not a list written in this document');
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isScalar(item.key) && item.key.value === key);
}

function afterLastItem(ctx: EditContext, seq: YAMLSeq, names: string[]): Splice {
  const [start, end] = seq.range!;
  const column = columnOf(ctx.stream, start);
  return insertLines(ctx, end, names.map((name) => `${' '.repeat(column)}- name: ${scalar(name)}`));
}

function blockAfterLine(ctx: EditContext, key: Scalar.Parsed, names: string[]): Splice {
  const column = columnOf(ctx.stream, key.range[0]) + ctx.style.seqOffset;
  return insertLines(ctx, key.range[1], names.map((name) => `${' '.repeat(column)}- name: ${scalar(name)}`));
}

function underSpecLine(ctx: EditContext, specPair: Pair, spec: YAMLMap, names: string[]): Splice {
  const firstKey = spec.items[0]?.key;
  if (!isScalar(firstKey) || !firstKey.range) throw cannotEdit(ctx, spec, 'its spec does not start with a plain key');
  const column = columnOf(ctx.stream, firstKey.range[0]);
  const items = names.map((name) => `${' '.repeat(column + ctx.style.seqOffset)}- name: ${scalar(name)}`);
  return insertLines(ctx, (specPair.key as Scalar.Parsed).range[1], [`${' '.repeat(column)}dependsOn:`, ...items]);
}

function intoFlowList(ctx: EditContext, seq: YAMLSeq, names: string[]): Splice {
  const end = seq.range![1];
  const last = seq.items.at(-1) as { range?: [number, number, number] } | undefined;
  const { source } = ctx.stream;
  if (!last?.range) {
    const open = source.indexOf('[', seq.range![0]) + 1;
    return { start: open, end: open, text: flowList(names).slice(1, -1) };
  }
  const spaced = /^\{\s/.test(source.slice(last.range[0], last.range[1]));
  const entries = names.map((name) => (spaced ? `{ name: ${scalar(name)} }` : `{name: ${scalar(name)}}`));
  const multiline = source.slice(last.range[1], end).includes('\n');
  const separator = multiline ? `,${ctx.style.eol}${' '.repeat(columnOf(ctx.stream, last.range[0]))}` : ', ';
  return { start: last.range[1], end: last.range[1], text: entries.map((entry) => separator + entry).join('') };
}

function intoFlowSpec(ctx: EditContext, spec: YAMLMap, names: string[]): Splice {
  const firstKey = spec.items[0]?.key;
  if (isScalar(firstKey) && firstKey.range) {
    return { start: firstKey.range[0], end: firstKey.range[0], text: `dependsOn: ${flowList(names)}, ` };
  }
  return { start: spec.range![0], end: spec.range![1], text: `{dependsOn: ${flowList(names)}}` };
}

/** Inserts whole lines at the start of the line after `offset` (or at the end of a file without final newline). */
function insertLines(ctx: EditContext, offset: number, lines: string[]): Splice {
  const { source } = ctx.stream;
  const { eol } = ctx.style;
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  if (source.slice(lineStart, offset).trim() === '') {
    return { start: lineStart, end: lineStart, text: lines.map((line) => line + eol).join('') };
  }
  const newline = source.indexOf('\n', offset);
  if (newline === -1) return { start: source.length, end: source.length, text: lines.map((line) => eol + line).join('') };
  return { start: newline + 1, end: newline + 1, text: lines.map((line) => line + eol).join('') };
}

function flowList(names: string[]): string {
  return `[${names.map((name) => `{name: ${scalar(name)}}`).join(', ')}]`;
}

/** A name as a YAML scalar: plain when it reads back as the same string in YAML 1.1 flow context. */
function scalar(name: string): string {
  const plain = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(name) && parseDocument(`[${name}]`, { version: '1.1' }).toJS()?.[0] === name;
  return plain ? name : JSON.stringify(name);
}

function cannotEdit(ctx: EditContext, node: { range?: [number, number, number] | null }, why: string) {
  const hint = `Add the dependsOn entries to ${ctx.file} by hand, or rewrite spec as a plain mapping; nothing was written.`;
  return parseError(ctx.file, ctx.stream.lines, node.range?.[0] ?? 0, `cannot add spec.dependsOn: ${why}`, hint);
}
