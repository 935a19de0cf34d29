/** The line where a Flux Kustomization is defined: its file split into documents, else read by the comment-preserving reader. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Document } from 'yaml';
import { locateKustomizations } from '../edit/read-kustomizations.ts';
import { lineOf, parseStream, type ParsedStream } from '../edit/parse-stream.ts';
import { isFluxKustomization } from './flux-object.ts';
import { scanDefinitions, type Definition } from './scan-documents.ts';

/** 1-based line of a document's first key (its `apiVersion:` as usually written), past any leading comments. */
function firstKeyLine(stream: ParsedStream, doc: Document.Parsed): number {
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
    return locateKustomizations(stream, file).map(({ kustomization, doc }) => ({
      name: kustomization.name,
      namespace: kustomization.namespace,
      line: firstKeyLine(stream, doc),
    }));
  } catch {
    return stream.docs.flatMap((doc) => {
      const value = doc.toJS() as unknown;
      if (!isFluxKustomization(value)) return [];
      return [{ name: value.metadata!.name!, namespace: value.metadata?.namespace, line: firstKeyLine(stream, doc) }];
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
      files.set(file, read(file).then((text) => (text === undefined ? [] : (scanDefinitions(text) ?? readDefinitions(text, file)))));
    }
    const named = (await files.get(file)!).filter((d) => d.name === name);
    return (named.find((d) => d.namespace === namespace) ?? named[0])?.line ?? 1;
  };
}
