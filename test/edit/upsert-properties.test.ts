import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/edit/render-document.ts';
import { parseDocument } from 'yaml';
import { fluxFileArbitrary, requestChoiceArbitrary } from './arbitraries.ts';
import { checkScenario } from './check-scenario.ts';

describe('upsertKustomization on generated files', () => {
  it('keeps untouched bytes, re-reads to the expected model and is idempotent', () => {
    fc.assert(
      fc.property(fluxFileArbitrary, requestChoiceArbitrary, (file, choice) => checkScenario(file, choice)),
      { numRuns: 400 },
    );
  });
});

describe('renderDocument', () => {
  const jsonish = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.constantFrom('yes', 'no', 'on', '0x1f', '012', '1:30', '${VAR}', '', 'multi\nline\n', ' lead'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'name', 'spec', 'patch'), tie('value'), { maxKeys: 3 }),
    ),
  })).value;

  it('writes any value so that YAML 1.1 reads it back unchanged, in every supported layout', () => {
    const styleArb = fc.record({
      eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
      indent: fc.integer({ min: 1, max: 6 }),
      seqFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.dictionary(fc.string(), jsonish, { maxKeys: 4 }), styleArb, (value, { eol, indent, seqFraction }) => {
        const style = { eol, indent, seqOffset: Math.round(indent * seqFraction) };
        const text = renderDocument(value, style);
        const doc = parseDocument(text, { version: '1.1' });
        expect(doc.errors).toEqual([]);
        expect(doc.toJS()).toEqual(JSON.parse(JSON.stringify(value)));
        if (eol === '\r\n') expect(text.replace(/\r\n/g, '')).not.toContain('\n');
      }),
      { numRuns: 300 },
    );
  });
});
