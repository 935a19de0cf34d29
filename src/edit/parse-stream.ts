/**
 * Parses a multi-document YAML file for the editor, keeping positions and failing with file:line:col.
 *
 * A cluster file can hold thousands of documents, and one run reads it many times (the target check, the
 * editor, its verification, cluster-recreate detection, the last parse check) while it changes one of
 * them. So the file is cut into pieces at its document markers and each piece is read once per run:
 * - its plain values come from js-yaml, several times faster than composing, when that gives exactly what
 *   the YAML 1.1 composer would (no numbers, dates or YAML 1.1 words such as `yes` that the two read
 *   differently); otherwise, and whenever js-yaml refuses it, from the composer, which has the last word;
 * - its composed documents (positions, comments) are made only when an edit or a locator asks for them.
 * Unchanged text is never read twice, so an edit that appends a document reads only that document again.
 */
import { loadAll } from 'js-yaml';
import { Composer, LineCounter, Parser, visit, type Document, type YAMLError } from 'yaml';
import { FluxgenError } from '../errors.ts';

/** One document-sized piece of a file: the text from one `---` marker line to the next. */
export interface Piece {
  offset: number;
  text: string;
  /** Index of the piece's first document in the file. */
  firstDoc: number;
  /** How many documents the piece holds (usually one; none for an empty or comment-only piece). */
  count: number;
}

/** A parsed file: its text, its documents and a map from offsets to 1-based line/column. */
export interface ParsedStream {
  source: string;
  lines: LineCounter;
  pieces: readonly Piece[];
  /** Each document's plain value, as `Document.toJS()` gives it. */
  values: readonly unknown[];
  /** Every document, composed with positions counted from the start of the file (on first use). */
  readonly docs: Document.Parsed[];
}

/** The documents a piece composes to, and the first error (syntax or unresolved alias) in them. */
interface Composed {
  docs: Document.Parsed[];
  error?: { offset: number; message: string };
}

const OPTIONS = { version: '1.1', prettyErrors: false } as const;
/** Bound on each memo; past it the memo starts over (a run touches a few files). */
const MEMO_LIMIT = 20_000;
/** Composed pieces by offset and text (positions depend on where the piece sits). */
const composedMemo = new Map<string, Composed>();
/** Plain values by text alone, when js-yaml could read them faithfully (undefined: it could not). */
const quickMemo = new Map<string, unknown[] | undefined>();
const docValues = new WeakMap<Document.Parsed, unknown>();

/**
 * Parses every document of `source` as YAML 1.1 (what Kubernetes reads: `yes` is a boolean).
 * Throws INFRA_PARSE (positioned at file:line:col) on the first syntax error or unresolved alias.
 */
export function parseStream(source: string, file: string): ParsedStream {
  const lines = lineCounter(source);
  const pieces: Piece[] = [];
  const values: unknown[] = [];
  for (const { offset, text } of cut(source)) {
    const read = quickValues(text) ?? composedValues({ offset, text }, file, lines);
    pieces.push({ offset, text, firstDoc: values.length, count: read.length });
    values.push(...read);
  }
  let docs: Document.Parsed[] | undefined;
  return {
    source,
    lines,
    pieces,
    values,
    get docs() {
      docs ??= pieces.flatMap((piece) => composePiece(piece).docs);
      return docs;
    },
  };
}

/** The composed document `index` of the stream, composing only its piece. */
export function documentAt(stream: ParsedStream, index: number): Document.Parsed {
  const piece = pieceOf(stream, index);
  return composePiece(piece).docs[index - piece.firstDoc]!;
}

/** The piece that holds document `index`. */
export function pieceOf(stream: ParsedStream, index: number): Piece {
  const { pieces } = stream;
  let low = 0;
  let high = pieces.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (index < pieces[middle]!.firstDoc + pieces[middle]!.count) high = middle;
    else low = middle + 1;
  }
  return pieces[low]!;
}

/**
 * The lines of document `index` with their 1-based line numbers, when its piece holds it alone (so a line
 * read there belongs to it); undefined otherwise. Lets a reader find a top-level key's line without composing.
 */
export function linesOf(stream: ParsedStream, index: number): { line: number; text: string }[] | undefined {
  const piece = pieceOf(stream, index);
  if (piece.count !== 1) return undefined;
  const first = lineOf(stream, piece.offset);
  return piece.text.split('\n').map((text, i) => ({ line: first + i, text: text.replace(/\r$/, '') }));
}

/**
 * Cuts `source` before every line that starts a document (`---` alone or followed by a space), the place
 * where YAML ends any block or flow content. A file with directives (`%YAML`, `%TAG`) stays whole, since
 * they apply to the document after them.
 */
