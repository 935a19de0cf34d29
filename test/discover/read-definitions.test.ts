import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readDefinitions } from '../../src/discover/locate-definition.ts';
import { isFluxKustomization } from '../../src/discover/flux-object.ts';
import { listYamlFiles } from '../../src/discover/repo-files.ts';
import { EXAMPLE, FIXTURES } from '../helpers/repo.ts';
import { CORPUS, skipUnlessShared } from '../helpers/shared.ts';

const ks = (name: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n${extra}spec:\n  path: ./x\n`;

/** The definitions a whole-file composed parse gives: each Flux Kustomization with the line of its first key. */
function composedDefinitions(text: string) {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter: lines });
  return [...docs].flatMap((doc) => {
    const value = doc.toJS() as unknown;
    if (!isFluxKustomization(value)) return [];
    return [{ name: value.metadata!.name!, namespace: value.metadata?.namespace, line: lines.linePos(doc.contents?.range[0] ?? doc.range[0]).line }];
  });
}

/** Checks readDefinitions against the composed parse on every YAML file under the roots; returns how many definitions they hold. */
async function agreeOn(roots: string[]): Promise<number> {
  let definitions = 0;
  for (const root of roots) {
    for (const file of (await listYamlFiles(root)).map((rel) => path.join(root, rel))) {
      const text = await readFile(file, 'utf8');
      if (parseAllDocuments(text).some((doc) => doc.errors.length > 0)) continue;
      const found = readDefinitions(text, file);
      expect(found, file).toEqual(composedDefinitions(text));
      definitions += found.length;
    }
  }
  return definitions;
}

describe('readDefinitions (definition lines, read off the document lines)', () => {
  it('agrees with a whole-file composed parse on every fixture and example file', async () => {
    expect(await agreeOn([FIXTURES, EXAMPLE])).toBeGreaterThan(40);
  });

  it.skipIf(skipUnlessShared())('agrees with a whole-file composed parse on every corpus file', async () => {
    expect(await agreeOn([CORPUS])).toBeGreaterThan(240);
  });

  it('handles CRLF, comments on markers, end markers and a first document without a marker', () => {
    const text = [`# head`, ks('a'), `--- # second`, `# about b`, ks('b', '  namespace: apps\n'), '...', '---', ks('c')].join('\n').replace(/\n/g, '\r\n');
    expect(readDefinitions(text, 'f.yaml')).toEqual([
      { name: 'a', namespace: undefined, line: 2 },
      { name: 'b', namespace: 'apps', line: 11 },
      { name: 'c', namespace: undefined, line: 21 },
    ]);
    expect(readDefinitions(text, 'f.yaml')).toEqual(composedDefinitions(text));
  });

  it('composes what its lines cannot tell: content on a marker line, a directive', () => {
    const onMarker = `--- ${'{apiVersion: kustomize.toolkit.fluxcd.io/v1, kind: Kustomization, metadata: {name: a}}'}\n`;
    expect(readDefinitions(onMarker, 'f.yaml')).toEqual([{ name: 'a', namespace: undefined, line: 1 }]);
    expect(readDefinitions(`%YAML 1.1\n---\n${ks('a')}`, 'f.yaml')).toEqual([{ name: 'a', namespace: undefined, line: 3 }]);
  });

  it('reads nothing from a file that does not parse', () => {
    expect(readDefinitions(`${ks('a')}---\nkey: [unclosed\n`, 'f.yaml')).toEqual([]);
  });
});
