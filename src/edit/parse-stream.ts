/** Parses a multi-document YAML file for the editor, keeping positions and failing with file:line:col. */
import { LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { FluxgenError } from '../errors.ts';

/** A parsed file: its text, its documents and a map from offsets to 1-based line/column. */
export interface ParsedStream {
  source: string;
  docs: Document.Parsed[];
  lines: LineCounter;
}

/**
 * Parses every document of `source` as YAML 1.1 (what Kubernetes reads: `yes` is a boolean).
 * Throws INFRA_PARSE (positioned at file:line:col) on the first syntax error or unresolved alias.
 */
export function parseStream(source: string, file: string): ParsedStream {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(source, { version: '1.1', prettyErrors: false, lineCounter: lines });
  const docs: Document.Parsed[] = [...parsed];
  const streamErrors = 'empty' in parsed ? parsed.errors : [];
  const first = [...streamErrors, ...docs.flatMap((doc) => doc.errors)][0];
  if (first) throw parseError(file, lines, first.pos[0], first.message);
  for (const doc of docs) {
    visit(doc, {
      Alias(_, alias) {
        if (!alias.resolve(doc)) {
          throw parseError(file, lines, alias.range?.[0] ?? 0, `unresolved alias *${alias.source}`);
        }
      },
    });
  }
  return { source, docs, lines };
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
