import { describe, expect, it } from 'vitest';
import { fuzzEditor } from './fuzz-editor.ts';

describe('the editor fuzz run (npm run fuzz does 10,000; the suite does 500)', () => {
  it('leaves untouched documents byte-identical and re-parses to the expected objects in 500 generated files', { timeout: 120_000 }, () => {
    const seed = Number(process.env.FLUXGEN_FUZZ_SEED ?? 20_260_423);
    const result = fuzzEditor(500, seed);
    console.log(`fuzz (npm test): ${result.runs} cases run, ${result.failed} failed (seed ${seed})`);
    expect(result.report).toBeUndefined();
    expect(result).toMatchObject({ runs: 500, failed: 0 });
  });
});
