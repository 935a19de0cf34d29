/**
 * The fast path to a Kustomization's line: split the file at its document markers and read each document
 * with js-yaml. On a 120-document infrastructure.yaml this costs a tenth of a full parse with positions;
 * anything unusual (`--- content` on the marker line, a document js-yaml refuses) returns undefined so the
 * caller falls back to the comment-preserving reader, which it is tested to agree with.
 */
import { load } from 'js-yaml';
import { isFluxKustomization } from './flux-object.ts';

export interface Definition {
  name: string;
  namespace?: string;
  /** 1-based line of the document's first key. */
  line: number;
}

const MARKER = /^(---|\.\.\.)(?=\s|$)(.*)$/;
const NOT_CONTENT = /^\s*(#.*)?$/;

/** Every Flux Kustomization document of `source`, or undefined when the fast path cannot be sure. */
export function scanDefinitions(source: string): Definition[] | undefined {
  const lines = source.split('\n').map((line) => line.replace(/\r$/, ''));
  const found: Definition[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i += 1) {
    const marker = i < lines.length ? MARKER.exec(lines[i]!) : null;
    if (i < lines.length && !marker) continue;
    if (marker && !NOT_CONTENT.test(marker[2]!)) return undefined;
    const body = lines.slice(start, i);
    start = i + 1;
    const first = body.findIndex((line) => !NOT_CONTENT.test(line));
    if (first === -1) continue;
    if (body[first]!.startsWith('%')) return undefined;
    let value: unknown;
    try {
      value = load(body.join('\n'));
    } catch {
      return undefined;
    }
    if (!isFluxKustomization(value)) continue;
    found.push({ name: value.metadata!.name!, namespace: value.metadata?.namespace, line: i - body.length + first + 1 });
  }
  return found;
}
