/**
 * `npm run bench`: every row of issue 10's table, each the median of several runs of a fluxgen command
 * and of its baseline, both measured in this run (interleaved, so load on the machine hits both alike).
 * Prints a markdown table (ratio, goal, pass/fail) to stdout and writes it to bench-results.md.
 * BENCH_RUNS sets the number of runs (default 5). The CLI runs are `bin/fluxgen.js` on the bundle.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { findKustomize } from '../src/build/run-kustomize.ts';
import { writeBenchRepo } from './bench-repo.ts';

const PROJECT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(PROJECT, 'bin/fluxgen.js');
const EXAMPLE = path.join(PROJECT, 'examples/local-kube');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** One row: a fluxgen run against a baseline, each with an untimed setup before every timed run. */
interface Row {
  what: string;
  baseline: string;
  goal: number;
  subject: Timed;
  reference: Timed;
}

interface Timed {
  setup?: () => Promise<unknown>;
  run: () => Promise<unknown>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function timeOnce(timed: Timed): Promise<number> {
  await timed.setup?.();
  const start = performance.now();
  await timed.run();
  return (performance.now() - start) / 1000;
}

/** Medians of subject and reference, run alternately RUNS times after one untimed warm-up of each. */
async function measure(row: Row): Promise<{ subject: number; reference: number }> {
  process.stderr.write(`bench: ${row.what}…\n`);
  await timeOnce(row.reference);
  await timeOnce(row.subject);
  const subject: number[] = [];
  const reference: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    reference.push(await timeOnce(row.reference));
    subject.push(await timeOnce(row.subject));
  }
  return { subject: median(subject), reference: median(reference) };
}

/** Runs the CLI; an exit code above 1 (bad input, internal error) means the bench measured the wrong thing. */
async function fluxgen(args: string[], env: Record<string, string> = {}): Promise<void> {
  const run = await execa('node', [BIN, ...args], { reject: false, env, stdin: 'ignore' });
  if ((run.exitCode ?? 0) > 1) throw new Error(`fluxgen ${args.join(' ')} exited ${run.exitCode}: ${run.stderr}`);
}

const nodeStart: Timed = { run: () => execa('node', ['-e', '0']) };

/** A copy of examples/local-kube in a fresh folder: no .fluxgen/cache, no earlier component. */
async function freshExample(into: string): Promise<string> {
  await rm(into, { recursive: true, force: true });
  // never the example's own .fluxgen/ (a test run may leave a build cache there): these runs are cold
  await cp(EXAMPLE, into, { recursive: true, filter: (source) => path.basename(source) !== '.fluxgen' });
  return into;
}

/** `count` more Flux Kustomizations after the example's own, in its infrastructure.yaml (≈ 300 bytes each). */
async function growInfrastructure(repo: string, count: number): Promise<void> {
  const file = path.join(repo, 'clusters/local-kube/infrastructure.yaml');
  const docs = Array.from({ length: count }, (_, i) => {
    const name = `filler-${String(i).padStart(4, '0')}`;
    return [
      '---',
      `# ${name}: a component of the synthetic large cluster`,
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata:',
      `  name: ${name}`,
      '  namespace: flux-system',
      'spec:',
      '  dependsOn:',
      '    - name: cilium',
      '  interval: 5m',
      `  path: ./namespaces/${name}`,
      '  prune: false',
      '  sourceRef:',
      '    kind: GitRepository',
      '    name: flux-system',
      '  wait: true',
      '',
    ].join('\n');
  });
  await writeFile(file, `${await readFile(file, 'utf8')}${docs.join('')}`);
}

/** A python `yq` (kislyuk/yq, the jq wrapper) on PATH, else after `pip install --user yq`, else undefined. */
async function pythonYq(): Promise<string | undefined> {
  const candidates = ['yq', path.join(os.homedir(), '.local/bin/yq')];
  const find = async () => {
    for (const yq of candidates) {
      const help = await execa(yq, ['--help'], { reject: false });
      if (help.exitCode === 0 && /jq/.test(help.stdout)) return yq;
    }
    return undefined;
  };
  const found = await find();
  if (found) return found;
  process.stderr.write('bench: python yq not found; trying `pip install --user yq`…\n');
  await execa('pip', ['install', '--user', '--quiet', 'yq'], { reject: false });
  return find();
}

