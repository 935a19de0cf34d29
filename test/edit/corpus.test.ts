import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readKustomizations } from '../../src/edit/read-kustomizations.ts';
import { upsertKustomization } from '../../src/edit/upsert-kustomization.ts';
import { CORPUS, describeShared, sharedAvailable } from '../helpers/shared.ts';
import { kustomizationDocument } from './check-scenario.ts';

const files = sharedAvailable() ? (readdirSync(CORPUS, { recursive: true }) as string[]).filter((file) => file.endsWith('.yaml')).sort() : [];
const read = (file: string) => readFileSync(path.join(CORPUS, file), 'utf8');
const docRanges = (source: string) => parseAllDocuments(source).map((doc) => [doc.range[0], doc.range[2]] as const);

describeShared('the real-world corpus', () => {
  it('is there: 78 files holding 249 Flux Kustomizations', () => {
    expect(files).toHaveLength(78);
    expect(files.reduce((sum, file) => sum + readKustomizations(read(file), file).length, 0)).toBe(249);
  });

  describe.each(files)('%s', (file) => {
    const source = read(file);
    const found = readKustomizations(source, file);

    it('reads every `kind: Kustomization` document (at least two) with its dependsOn', () => {
      expect(found.length).toBeGreaterThanOrEqual(2);
      expect(found).toHaveLength(source.match(/^kind: Kustomization\s*$/gm)!.length);
      for (const k of found) expect(k.dependsOn.every((name) => /^[a-z0-9-]+$/.test(name))).toBe(true);
    });

    it('returns the identical string for every Kustomization upserted with its current dependsOn', () => {
      for (const k of found) {
        const result = upsertKustomization(source, { name: k.name, document: kustomizationDocument(k.name), dependsOn: k.dependsOn }, file);
        expect(result.action).toBe('unchanged');
        expect(result.source).toBe(source);
      }
    });

    it('appends a new Kustomization after the untouched original text', () => {
      const request = { name: 'fluxgen-new', document: kustomizationDocument('fluxgen-new'), dependsOn: [found[0].name], comments: ['REVIEW: x'] };
      const result = upsertKustomization(source, request, file);
      const prefix = source.endsWith('\n') ? source : `${source}\n`;
      expect(result.action).toBe('created');
      expect(result.source.startsWith(`${prefix}---\n# REVIEW: x\n`)).toBe(true);
      expect(parseDocument(result.source.slice(prefix.length)).toJS()).toEqual(kustomizationDocument('fluxgen-new', [found[0].name]));
      expect(readKustomizations(result.source, file).map((k) => k.name)).toEqual([...found.map((k) => k.name), 'fluxgen-new']);
      expect(upsertKustomization(result.source, request, file).source).toBe(result.source);
    });

    it('adds a dependsOn name by inserting lines into that document only', () => {
      const ranges = docRanges(source);
      for (const k of found) {
        const request = { name: k.name, document: kustomizationDocument(k.name), dependsOn: ['fluxgen-added'] };
        const edited = upsertKustomization(source, request, file).source;
        const [start, end] = ranges[k.docIndex];
        expect(edited.slice(0, start)).toBe(source.slice(0, start));
        expect(edited.slice(edited.length - (source.length - end))).toBe(source.slice(end));
        const at = lineStartOfFirstDifference(source, edited);
        const inserted = edited.slice(at, at + edited.length - source.length);
        expect(edited.slice(0, at) + edited.slice(at + inserted.length)).toBe(source);
        expect(inserted).toMatch(/^(?: *- name: fluxgen-added\n|\n *- name: fluxgen-added| *dependsOn:\n *- name: fluxgen-added\n)$/);
        const firstItem = edited.slice(start).match(/\n( *)dependsOn:[^\n]*\n( *)-/)!;
        expect(inserted.match(/( *)- name: fluxgen-added/)![1]).toBe(firstItem[2]);
        const shift = inserted.split('\n').length - 1;
        expect(readKustomizations(edited, file)).toEqual(found.map((other) => {
          if (other === k) return { ...k, dependsOn: [...k.dependsOn, 'fluxgen-added'] };
          return other.docIndex > k.docIndex ? { ...other, line: other.line + shift } : other;
        }));
        expect(upsertKustomization(edited, request, file)).toEqual({ source: edited, action: 'unchanged' });
      }
    });
  });
});

/** Where an inserted block of lines begins (the first differing character may sit after shared indentation). */
function lineStartOfFirstDifference(a: string, b: string): number {
  let index = 0;
  while (index < a.length && a[index] === b[index]) index++;
  return index === a.length ? index : a.lastIndexOf('\n', index - 1) + 1;
}
