import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDefinitions } from '../../src/discover/locate-definition.ts';
import { scanDefinitions } from '../../src/discover/scan-documents.ts';
import { listYamlFiles } from '../../src/discover/repo-files.ts';
import { EXAMPLE, FIXTURES } from '../helpers/repo.ts';
import { CORPUS, skipUnlessShared } from '../helpers/shared.ts';

const ks = (name: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n${extra}spec:\n  path: ./x\n`;

/** Checks scanDefinitions against readDefinitions on every YAML file under the roots; returns how many definitions they hold. */
async function agreeOn(roots: string[]): Promise<number> {
  let definitions = 0;
  for (const root of roots) {
    for (const file of (await listYamlFiles(root)).map((rel) => path.join(root, rel))) {
      const text = await readFile(file, 'utf8');
      const fast = scanDefinitions(text);
      expect(fast, file).toBeDefined();
      expect(fast, file).toEqual(readDefinitions(text, file));
      definitions += fast!.length;
    }
  }
  return definitions;
}

describe('scanDefinitions (the fast path to definition lines)', () => {
  it('agrees with the comment-preserving reader on every fixture and example file', async () => {
    expect(await agreeOn([FIXTURES, EXAMPLE])).toBeGreaterThan(40);
  });

  it.skipIf(skipUnlessShared())('agrees with the comment-preserving reader on every corpus file', async () => {
    expect(await agreeOn([CORPUS])).toBeGreaterThan(240);
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
