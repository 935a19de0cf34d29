#!/usr/bin/env node
// Wall time of `node bin/fluxgen.js --infra-root <copy> regen --check` on a copy of
// examples/local-kube: cold (fresh copy, empty build cache) and warm (same copy again), median of 3.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(project, 'bin/fluxgen.js');
const runs = Number(process.env.RUNS ?? 3);

async function timed(root) {
  const start = process.hrtime.bigint();
  const result = await execa('node', [bin, '--infra-root', root, 'regen', '--check'], { reject: false });
  if (result.exitCode !== 0) throw new Error(`regen --check exited ${result.exitCode}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'fluxgen-time-'));
  await cp(path.join(project, 'examples/local-kube'), root, { recursive: true });
  cold.push(await timed(root));
  warm.push(await timed(root));
  await rm(root, { recursive: true, force: true });
}
const show = (values) => `median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`;
console.log(`regen --check on examples/local-kube, ${runs} runs, load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs`);
console.log(`  cold (empty .fluxgen/cache/): ${show(cold)}`);
console.log(`  warm (every build cached):    ${show(warm)}`);
const help = [];
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  await execa('node', [bin, '--version']);
  help.push(Number(process.hrtime.bigint() - start) / 1e6);
}
console.log(`  for scale, \`fluxgen --version\` (node + tsx start-up): ${show(help)}`);