function cut(source: string): { offset: number; text: string }[] {
  if (/^%/m.test(source)) return [{ offset: 0, text: source }];
  const starts = [0];
  for (const marker of source.matchAll(/^---(?=[ \t\r\n]|$)/gm)) if (marker.index > 0) starts.push(marker.index);
  return starts.map((offset, i) => ({ offset, text: source.slice(offset, starts[i + 1] ?? source.length) }));
}

/** The piece's values from js-yaml, or undefined when js-yaml refuses it or might read it differently. */
function quickValues(text: string): unknown[] | undefined {
  if (quickMemo.has(text)) return quickMemo.get(text);
  // anchors and aliases go to the composer, which bounds how far aliases may expand (an alias bomb)
  const values = ANCHOR_OR_ALIAS.test(text) ? undefined : plainRead(text);
  remember(quickMemo, text, values);
  return values;
}

/** js-yaml's values of a piece, or undefined when it refuses the piece or might read it unlike the 1.1 composer. */
function plainRead(text: string): unknown[] | undefined {
  try {
    const values = /^\s*$/.test(text) ? [] : loadAll(text);
    return values.every(faithful) ? values : undefined;
  } catch {
    return undefined;
  }
}

/** An anchor (`&a`) or alias (`*a`) where YAML allows one: after a space, a line start or a flow indicator. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,])[&*][^\s,\]}]/m;

/** YAML 1.1 plain words js-yaml (YAML 1.2) reads as strings but the 1.1 composer as booleans or numbers. */
const YAML11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?[0-9][0-9_]*|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?)$/;

/** True when a value holds only what both readers agree on: strings (not YAML 1.1 words), booleans, null, lists, maps. */
function faithful(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string') return !YAML11_WORDS.test(value);
  if (Array.isArray(value)) return value.every(faithful);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value as Record<string, unknown>).every(([key, item]) => !YAML11_WORDS.test(key) && key !== '<<' && faithful(item));
  }
  return false;
}

/** The values of a piece js-yaml could not read faithfully: composed, and refused with its position on error. */
function composedValues(piece: { offset: number; text: string }, file: string, lines: LineCounter): unknown[] {
  const composed = composePiece(piece);
  if (composed.error) throw parseError(file, lines, composed.error.offset, composed.error.message);
  return composed.docs.map((doc) => {
    try {
      return valueOf(doc);
    } catch (error) {
      throw parseError(file, lines, doc.contents?.range[0] ?? doc.range[0], error instanceof Error ? error.message : String(error));
    }
  });
}

/** A composed document's plain value, once. */
function valueOf(doc: Document.Parsed): unknown {
  if (!docValues.has(doc)) docValues.set(doc, doc.toJS());
  return docValues.get(doc);
}

/** The documents of one piece, composed with positions counted from the start of the file. */
function composePiece(piece: { offset: number; text: string }): Composed {
  const key = `${piece.offset}:${piece.text}`;
  const known = composedMemo.get(key);
  if (known) return known;
  const parser = new Parser();
  parser.offset = piece.offset;
  const composer = new Composer(OPTIONS);
  const docs = [...composer.compose(parser.parse(piece.text))];
  const errors: YAMLError[] = docs.length === 0 ? composer.streamInfo().errors : docs.flatMap((doc) => doc.errors);
  const first = errors[0];
  const composed: Composed = { docs, error: first ? { offset: first.pos[0], message: first.message } : unresolvedAlias(docs) };
  remember(composedMemo, key, composed);
  return composed;
}

function remember<Value>(memo: Map<string, Value>, key: string, value: Value): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
}

function unresolvedAlias(docs: Document.Parsed[]): Composed['error'] {
  let error: Composed['error'];
  for (const doc of docs) {
    visit(doc, {
      Alias(_, alias) {
        if (alias.resolve(doc)) return undefined;
        error = { offset: alias.range?.[0] ?? 0, message: `unresolved alias *${alias.source}` };
        return visit.BREAK;
      },
    });
    if (error) return error;
  }
  return undefined;
}

/** Line starts of the whole file, as the YAML parser would have recorded them. */
function lineCounter(source: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  return lines;
}

/** Builds the INFRA_PARSE error for a position in `file`. */
export function parseError(file: string, lines: LineCounter, offset: number, reason: string, hint?: string): FluxgenError {
  const { line, col } = lines.linePos(offset);
  return new FluxgenError('INFRA_PARSE', reason, {
    position: { file, line, col },
    hint: hint ?? `Fix ${file} by hand (or restore it from git) and run again; nothing was written.`,
  });
}

/** 1-based line of an offset. */
export function lineOf(stream: ParsedStream, offset: number): number {
  return stream.lines.linePos(offset).line;
}

/** 0-based column of an offset. */
export function columnOf(stream: ParsedStream, offset: number): number {
  return stream.lines.linePos(offset).col - 1;
}
