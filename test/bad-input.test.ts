/**
 * Bad input never writes (SPEC §7 exit codes, §9 safety): every row runs `fluxgen component` with one
 * bad value against a throwaway copy of a repo and checks exit 2 (or 1 for a validation error), the
 * `[CODE]`, that the bad value is named on stderr, that nothing that looks like a summary reaches
 * stdout, and that the repo is byte-identical afterwards (files and directories).
 *
 * Rows run in-process through `main()` (stdout/stderr captured, so sequentially); the rows marked
 * `subprocess` also run through the real bin to prove the real process exit code.
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '../src/errors.ts';
import { copyRepo, EXAMPLE, FIXTURES, runCli, tempDir, type CliResult } from './helpers/repo.ts';
import { expectRefused } from './helpers/refusal.ts';
import { runInProcess } from './helpers/run-in-process.ts';
import { snapshot } from './helpers/snapshot.ts';

// ---------------------------------------------------------------------------------------------------
// helpers

const REDIS = ['--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x'];

interface Ctx {
  /** The throwaway repo; --infra-root points here unless the row says otherwise. */
  root: string;
  /** A scratch dir outside the repo for values files. */
  scratch: string;
  /** Values a row's setup computes for its args or expectations. */
  vars: Record<string, string>;
}

interface Row {
  title: string;
  /** argv after `fluxgen` (use `component(ctx, ...)`). */
  args: (ctx: Ctx) => string[];
  /** The `[CODE]` on stderr; null when commander itself rejects the command line (no fluxgen code). */
  code: ErrorCode | null;
  /** Values that must be named on stderr, raw or JSON-quoted. */
  named: (ctx: Ctx) => string[];
  /** Strings that must never reach stderr or stdout (e.g. a password). */
  secret?: string[];
  /** Repo to copy (default: examples/local-kube), or a function that builds one in an empty dir. */
  source?: string | ((root: string) => Promise<void>);
  /** Changes to the copy before the snapshot (the repo state under test). */
  setup?: (ctx: Ctx) => Promise<void>;
  exitCode?: 1 | 2;
  /** Also run through the real bin in a subprocess. */
  subprocess?: boolean;
}

/** `--infra-root ROOT component NAME ...rest`; rest defaults to a valid redis command line. */
function component(ctx: Ctx, name: string, ...rest: string[]): string[] {
  return ['--infra-root', ctx.root, 'component', name, ...(rest.length > 0 ? rest : REDIS)];
}

/** REDIS with one flag's value replaced (or the flag removed when value is null). */
function redisWith(flag: string, value: string | null): string[] {
  const out: string[] = [];
  for (let i = 0; i < REDIS.length; i += 2) {
    if (REDIS[i] === flag) {
      if (value !== null) out.push(flag, value);
    } else out.push(REDIS[i]!, REDIS[i + 1]!);
  }
  if (value !== null && !out.includes(flag)) out.push(flag, value);
  return out;
}

async function prepare(row: Row): Promise<Ctx> {
  const source = row.source ?? EXAMPLE;
  let root: string;
  if (typeof source === 'string') root = await copyRepo(source);
  else {
    root = await tempDir();
    await source(root);
  }
  const ctx: Ctx = { root, scratch: await tempDir('fluxgen-values-'), vars: {} };
  await row.setup?.(ctx);
  return ctx;
}

async function check(row: Row, run: (args: string[]) => Promise<CliResult>): Promise<void> {
  const ctx = await prepare(row);
  const before = await snapshot(ctx.root);
  const result = await run(row.args(ctx));
  expectRefused(result, { ...row, named: row.named(ctx) });
  const after = await snapshot(ctx.root);
  expect(after.dirs, `${row.title}: directories changed`).toEqual(before.dirs);
  expect(after.files, `${row.title}: files changed`).toEqual(before.files);
}

// ---------------------------------------------------------------------------------------------------
// repos and files built by rows

const INFRA = 'clusters/local-kube/infrastructure.yaml';

