/** Finds the 1-based line of a node of an object in the YAML file it came from, via the YAML library's ranges. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

interface ParsedFile {
  docs: Document.Parsed[];
  lines: LineCounter;
  text: string;
}

export type NodePath = readonly (string | number)[];

/** The object a located node belongs to: found in its file by kind and metadata.name. */
export interface LocateTarget {
  kind?: unknown;
  metadata?: { name?: unknown };
}

/** Reads and parses each file once per run; every lookup degrades to the document line, then to `fallback`. */
export class SourceLocator {
  private readonly files = new Map<string, ParsedFile | undefined>();

  constructor(private readonly root: string) {}

  /**
   * Line of `nodePath` (e.g. ['spec', 'upgrade', 'force']) inside the document of `file` that defines
   * `target`: the key's line for a map entry, the item's line for a sequence entry. When the path only
   * partly exists in the source (a patch added the rest), the deepest existing node's line.
   */
  lineOf(file: string, target: LocateTarget, nodePath: NodePath, fallback = 1): number {
    const parsed = this.parse(file);
    const doc = parsed && findDocument(parsed.docs, target);
    if (!parsed || !doc) return fallback;
    return parsed.lines.linePos(offsetOf(doc, nodePath)).line;
  }

  /**
   * Line of the first line inside the document of `file` that defines `target` which matches `test`,
   * given the keys of the line and of its ancestors by indentation. It reads through block scalars: the
   * YAML of a Flux patch (`patch: |`), even a patch inside a patch, has its keys' lines found.
   */
  lineMatching(file: string, target: LocateTarget, test: (keys: readonly string[], text: string) => boolean): number | undefined {
    const parsed = this.parse(file);
    const doc = parsed && findDocument(parsed.docs, target);
    if (!parsed || !doc) return undefined;
    const offset = scanLines(parsed.text, doc.range[0], doc.range[2], test);
    return offset === undefined ? undefined : parsed.lines.linePos(offset).line;
  }

  private parse(file: string): ParsedFile | undefined {
    if (!this.files.has(file)) {
      let parsed: ParsedFile | undefined;
      try {
        const lines = new LineCounter();
        const text = readFileSync(path.join(this.root, file), 'utf8');
        const docs = parseAllDocuments(text, { version: '1.1', lineCounter: lines });
        parsed = { docs: Array.isArray(docs) ? docs : [], lines, text };
      } catch {
        parsed = undefined;
      }
      this.files.set(file, parsed);
    }
    return this.files.get(file);
  }
}

function scalarAt(doc: Document.Parsed, keys: string[]): unknown {
  const node = doc.getIn(keys, true);
  return isScalar(node) ? node.value : undefined;
}

/** The document with the same kind and name; kustomize name prefixes/suffixes and a lone kind are tolerated. */
function findDocument(docs: readonly Document.Parsed[], target: LocateTarget): Document.Parsed | undefined {
  const sameKind = docs.filter((doc) => isMap(doc.contents) && scalarAt(doc, ['kind']) === target.kind);
  const name = target.metadata?.name;
  const exact = sameKind.find((doc) => scalarAt(doc, ['metadata', 'name']) === name);
  if (exact) return exact;
  const affixed = sameKind.filter((doc) => {
    const source = scalarAt(doc, ['metadata', 'name']);
    return typeof source === 'string' && typeof name === 'string' && source !== '' && name.includes(source);
  });
  if (affixed.length === 1) return affixed[0];
  if (sameKind.length === 1) return sameKind[0];
  const mappings = docs.filter((doc) => isMap(doc.contents));
  return mappings.length === 1 ? mappings[0] : undefined;
}

/** Offset of the deepest node of `nodePath` that exists in the document. */
function offsetOf(doc: Document.Parsed, nodePath: NodePath): number {
  let node: Node | null | undefined = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? doc.range[0];
  for (const segment of nodePath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair || !isScalar(pair.key)) break;
      offset = pair.key.range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      const item = node.items[segment] as Node | null;
      offset = item?.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

const KEY_LINE = /^(?:(["'])(.+?)\1|([^\s#'"][^:#]*?))\s*:(?:\s|$)/;

/**
 * Offset of the first line in text[from, to) that `test` accepts, given the keys of the line and its
 * ancestors (by indentation; `- ` items count as indented, comments and blank lines are skipped).
 */
function scanLines(text: string, from: number, to: number, test: (keys: readonly string[], text: string) => boolean): number | undefined {
  const stack: { indent: number; key: string }[] = [];
  let offset = from;
  for (const line of text.slice(from, to).split('\n')) {
    const start = offset;
    offset += line.length + 1;
    let indent = line.length - line.trimStart().length;
    let body = line.trim();
    while (body.startsWith('- ')) {
      indent += 2 + (body.length - 2 - body.slice(2).trimStart().length);
      body = body.slice(2).trimStart();
    }
    if (body === '' || body.startsWith('#')) continue;
    const match = KEY_LINE.exec(body);
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    if (match) stack.push({ indent, key: (match[2] ?? match[3])!.trim() });
    if (test(stack.map((entry) => entry.key), body)) return start + (line.length - line.trimStart().length);
  }
  return undefined;
}
