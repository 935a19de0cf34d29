/** Finds the 1-based line of a node of an object in the YAML file it came from, via the YAML library's ranges. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

interface ParsedFile {
  docs: Document.Parsed[];
  lines: LineCounter;
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

  private parse(file: string): ParsedFile | undefined {
    if (!this.files.has(file)) {
      let parsed: ParsedFile | undefined;
      try {
        const lines = new LineCounter();
        const docs = parseAllDocuments(readFileSync(path.join(this.root, file), 'utf8'), { version: '1.1', lineCounter: lines });
        parsed = { docs: Array.isArray(docs) ? docs : [], lines };
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
