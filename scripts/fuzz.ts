/**
 * `npm run fuzz [-- --runs N] [-- --seed S]`: fast-check over the infrastructure.yaml editor
 * (10,000 generated files by default). Prints cases run/failed; exits 1 on any failure, with the
 * shrunk counterexample and the seed to replay it.
 */
import { parseArgs } from 'node:util';
import { fuzzEditor } from '../test/edit/fuzz-editor.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--runs N] [--seed S]\n');
  process.exit(2);
}
const started = performance.now();
const result = fuzzEditor(runs, seed);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(`fuzz: infrastructure.yaml editor — ${result.runs} cases run, ${result.failed} failed (seed ${seed}, ${seconds} s)\n`);
if (result.report) process.stdout.write(`${result.report}\n`);
process.exitCode = result.failed === 0 ? 0 : 1;
