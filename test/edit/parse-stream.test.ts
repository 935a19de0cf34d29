import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseStream } from '../../src/edit/parse-stream.ts';
import { readKustomizations } from '../../src/edit/read-kustomizations.ts';
import { upsertKustomization } from '../../src/edit/upsert-kustomization.ts';
import { CORPUS, describeShared, sharedAvailable } from '../helpers/shared.ts';
import { fluxFileArbitrary } from './arbitraries.ts';
import { kustomizationDocument } from './check-scenario.ts';

/** What a whole-file parse says about `source`: each document's value and content range, or the first error's offset. */
function wholeFile(source: string) {
  const docs = parseAllDocuments(source, { version: '1.1', prettyErrors: false });
  const errors = ('empty' in docs ? docs.errors : []).concat(...[...docs].map((doc) => doc.errors));
  if (errors.length > 0) return { error: true };
  return { docs: [...docs].map((doc) => ({ value: doc.toJS(), contents: doc.contents?.range ?? null })) };
}

/** The same through parseStream, which composes the file one document at a time. */
function byPieces(source: string) {
  try {
    const stream = parseStream(source, 'f.yaml');
    // the plain values are read first (by js-yaml where faithful), the documents composed afterwards
    const values = [...stream.values];
    return { docs: stream.docs.map((doc, i) => ({ value: values[i], contents: doc.contents?.range ?? null })) };
  } catch {
    return { error: true };
  }
}

const corpus = sharedAvailable() ? (readdirSync(CORPUS, { recursive: true }) as string[]).filter((file) => file.endsWith('.yaml')).sort() : [];

describe('parseStream composes a file document by document', () => {
  it('gives the documents, values and positions of a whole-file parse for generated Flux files', () => {
    fc.assert(
      fc.property(fluxFileArbitrary, (file) => {
        expect(byPieces(file.source)).toEqual(wholeFile(file.source));
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it.each([
    ['a file that starts with a marker', '---\na: 1\n---\nb: 2\n'],
    ['comments before the first marker', '# head\n---\na: 1\n'],
    ['a marker with content on its line', '--- {a: 1}\n--- !!str b\n'],
    ['a document end marker and a bare document after it', 'a: 1\n...\nb: 2\n'],
    ['CRLF line ends', 'a: 1\r\n---\r\nb: 2\r\n'],
    ['a block scalar that a marker ends', 'a: |\n  x\n---\nb: 2\n'],
    ['a directive, kept whole', '%YAML 1.1\n---\na: yes\n'],
    ['an empty file', ''],
    ['only a marker', '---\n'],
    ['`----` is not a marker', 'a: |\n  x\n----\n'],
    ['YAML 1.1 words and numbers', 'a: yes\nb: off\nc: 0755\nd: 1:20\ne: 1_000\nf: y\n---\non: 1\n---\ng: "yes"\nh: 2001-12-14\n'],
    ['merge keys and anchors', 'base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n---\nl: &l [a]\nk: *l\n'],
    ['custom tags', 'a: !secret x\nb: !!binary aGk=\n'],
  ])('agrees with the whole-file parse on %s', (_, source) => {
    expect(byPieces(source)).toEqual(wholeFile(source));
  });

  it.each([
    ['a syntax error in a later document (at the end of the file)', 'a: 1\n---\nb: [\n', 4],
    ['an unresolved alias', 'a: 1\n---\nb: *nowhere\n', 3],
    ['a quoted scalar cut by a marker (where the marker cuts it)', 'a: "x\n---\nb: 2"\n', 2],
  ])('refuses %s with its line', (_, source, line) => {
    expect(() => parseStream(source, 'f.yaml')).toThrow(expect.objectContaining({ code: 'INFRA_PARSE', position: expect.objectContaining({ file: 'f.yaml', line }) }));
  });

  it('hands out the same documents for unchanged text, so an appended document is the only one composed again', () => {
    const source = 'a: 1\n---\nb: 2\n';
    const before = parseStream(source, 'f.yaml').docs;
    const after = parseStream(`${source}---\nc: 3\n`, 'f.yaml').docs;
    expect(after.slice(0, 2)).toEqual(before);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
  });
});

describeShared('parseStream on the real-world corpus', () => {
  it.each(corpus)('%s parses as a whole-file parse does', (file) => {
    const source = readFileSync(path.join(CORPUS, file), 'utf8');
    expect(byPieces(source)).toEqual(wholeFile(source));
  });
});

describe('the editor on a 3,000-document cluster file', () => {
  const doc = (i: number) =>
    [
      `# filler-${i}: one of many`,
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata:',
      `  name: filler-${String(i).padStart(4, '0')}`,
      '  namespace: flux-system',
      'spec:',
      '  dependsOn:',
      '    - name: cilium',
      `  path: ./namespaces/filler-${i}`,
      '',
    ].join('\n');
  const source = Array.from({ length: 3000 }, (_, i) => doc(i)).join('---\n');

  it('appends one document after the untouched 3,000', () => {
    const result = upsertKustomization(source, { name: 'redis', document: kustomizationDocument('redis'), dependsOn: ['filler-0007'] }, 'infrastructure.yaml');
    expect(result.action).toBe('created');
    expect(result.source.startsWith(source)).toBe(true);
    const added = result.source.slice(source.length);
    expect(added.startsWith('---\n')).toBe(true);
    expect(added.match(/^---$/gm)).toHaveLength(1);
    const all = readKustomizations(result.source, 'infrastructure.yaml');
    expect(all).toHaveLength(3001);
    expect(all.at(-1)).toMatchObject({ name: 'redis', dependsOn: ['filler-0007'], docIndex: 3000 });
  });

  it('splices a dependsOn into document 1,500 and keeps every byte before and after it', () => {
    const result = upsertKustomization(source, { name: 'filler-1500', document: kustomizationDocument('filler-1500'), dependsOn: ['cilium', 'cert-manager'] }, 'infrastructure.yaml');
    expect(result.action).toBe('updated');
    const at = source.indexOf('    - name: cilium\n', source.indexOf('name: filler-1500\n')) + '    - name: cilium\n'.length;
    expect(result.source).toBe(`${source.slice(0, at)}    - name: cert-manager\n${source.slice(at)}`);
    expect(readKustomizations(result.source, 'infrastructure.yaml')[1500].dependsOn).toEqual(['cilium', 'cert-manager']);
  });
});
