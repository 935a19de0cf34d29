/** The graph reader: the Flux Kustomizations of a multi-document file, with where they are. */
import { isMap, isScalar, type Document } from 'yaml';
import { FluxgenError } from '../errors.ts';
import { documentAt, lineOf, parseStream, pieceOf, type ParsedStream } from './parse-stream.ts';

/** A Flux Kustomization as the graph sees it. */
export interface FluxKustomization {
  name: string;
  namespace?: string;
  dependsOn: string[];
  path?: string;
  wait?: boolean;
  timeout?: string;
  prune?: boolean;
  interval?: string;
  /** spec.sourceRef as written (which source the path is read from). */
  sourceRef?: { kind?: string; name?: string; namespace?: string };
  docIndex: number;
  line: number;
}

/**
 * Parses every document; returns the Flux Kustomizations (apiVersion kustomize.toolkit.fluxcd.io/*,
 * kind Kustomization). Other kinds and empty docs are ignored. Throws INFRA_PARSE on invalid YAML and
 * INFRA_DUPLICATE when two Kustomizations share a metadata.name.
 */
export function readKustomizations(source: string, file: string): FluxKustomization[] {
  return locateKustomizations(parseStream(source, file), file);
}

/** The last few files located, by file name and text: one run locates the same cluster file several times. */
const locatedMemo = new Map<string, FluxKustomization[]>();

/** Finds the Kustomizations of an already parsed file (see readKustomizations), composing none of its documents. */
export function locateKustomizations(stream: ParsedStream, file: string): FluxKustomization[] {
  const key = `${file}\0${stream.source}`;
  let found = locatedMemo.get(key);
  if (!found) {
    found = locate(stream, file);
    if (locatedMemo.size >= 8) locatedMemo.clear();
    locatedMemo.set(key, found);
  }
  return found.map((k) => ({ ...k, dependsOn: [...k.dependsOn], ...(k.sourceRef && { sourceRef: { ...k.sourceRef } }) }));
}

function locate(stream: ParsedStream, file: string): FluxKustomization[] {
  const found: FluxKustomization[] = [];
  const byName = new Map<string, FluxKustomization>();
  stream.values.forEach((value, docIndex) => {
    if (!isFluxKustomization(value)) return;
    const name = record(value.metadata)?.name;
    if (typeof name !== 'string') return;
    const line = kindLine(stream, docIndex);
    const previous = byName.get(name);
    if (previous) {
      throw new FluxgenError(
        'INFRA_DUPLICATE',
        `Kustomization "${name}" is defined twice, at lines ${previous.line} and ${line}`,
        { position: { file, line }, hint: `Remove or rename one of the two documents in ${file}; fluxgen cannot tell which one to edit.` },
      );
    }
    const kustomization = toKustomization(value, name, docIndex, line);
    byName.set(name, kustomization);
    found.push(kustomization);
  });
  return found;
}

/** 1-based line of the document's top-level `kind:` key: read off its text when only one line can be it, else composed. */
function kindLine(stream: ParsedStream, docIndex: number): number {
  const piece = pieceOf(stream, docIndex);
  if (piece.count === 1) {
    const keys = [...piece.text.matchAll(/^kind[ \t]*:/gm)];
    if (keys.length === 1) return lineOf(stream, piece.offset + keys[0]!.index);
  }
  const doc = documentAt(stream, docIndex);
  return lineOf(stream, kindOffset(doc) ?? doc.contents?.range[0] ?? doc.range[0]);
}

type Obj = Record<string, unknown>;

function record(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

function isFluxKustomization(value: unknown): value is Obj {
  const obj = record(value);
  return (
    obj !== undefined &&
    typeof obj.apiVersion === 'string' &&
    obj.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') &&
    obj.kind === 'Kustomization'
  );
}

function toKustomization(obj: Obj, name: string, docIndex: number, line: number): FluxKustomization {
  const metadata = record(obj.metadata) ?? {};
  const spec = record(obj.spec) ?? {};
  const result: FluxKustomization = { name, dependsOn: dependsOnNames(spec.dependsOn), docIndex, line };
  if (typeof metadata.namespace === 'string') result.namespace = metadata.namespace;
  if (typeof spec.path === 'string') result.path = spec.path;
  if (typeof spec.wait === 'boolean') result.wait = spec.wait;
  if (typeof spec.timeout === 'string') result.timeout = spec.timeout;
  if (typeof spec.prune === 'boolean') result.prune = spec.prune;
  if (typeof spec.interval === 'string') result.interval = spec.interval;
  const sourceRef = record(spec.sourceRef);
  if (sourceRef) result.sourceRef = { ...sourceRef } as FluxKustomization['sourceRef'];
  return result;
}

/** Names of spec.dependsOn; entries may be `{name, namespace}` objects or bare strings. */
export function dependsOnNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const name = typeof entry === 'string' ? entry : record(entry)?.name;
    return typeof name === 'string' ? [name] : [];
  });
}

function kindOffset(doc: Document.Parsed): number | undefined {
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === 'kind');
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}
