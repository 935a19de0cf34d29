/** Detects how a YAML file is laid out (line ending, indentation), so edits can match it. */
import { isMap, isScalar, isSeq, visit, type Document } from 'yaml';
import { columnOf, documentAt, type ParsedStream } from './parse-stream.ts';

/** The layout habits of one file. */
export interface LineStyle {
  /** Line ending: CRLF when the file's first line ends with one. */
  eol: '\n' | '\r\n';
  /** Columns a nested mapping is indented under its key (default 2). */
  indent: number;
  /** Columns a block sequence's `-` sits right of its key: 0 for `key:\n- a`, `indent` by default. */
  seqOffset: number;
}

/** How many documents the indentation is read from: a file of thousands need not be composed for it. */
const STYLE_SAMPLE = 50;

/** Reads the file's line ending, mapping indentation and sequence indentation (most common in its first 50 documents wins). */
export function detectLineStyle(stream: ParsedStream): LineStyle {
  const { source } = stream;
  const firstNewline = source.indexOf('\n');
  const eol = firstNewline > 0 && source[firstNewline - 1] === '\r' ? '\r\n' : '\n';
  const indents: number[] = [];
  const seqOffsets: number[] = [];
  for (let index = 0; index < Math.min(stream.values.length, STYLE_SAMPLE); index += 1) {
    const widths = documentWidths(stream, documentAt(stream, index));
    indents.push(...widths.indents);
    seqOffsets.push(...widths.seqOffsets);
  }
  const indent = mostCommon(indents.filter((width) => width > 0)) ?? 2;
  const seqOffset = Math.min(mostCommon(seqOffsets.filter((width) => width >= 0)) ?? indent, indent);
  return { eol, indent, seqOffset };
}

/** The indentation widths one document uses. */
interface Widths {
  indents: number[];
  seqOffsets: number[];
}

/** Per parsed document, once per run: parse-stream.ts hands out the same document for the same text and offset. */
const widthsOf = new WeakMap<Document.Parsed, Widths>();

function documentWidths(stream: ParsedStream, doc: Document.Parsed): Widths {
  const known = widthsOf.get(doc);
  if (known) return known;
  const { source } = stream;
  const indents: number[] = [];
  const seqOffsets: number[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      const value = pair.value;
      if (!isScalar(key) || !key.range) return;
      const keyColumn = columnOf(stream, key.range[0]);
      const keyLine = stream.lines.linePos(key.range[0]).line;
      if (isMap(value) && !value.flow && isScalar(value.items[0]?.key) && value.items[0].key.range) {
        const childStart = value.items[0].key.range[0];
        if (stream.lines.linePos(childStart).line > keyLine) indents.push(columnOf(stream, childStart) - keyColumn);
      } else if (isSeq(value) && !value.flow && value.range && source[value.range[0]] === '-') {
        if (stream.lines.linePos(value.range[0]).line > keyLine) {
          seqOffsets.push(columnOf(stream, value.range[0]) - keyColumn);
        }
      }
    },
  });
  const widths = { indents, seqOffsets };
  widthsOf.set(doc, widths);
  return widths;
}

/** The most frequent value; ties go to the one seen first. */
function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}