const secondsText = (s: number) => `${s.toFixed(2)} s`;

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.availableParallelism()} cores (${cpu}), node ${process.version}, ${os.platform()} ${os.release()}, load average ${os.loadavg()[0]!.toFixed(1)}`;
}

const work = await mkdtemp(path.join(os.tmpdir(), 'fluxgen-bench-'));
try {
  await execa('npm', ['run', 'bundle'], { cwd: PROJECT });
  const { file, args } = await findKustomize();
  const kustomize = `${path.basename(file)} ${args.join(' ')}`.trim();

  const benchRepo = path.join(work, 'bench-repo');
  const dirs = await writeBenchRepo(benchRepo);
  const serialLoop: Timed = {
    run: async () => {
      for (const dir of dirs) await execa(file, [...args, '--load-restrictor', 'LoadRestrictionsNone', path.join(benchRepo, dir)]);
    },
  };
  const clearCache = () => rm(path.join(benchRepo, '.fluxgen/cache'), { recursive: true, force: true });

  const component = (repo: string, extra: string[]) => [
    '--infra-root', repo, 'component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', ...extra,
  ];
  const example = path.join(work, 'example');
  const large = path.join(work, 'large');
  const small = path.join(work, 'small');
  const largeSetup = async () => growInfrastructure(await freshExample(large), 2990);
  const smallSetup = async () => growInfrastructure(await freshExample(small), 20);
  const largeRun: Timed = { setup: largeSetup, run: () => fluxgen(component(large, ['--no-validate'])) };
  const regenRepo = path.join(work, 'regen');
  await freshExample(regenRepo);

  const rows: Row[] = [
    { what: '`fluxgen --help`', baseline: '`node -e 0`', goal: 1.5, subject: { run: () => fluxgen(['--help']) }, reference: nodeStart },
    {
      what: '`component redis --monitoring --webhook` on examples/local-kube (validation, cold cache)',
      baseline: '`node -e 0`',
      goal: 4,
      subject: { setup: () => freshExample(example), run: () => fluxgen(component(example, ['--monitoring', '--webhook'])) },
      reference: nodeStart,
    },
    {
      what: '`component --no-validate`, 3,000 Kustomizations in infrastructure.yaml',
      baseline: 'the same with 30',
      goal: 1.5,
      subject: largeRun,
      reference: { setup: smallSetup, run: () => fluxgen(component(small, ['--no-validate'])) },
    },
  ];
  const yq = await pythonYq();
  if (yq) {
    const largeFile = path.join(large, 'clusters/local-kube/infrastructure.yaml');
    rows.push({
      what: 'the same 3,000-document run',
      baseline: 'python `yq -r .metadata.name` listing the names',
      goal: 0.75,
      subject: largeRun,
      reference: { setup: largeSetup, run: () => execa(yq, ['-r', '.metadata.name', largeFile]) },
    });
  }
  rows.push(
    {
      what: `\`check\` cold, ${dirs.length} components (a CiliumNetworkPolicy each)`,
      baseline: `serial \`${kustomize}\` loop over the same folders`,
      goal: 0.1,
      subject: { setup: clearCache, run: () => fluxgen(['--infra-root', benchRepo, 'check', '--format', 'json']) },
      reference: serialLoop,
    },
    {
      what: '`check` warm (unchanged repo)',
      baseline: 'the same serial loop',
      goal: 0.03,
      subject: { run: () => fluxgen(['--infra-root', benchRepo, 'check', '--format', 'json']) },
      reference: serialLoop,
    },
    {
      what: '`regen --check` warm on examples/local-kube',
      baseline: '`node -e 0`',
      goal: 2,
      subject: { run: () => fluxgen(['--infra-root', regenRepo, 'regen', '--check']) },
      reference: nodeStart,
    },
  );

  const lines: string[] = [];
  for (const row of rows) {
    const { subject, reference } = await measure(row);
    const ratio = subject / reference;
    lines.push(`| ${row.what} | ${secondsText(subject)} | ${row.baseline} ${secondsText(reference)} | ${ratio.toFixed(3)}× | ≤ ${row.goal}× | ${ratio <= row.goal ? 'pass' : 'FAIL'} |`);
  }
  const table = [
    `Machine: ${machine()}. Median of ${RUNS} runs each, baseline measured in the same run; the CLI runs the bundle (\`npm run bundle\`).`,
    ...(yq ? [] : ['', 'python `yq` is absent (not on PATH and `pip install --user yq` failed): its row is left out.']),
    '',
    '| what | fluxgen | baseline, same run | ratio | goal | |',
    '|---|---:|---|---:|---:|---|',
    ...lines,
    '',
  ].join('\n');
  process.stdout.write(table);
  await writeFile(path.join(PROJECT, 'bench-results.md'), `# fluxgen bench\n\n${table}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
