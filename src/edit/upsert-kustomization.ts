/** The infrastructure.yaml editor: appends or updates Flux Kustomizations, keeping every other byte. */
import { FluxgenError } from '../errors.ts';
import { dependsOnSplice } from './add-depends-on.ts';
import { detectLineStyle, type LineStyle } from './line-style.ts';
import { documentAt, parseStream } from './parse-stream.ts';
import { dependsOnNames, locateKustomizations, readKustomizations } from './read-kustomizations.ts';
import { renderDocument } from './render-document.ts';

/** One Kustomization that must exist, with at least these dependsOn names. */
export interface KustomizationRequest {
  name: string;
  /** Full object to append when no Kustomization of that name exists. */
  document: Record<string, unknown>;
  /** REVIEW lines, written as `# ...` comment lines directly above an appended document. */
  comments?: string[];
  /** Names that must be in spec.dependsOn; missing ones are added, none removed. */
  dependsOn: string[];
}

/** The new file text and what happened to it. */
export interface UpsertResult {
  source: string;
  action: 'created' | 'updated' | 'unchanged';
}

/** Several upserts: `action` is 'created' if any was, else 'updated' if any was, else 'unchanged'. */
export interface UpsertManyResult extends UpsertResult {
  actions: UpsertResult['action'][];
}

/**
 * Pure text-to-text edit of a multi-document file. A missing Kustomization is appended as a new
 * document (`---` separator unless the file is empty, in the file's indentation and line ending);
 * an existing one only gains the missing dependsOn names, spliced in place. Nothing else changes,
 * and the same request twice returns the identical string with 'unchanged'.
 */
export function upsertKustomization(source: string, request: KustomizationRequest, file: string): UpsertResult {
  checkRequest(request);
  const stream = parseStream(source, file);
  const located = locateKustomizations(stream, file);
  const style = detectLineStyle(stream);
  const wanted = [...new Set(request.dependsOn)];
  const existing = located.find((entry) => entry.name === request.name);
  if (!existing) {
    const text = appendDocument(source, request, wanted, style);
    verify(text, file, request.name, wanted, located.length + 1);
    return { source: text, action: 'created' };
  }
  const current = existing.dependsOn;
  const missing = wanted.filter((name) => !current.includes(name));
  if (missing.length === 0) return { source, action: 'unchanged' };
  const splice = dependsOnSplice({ stream, style, file }, documentAt(stream, existing.docIndex), missing);
  const text = source.slice(0, splice.start) + splice.text + source.slice(splice.end);
  verify(text, file, request.name, [...current, ...missing], located.length);
  return { source: text, action: 'updated' };
}

/** Applies `requests` in order, each to the result of the previous one. */
export function upsertKustomizations(source: string, requests: KustomizationRequest[], file: string): UpsertManyResult {
  let text = source;
  const actions: UpsertResult['action'][] = [];
  for (const request of requests) {
    const result = upsertKustomization(text, request, file);
    text = result.source;
    actions.push(result.action);
  }
  const action = actions.includes('created') ? 'created' : actions.includes('updated') ? 'updated' : 'unchanged';
  return { source: text, action, actions };
}

function appendDocument(source: string, request: KustomizationRequest, names: string[], style: LineStyle): string {
  const { eol } = style;
  const separator = source === '' ? '' : `${source.endsWith('\n') ? '' : eol}---${eol}`;
  const comments = (request.comments ?? [])
    .flatMap((comment) => comment.split(/\r?\n/))
    .map((line) => (line === '' ? '#' : `# ${line}`) + eol)
    .join('');
  return source + separator + comments + renderDocument(withDependsOn(request.document, names), style);
}

/** A copy of `document` whose spec.dependsOn also lists `names` (appended as `{name}` entries). */
function withDependsOn(document: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const copy = structuredClone(document);
  const present = dependsOnNames((copy.spec as Record<string, unknown> | undefined)?.dependsOn);
  const missing = names.filter((name) => !present.includes(name));
  if (missing.length === 0) return copy;
  const spec = (copy.spec ??= {}) as Record<string, unknown>;
  const current = Array.isArray(spec.dependsOn) ? spec.dependsOn : [];
  spec.dependsOn = [...current, ...missing.map((name) => ({ name }))];
  return copy;
}

function checkRequest(request: KustomizationRequest): void {
  const { document } = request;
  const metadata = document.metadata as Record<string, unknown> | undefined;
  const isFlux = typeof document.apiVersion === 'string' && document.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/');
  if (!isFlux || document.kind !== 'Kustomization' || metadata?.name !== request.name) {
    throw new FluxgenError('BAD_INPUT', `request for "${request.name}" does not carry a Flux Kustomization named "${request.name}"`);
  }
  const spec = document.spec;
  if (spec !== undefined && (typeof spec !== 'object' || spec === null || Array.isArray(spec))) {
    throw new FluxgenError('BAD_INPUT', `request for "${request.name}": spec must be a mapping`);
  }
}

/** Re-reads the edited text: a failed edit must stop here rather than reach the disk. */
function verify(text: string, file: string, name: string, dependsOn: string[], count: number): void {
  let ok = false;
  let cause: unknown;
  try {
    const all = readKustomizations(text, file);
    const edited = all.find((entry) => entry.name === name);
    ok = all.length === count && edited !== undefined && dependsOn.every((dep) => edited.dependsOn.includes(dep));
  } catch (error) {
    cause = error;
  }
  if (!ok) {
    throw new FluxgenError('INFRA_PARSE', `could not edit Kustomization "${name}" without breaking the file`, {
      position: { file },
      hint: 'Add the Kustomization or its dependsOn by hand; nothing was written. Please report this file to fluxgen.',
      cause,
    });
  }
}
