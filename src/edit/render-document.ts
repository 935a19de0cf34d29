/** Writes a new document through the yaml library in a file's own layout. */
import { Document, LineCounter, isSeq, parseDocument, visit } from 'yaml';
import type { LineStyle } from './line-style.ts';

/**
 * Stringifies `value` (YAML 1.1 quoting, so `"yes"` stays a string for Kubernetes) with the file's
 * indentation, sequence indentation and line ending; the result ends with a line break.
 */
export function renderDocument(value: unknown, style: LineStyle): string {
  // yaml's indentSeq:false puts `-` at indent-2, which matches hand-written files only at indent 2;
  // other offsets are reached by moving each block sequence left as a whole afterwards.
  const indentSeq = style.seqOffset > style.indent - 2;
  const libraryOffset = indentSeq ? style.indent : style.indent - 2;
  const text = new Document(value, { version: '1.1' }).toString({ indent: style.indent, indentSeq, lineWidth: 0 });
  const outdented = outdentSequences(text, libraryOffset - style.seqOffset);
  return style.eol === '\n' ? outdented : outdented.replace(/\n/g, '\r\n');
}

/** Moves every block sequence that is a mapping value `shift` columns left, nested ones cumulatively. */
function outdentSequences(text: string, shift: number): string {
  if (shift <= 0) return text;
  const counter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', lineCounter: counter });
  const lines = text.split('\n');
  const moves = new Array<number>(lines.length).fill(0);
  visit(doc, {
    Pair(_, pair) {
      const value = pair.value;
      if (!isSeq(value) || value.flow || !value.range || value.items.length === 0) return;
      const first = counter.linePos(value.range[0]).line - 1;
      const last = counter.linePos(value.range[1] - 1).line - 1;
      for (let line = first; line <= last; line++) moves[line] += shift;
    },
  });
  return lines
    .map((line, index) => {
      const spaces = line.length - line.trimStart().length;
      return line.slice(Math.min(spaces, moves[index]));
    })
    .join('\n');
}
