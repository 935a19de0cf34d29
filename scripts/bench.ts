/**
 * `npm run bench`: on a synthetic repo of ~120 component folders, in one run, the median of 3 of a serial
 * `kustomize build` loop (baseline), per-folder builds two at a time (`xargs -P 2`), the batched build,
 * loadRepoModel, and a cold CLI run (`fluxgen check`, else `fluxgen graph`). Markdown table to stdout and bench-results.md.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import pLimit from 'p-limit';
import { createBuilder } from '../src/build/builder.ts';
import { findKustomize } from '../src/build/run-kustomize.ts';
import { loadRepoModel } from '../src/discover/discover-repo.ts';
import { writeBenchRepo } from './bench-repo.ts';

const PROJECT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(PROJECT, 'bin/fluxgen.js');
const RUNS = 3;

async function median(task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await task();
    times.push((performance.now() - start) / 1000);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1]!;
}

/** The CLI runs to time cold: `graph` (discovery and builds), and `check` (plus every rule and schema) when the tree has it. */
async function cliCommands(): Promise<string[][]> {
  const check = await execa('node', [BIN, 'check', '--help'], { reject: false });
  return [['graph', '--format', 'json'], ...(check.exitCode === 0 ? [['check', '--format', 'json']] : [])];
}

const root = await mkdtemp(path.join(os.tmpdir(), 'fluxgen-bench-'));
try {
  const dirs = await writeBenchRepo(root);
  const { file, args } = await findKustomize();
  const buildOne = (dir: string) => execa(file, [...args, '--load-restrictor', 'LoadRestrictionsNone', path.join(root, dir)]);
  const clis = await cliCommands();
  const rows: [string, number][] = [];
  const measure = async (what: string, task: () => Promise<unknown>) => {
    process.stderr.write(`bench: ${what}…\n`);
    rows.push([what, await median(task)]);
  };
  await measure(`serial \`${file} ${args.join(' ')}\` loop (baseline)`, async () => {
    for (const dir of dirs) await buildOne(dir);
  });
  await measure('per-folder builds, 2 in parallel (`xargs -P 2`)', () => {
    const limit = pLimit(2);
    return Promise.all(dirs.map((dir) => limit(() => buildOne(dir))));
  });
  await measure('batched build (one generated root)', () => createBuilder(root, { cache: false }).build(dirs));
  await measure('`loadRepoModel` (discovery + builds, in process)', () => loadRepoModel(root));
  for (const cli of clis) {
    await measure(`\`fluxgen ${cli.join(' ')}\` cold (new process)`, () => execa('node', [BIN, '--infra-root', root, ...cli], { reject: false }));
  }
  const base = rows[0]![1];
  const table = [
    `Synthetic flat repo: ${dirs.length} component folders; ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(1)} at the end; median of ${RUNS} runs; ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| what | seconds | × serial loop |',
    '|---|---:|---:|',
    ...rows.map(([what, seconds]) => `| ${what} | ${seconds.toFixed(2)} | ${(seconds / base).toFixed(3)} |`),
    '',
    'Target: the cold CLI run ≤ 0.15 × the serial loop.',
    '',
  ].join('\n');
  process.stdout.write(table);
  await writeFile(path.join(PROJECT, 'bench-results.md'), `# fluxgen bench\n\n${table}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
