/** The line where a Flux Kustomization is defined, read off its document's lines (composed only when they are ambiguous). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { locateKustomizations } from '../edit/read-kustomizations.ts';
import { documentAt, lineOf, linesOf, parseStream, type ParsedStream } from '../edit/parse-stream.ts';
import { isFluxKustomization } from './flux-object.ts';

/** Where a Flux Kustomization is defined. */
export interface Definition {
  name: string;
  namespace?: string;
  /** 1-based line of the document's first key. */
  line: number;
}

/** 1-based line of a document's first key (its `apiVersion:` as usually written), past any leading comments. */
function firstKeyLine(stream: ParsedStream, index: number): number {
  const first = linesOf(stream, index)?.find((line) => !/^(---|%.*)?\s*(#.*)?$/.test(line.text));
  if (first && !first.text.startsWith('---')) return first.line;
  const doc = documentAt(stream, index);
  return lineOf(stream, doc.contents?.range[0] ?? doc.range[0]);
}

/**
 * Every Flux Kustomization document of a file, by the comment-preserving reader; a file it refuses (two of
 * one name) is scanned document by document.
 */
export function readDefinitions(source: string, file: string): Definition[] {
  let stream: ParsedStream;
  try {
    stream = parseStream(source, file);
  } catch {
    return [];
  }
  try {
    return locateKustomizations(stream, file).map((kustomization) => ({
      name: kustomization.name,
      namespace: kustomization.namespace,
      line: firstKeyLine(stream, kustomization.docIndex),
    }));
  } catch {
    return stream.values.flatMap((value, index) => {
      if (!isFluxKustomization(value)) return [];
      return [{ name: value.metadata!.name!, namespace: value.metadata?.namespace, line: firstKeyLine(stream, index) }];
    });
  }
}

/**
 * A locator over the repo at `root`: `(file, name, namespace)` → the line of the document defining that
 * Kustomization (namespace breaks ties), or 1 when the file does not show it by that name. Each file is read once,
 * from `overlay` when the run has changed it.
 */
export function createDefinitionLocator(
  root: string,
  overlay: ReadonlyMap<string, string | null> = new Map(),
): (file: string, name: string, namespace?: string) => Promise<number> {
  const files = new Map<string, Promise<Definition[]>>();
  const read = async (file: string) => (overlay.has(file) ? (overlay.get(file) ?? undefined) : readFile(path.join(root, file), 'utf8').catch(() => undefined));
  return async (file, name, namespace) => {
    if (!files.has(file)) {
      files.set(file, read(file).then((text) => (text === undefined ? [] : readDefinitions(text, file))));
    }
    const named = (await files.get(file)!).filter((d) => d.name === name);
    return (named.find((d) => d.namespace === namespace) ?? named[0])?.line ?? 1;
  };
}
