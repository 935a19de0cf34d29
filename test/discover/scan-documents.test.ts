import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDefinitions } from '../../src/discover/locate-definition.ts';
import { scanDefinitions } from '../../src/discover/scan-documents.ts';
import { listYamlFiles } from '../../src/discover/repo-files.ts';
import { CORPUS, EXAMPLE, FIXTURES } from '../helpers/repo.ts';

const ks = (name: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n${extra}spec:\n  path: ./x\n`;

describe('scanDefinitions (the fast path to definition lines)', () => {
  it('agrees with the comment-preserving reader on every corpus file, fixture and example file', async () => {
    const sources = [
      ...(await listYamlFiles(CORPUS)).map((file) => path.join(CORPUS, file)),
      ...(await listYamlFiles(FIXTURES)).map((file) => path.join(FIXTURES, file)),
      ...(await listYamlFiles(EXAMPLE)).map((file) => path.join(EXAMPLE, file)),
    ];
    let definitions = 0;
    for (const file of sources) {
      const text = await readFile(file, 'utf8');
      const fast = scanDefinitions(text);
      expect(fast, file).toBeDefined();
      expect(fast, file).toEqual(readDefinitions(text, file));
      definitions += fast!.length;
    }
    expect(definitions).toBeGreaterThan(270);
  });

  it('handles CRLF, comments on markers, end markers and a first document without a marker', () => {
    const text = [`# head`, ks('a'), `--- # second`, `# about b`, ks('b', '  namespace: apps\n'), '...', '---', ks('c')].join('\n').replace(/\n/g, '\r\n');
    expect(scanDefinitions(text)).toEqual([
      { name: 'a', namespace: undefined, line: 2 },
      { name: 'b', namespace: 'apps', line: 11 },
      { name: 'c', namespace: undefined, line: 21 },
    ]);
    expect(scanDefinitions(text)).toEqual(readDefinitions(text, 'f.yaml'));
  });

  it('gives up (undefined) on content after a marker, a directive or a document js-yaml refuses', () => {
    expect(scanDefinitions(`--- ${'{a: 1}'}\n`)).toBeUndefined();
    expect(scanDefinitions(`%YAML 1.2\n---\n${ks('a')}`)).toBeUndefined();
    expect(scanDefinitions(`${ks('a')}---\nkey: [unclosed\n`)).toBeUndefined();
  });
});