/** Replaces the line `  name: secrets` of the example's infrastructure.yaml; records where it is. */
function breakInfra(replacement: string, column: (line: string) => number) {
  return async (ctx: Ctx) => {
    const file = path.join(ctx.root, INFRA);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const index = lines.indexOf('  name: secrets');
    expect(index).toBeGreaterThan(0);
    lines[index] = replacement;
    await writeFile(file, lines.join('\n'));
    ctx.vars.where = `${INFRA}:${index + 1}:${column(replacement)}`;
  };
}

/** A values file in the scratch dir. */
function valuesFile(name: string, content: string | Buffer) {
  return async (ctx: Ctx) => {
    ctx.vars.values = path.join(ctx.scratch, name);
    await writeFile(ctx.vars.values, content);
  };
}

/** Billion laughs: 9 levels of 9 aliases each (9^9 ≈ 387 million strings when expanded). */
function aliasBomb(): string {
  const levels = 'abcdefghi'.split('');
  const lines = [`${levels[0]}: &${levels[0]} [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels.length; i++) {
    lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** A minimal flat repo: one cluster c1 whose only Kustomization is `monitoring` (no `cilium`). */
async function repoWithoutCilium(root: string): Promise<void> {
  await mkdir(path.join(root, 'clusters/c1'), { recursive: true });
  await mkdir(path.join(root, 'namespaces/monitoring'), { recursive: true });
  await writeFile(
    path.join(root, 'clusters/c1/infrastructure.yaml'),
    [
      '# c1 — a cluster without pod networking policies',
      '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata:',
      '  name: monitoring',
      '  namespace: flux-system',
      'spec:',
      '  interval: 5m',
      '  path: ./namespaces/monitoring',
      '  prune: false',
      '  sourceRef:',
      '    kind: GitRepository',
      '    name: flux-system',
      '  wait: true',
      '  timeout: 10m',
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(root, 'namespaces/monitoring/kustomization.yaml'),
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n',
  );
}

// ---------------------------------------------------------------------------------------------------
// the table

const name = (value: string, extra: Partial<Row> = {}): Row => ({
  title: `name ${JSON.stringify(value)}`,
  args: (ctx) => component(ctx, value),
  code: 'BAD_NAME',
  named: () => [value],
  ...extra,
});

const flag = (flagName: string, value: string, code: ErrorCode, extra: Partial<Row> = {}): Row => ({
  title: `${flagName} ${JSON.stringify(value)}`,
  args: (ctx) => component(ctx, 'redis', ...redisWith(flagName, value)),
  code,
  named: () => [value],
  ...extra,
});

const ROWS: Row[] = [
  // --- the component name (a DNS-1123 label; it becomes a folder and YAML values)
  name('Redis', { subprocess: true }),
  name('my_redis'),
  name('redis.cache'),
  name('redis-'),
  name('a'.repeat(64)),
  name(''),
  name('r\u0435dis'), // Cyrillic 'е' (U+0435) that looks like the Latin 'e'
  name('redis\nkind: Secret'), // YAML injection through a newline
  name('redis: {}\n---\nkind: Secret'),
  name('../evil'), // path traversal
  name('namespaces/../../evil'),
  name('/tmp/evil'),
  name('redis\u001b[31m'), // terminal escape
  {
    title: 'name "-bad" after `--` (commander passes it through)',
    args: (ctx) => ['--infra-root', ctx.root, 'component', ...REDIS, '--', '-bad'],
    code: 'BAD_NAME',
    named: () => ['-bad'],
  },
  {
    title: 'name "-bad" without `--` (commander rejects it as an unknown option)',
    args: (ctx) => ['--infra-root', ctx.root, 'component', '-bad', ...REDIS],
    code: null,
    named: () => ['-bad'],
  },
  {
    title: 'name of 53 characters with --monitoring (its -monitoring folder would exceed 63)',
    args: (ctx) => component(ctx, 'm'.repeat(53), ...REDIS, '--monitoring'),
    code: 'BAD_NAME',
    named: () => ['m'.repeat(53)],
  },
  {
    title: 'missing name',
    args: (ctx) => ['--infra-root', ctx.root, 'component', ...REDIS],
    code: null,
    named: () => ['name'],
  },

  // --- namespace, chart, repo name
  flag('--namespace', 'Bad_NS', 'BAD_NAME'),
  flag('--namespace', '../kube-system', 'BAD_NAME'),
  flag('--namespace', '', 'BAD_NAME'),
  flag('--chart', 'Redis Chart', 'BAD_INPUT'),
  flag('--chart', '../redis', 'BAD_INPUT'),
  flag('--chart', 'redis\nversion: 9.9.9', 'BAD_INPUT'),
  flag('--chart', '', 'BAD_INPUT'),
  flag('--repo-name', 'Bitnami', 'BAD_NAME'),

  // --- repo URL: http(s) or oci, a host, no credentials, nothing a YAML scalar or a shell would misread
  flag('--repo-url', 'ftp://charts.example.com/redis', 'BAD_URL'),
  flag('--repo-url', 'charts.bitnami.com/bitnami', 'BAD_URL'),
  flag('--repo-url', 'javascript:alert(1)', 'BAD_URL'),
  flag('--repo-url', 'file:///etc/passwd', 'BAD_URL'),
  flag('--repo-url', 'oci://', 'BAD_URL'),
  flag('--repo-url', 'https://charts.example.com/my charts', 'BAD_URL'),
  flag('--repo-url', 'https://charts.example.com\nkind: Secret', 'BAD_URL'),
  flag('--repo-url', 'https://charts.example.com/"x', 'BAD_URL'),
  flag('--repo-url', "https://charts.example.com/'x", 'BAD_URL'),
  flag('--repo-url', 'https://charts.example.com/?token=1', 'BAD_URL'),
  flag('--repo-url', '', 'BAD_URL'),
  {
    // the credentials are the bad part: the error names the URL with them masked, never the password
    ...flag('--repo-url', 'https://user:s3cr3t-token@charts.example.com', 'BAD_URL'),
    named: () => ['https://***@charts.example.com', 'credentials'],
    secret: ['s3cr3t-token'],
  },
  {
    // credentials that also break another rule are masked all the same
    ...flag('--repo-url', 'https://deploy:hunter2 x@charts.example.com', 'BAD_URL'),
    named: () => ['https://***@charts.example.com'],
    secret: ['hunter2'],
  },

  // --- chart version: semver or a semver range
  flag('--chart-version', 'latest', 'BAD_VERSION'),
  flag('--chart-version', '1.0.0\nfoo: bar', 'BAD_VERSION'),
  flag('--chart-version', 'not a version', 'BAD_VERSION'),
  flag('--chart-version', '', 'BAD_VERSION'),
  flag('--chart-version', ' 1.0.0', 'BAD_VERSION'),

  // --- Pod Security level
  {
    ...flag('--pss', 'root', 'BAD_INPUT'),
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--pss', 'root'),
  },
  {
    title: '--pss "Restricted" (case matters)',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--pss', 'Restricted'),
    code: 'BAD_INPUT',
    named: () => ['Restricted'],
  },

  // --- dependsOn and clusters, checked against the repo
  {
    title: '--depends-on a Kustomization that does not exist',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--depends-on', 'cilium', '--depends-on', 'postgres'),
    code: 'UNKNOWN_DEPENDENCY',
    named: () => ['postgres'],
  },
  {
    title: '--depends-on that is no DNS label',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--depends-on', 'Cilium'),
    code: 'BAD_NAME',
    named: () => ['Cilium'],
  },
  {
    title: '--cluster unknown',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--cluster', 'production'),
    code: 'UNKNOWN_CLUSTER',
    named: () => ['production', 'local-kube'],
  },
  {
    title: '--cluster ../local-kube',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--cluster', '../local-kube'),
    code: 'UNKNOWN_CLUSTER',
    named: () => ['../local-kube'],
  },
  {
    title: 'two clusters and no --cluster',
    source: path.join(FIXTURES, 'two-clusters'),
    args: (ctx) => component(ctx, 'redis'),
    code: 'AMBIGUOUS_CLUSTER',
    named: () => ['staging', 'production'],
    subprocess: true,
  },
  {
    title: 'two clusters, one of them unknown',
    source: path.join(FIXTURES, 'two-clusters'),
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--cluster', 'staging', '--cluster', 'prod'),
    code: 'UNKNOWN_CLUSTER',
    named: () => ['prod'],
  },

  // --- values file: a YAML mapping, at most 1 MiB, no alias bombs
  {
    title: '--values missing file',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--values', path.join(ctx.scratch, 'nope.yaml')),
    code: 'BAD_VALUES',
    named: (ctx) => [path.join(ctx.scratch, 'nope.yaml')],
  },
  {
    title: '--values a directory',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--values', ctx.scratch),
    code: 'BAD_VALUES',
    named: (ctx) => [ctx.scratch],
  },
  {
    title: '--values not YAML',
    setup: valuesFile('broken.yaml', 'replicaCount: 2\nauth: [enabled: true\n  password: x\n'),
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--values', ctx.vars.values!),
    code: 'BAD_VALUES',
    named: (ctx) => [ctx.vars.values!],
  },
  {
    title: '--values duplicate keys',
    setup: valuesFile('dup.yaml', 'replicaCount: 1\nreplicaCount: 3\n'),
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--values', ctx.vars.values!),
    code: 'BAD_VALUES',
    named: (ctx) => [ctx.vars.values!],
  },
  {
    title: '--values a YAML list, not a mapping',
    setup: valuesFile('list.yaml', '- replicaCount: 1\n- auth: {}\n'),
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--values', ctx.vars.values!),
    code: 'BAD_VALUES',
    named: (ctx) => [ctx.vars.values!, 'mapping'],
  },
  {
    title: '--values a scalar, not a mapping',
    setup: valuesFile('scalar.yaml', 'just a string\n'),
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--values', ctx.vars.values!),
    code: 'BAD_VALUES',
    named: (ctx) => [ctx.vars.values!],
  },
  {
    title: '--values an alias bomb (billion laughs, 9 levels)',
    setup: valuesFile('bomb.yaml', aliasBomb()),
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--values', ctx.vars.values!),
    code: 'BAD_VALUES',
    named: (ctx) => [ctx.vars.values!],
  },
  {
    title: '--values larger than 1 MiB',
    setup: valuesFile('big.yaml', `padding: "${'x'.repeat(1024 * 1024 + 16)}"\n`),
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--values', ctx.vars.values!),
    code: 'BAD_VALUES',
    named: (ctx) => [ctx.vars.values!],
  },

  // --- the command line itself (commander)
  {
    title: 'repeated single-value flag with conflicting values (--chart a --chart b)',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--chart', 'b'),
    code: null,
    named: () => ['--chart', 'b'],
    subprocess: true,
  },
  {
    title: 'repeated --infra-root with conflicting values',
    args: (ctx) => ['--infra-root', ctx.root, '--infra-root', `${ctx.root}/other`, 'component', 'redis', ...REDIS],
    code: null,
    named: () => ['--infra-root'],
  },
  {
    title: '--pss without its value',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--pss'),
    code: null,
    named: () => ['--pss'],
  },
  {
    title: 'unknown flag',
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--chart-verison', '1.0.0'),
    code: null,
    named: () => ['--chart-verison'],
  },
  {
    title: 'missing --chart',
    args: (ctx) => component(ctx, 'redis', ...redisWith('--chart', null)),
    code: 'BAD_INPUT',
    named: () => ['--chart'],
  },
  {
    title: 'missing --repo-url',
    args: (ctx) => component(ctx, 'redis', ...redisWith('--repo-url', null)),
    code: 'BAD_INPUT',
    named: () => ['--repo-url'],
  },

  // --- the repository
  {
    title: 'existing folder not generated by fluxgen (namespaces/cert-manager)',
    args: (ctx) => component(ctx, 'cert-manager', '--chart', 'cert-manager', '--repo-url', 'https://charts.jetstack.io', '--chart-version', 'v1.16.2'),
    code: 'TARGET_EXISTS',
    named: () => ['namespaces/cert-manager'],
  },
  {
    title: 'existing -monitoring folder not generated by fluxgen',
    setup: async (ctx) => {
      await mkdir(path.join(ctx.root, 'namespaces/redis-monitoring'), { recursive: true });
      await writeFile(path.join(ctx.root, 'namespaces/redis-monitoring/notes.yaml'), 'mine: true\n');
    },
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--monitoring'),
    code: 'TARGET_EXISTS',
    named: () => ['namespaces/redis-monitoring'],
  },
  {
    title: 'infrastructure.yaml that does not parse (tab indentation)',
    setup: breakInfra('\tname: secrets', () => 1),
    args: (ctx) => component(ctx, 'redis'),
    code: 'INFRA_PARSE',
    named: (ctx) => [ctx.vars.where!],
  },
  {
    title: 'infrastructure.yaml that does not parse (unresolved alias)',
    setup: breakInfra('  name: *nope', (line) => line.indexOf('*') + 1),
    args: (ctx) => component(ctx, 'redis'),
    code: 'INFRA_PARSE',
    named: (ctx) => [ctx.vars.where!],
  },
  {
    title: '--infra-root pointing at a missing directory',
    args: (ctx) => ['--infra-root', path.join(ctx.root, 'missing'), 'component', 'redis', ...REDIS],
    code: 'BAD_REPO',
    named: (ctx) => [path.join(ctx.root, 'missing')],
    subprocess: true,
  },
  {
    title: '--infra-root pointing at a file',
    args: (ctx) => ['--infra-root', path.join(ctx.root, 'README.md'), 'component', 'redis', ...REDIS],
    code: 'BAD_REPO',
    named: (ctx) => [path.join(ctx.root, 'README.md')],
  },

  // --- SPEC §4: a computed provider the cluster lacks is a validation error (exit 1), not bad input
  {
    title: '--webhook in a cluster without cilium',
    source: repoWithoutCilium,
    args: (ctx) => component(ctx, 'redis', ...REDIS, '--webhook'),
    code: 'MISSING_PROVIDER',
    named: () => ['cilium', 'c1'],
    exitCode: 1,
    subprocess: true,
  },
];

// ---------------------------------------------------------------------------------------------------

describe('bad input: exit 2, the value named, nothing written (in-process)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the table has no duplicate titles', () => {
    const titles = ROWS.map((r) => r.title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  for (const row of ROWS) {
    it(row.title, () => check(row, runInProcess));
  }
});

describe.concurrent('bad input through the real bin (subprocess)', () => {
  for (const row of ROWS.filter((r) => r.subprocess)) {
    it(row.title, { timeout: 30_000 }, () => check(row, (args) => runCli(args)));
  }
});

describe('hand-edited generated files (SPEC §9)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses to overwrite a hand edit (exit 2, HAND_EDITED, repo unchanged); --force regenerates', { timeout: 30_000 }, async () => {
    const root = await copyRepo(EXAMPLE);
    const args = ['--infra-root', root, 'component', 'redis', ...REDIS];
    const file = 'namespaces/redis/helm-release.yaml';

    const first = await runInProcess(args);
    expect(first.exitCode, first.stderr).toBe(0);
    const generated = await snapshot(root);
    expect(generated.files.has(file)).toBe(true);

    await appendFile(path.join(root, file), '# tuned by hand: keep maxmemory at 2Gi\n');
    const edited = await snapshot(root);

    const refused = await runCli(args);
    expectRefused(refused, { title: 'HAND_EDITED', code: 'HAND_EDITED', named: [file] });
    const after = await snapshot(root);
    expect(after.dirs).toEqual(edited.dirs);
    expect(after.files).toEqual(edited.files);
    expect(after.files.get(file)).toContain('# tuned by hand');

    const forced = await runInProcess([...args, '--force']);
    expect(forced.exitCode, forced.stderr).toBe(0);
    const regenerated = await snapshot(root);
    expect(regenerated.files.get(file)).toBe(generated.files.get(file));
    expect(regenerated.files).toEqual(generated.files);
    expect(regenerated.dirs).toEqual(generated.dirs);
  });
});
