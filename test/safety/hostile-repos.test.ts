/**
 * Hostile repositories (SPEC §3, §9): broken infrastructure.yaml, broken kustomization.yaml files
 * that the post-write build would read, symlinks out of the repo → exit 2, file:line named, nothing
 * written anywhere. Unusual but valid files (empty, comments only, other kinds) are kept byte for byte.
 */
import { appendFile, cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '../../src/errors.ts';
import { expectRefused } from '../helpers/refusal.ts';
import { copyRepo, EXAMPLE, runCli, tempDir } from '../helpers/repo.ts';
import { runInProcess } from '../helpers/run-in-process.ts';
import { snapshot } from '../helpers/snapshot.ts';

const INFRA = 'clusters/local-kube/infrastructure.yaml';
const SECRETS = 'clusters/local-kube/secrets/kustomization.yaml';
const REDIS = ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x'];
/** Lines of the example's infrastructure.yaml (it ends with a newline): appended text starts on the next. */
const INFRA_LINES = (await readFile(path.join(EXAMPLE, INFRA), 'utf8')).split('\n').length - 1;
const CILIUM_AGAIN = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: cilium\n  namespace: flux-system\nspec:\n  path: ./namespaces/cilium\n';

interface Ctx {
  root: string;
  outside: string;
}

interface HostileRepo {
  title: string;
  setup: (ctx: Ctx) => Promise<void>;
  code: ErrorCode;
  named: string[];
  subprocess?: boolean;
}

const at = (file: string) => (ctx: Ctx) => path.join(ctx.root, file);

const ROWS: HostileRepo[] = [
  {
    title: 'infrastructure.yaml that does not parse (unclosed flow mapping)',
    setup: (ctx) => appendFile(at(INFRA)(ctx), '---\nkind: Kustomization\nmetadata: {name: broken\n'),
    code: 'INFRA_PARSE',
    named: [`${INFRA}:${INFRA_LINES + 4}:1:`, 'Flow map'],
    subprocess: true,
  },
  {
    title: 'infrastructure.yaml with two Kustomizations named cilium',
    setup: (ctx) => appendFile(at(INFRA)(ctx), `---\n${CILIUM_AGAIN}`),
    code: 'INFRA_DUPLICATE',
    named: [`${INFRA}:${INFRA_LINES + 3}: Kustomization "cilium" is defined twice, at lines 29 and ${INFRA_LINES + 3}`],
  },
  {
    title: 'infrastructure.yaml that is a directory',
    setup: async (ctx) => {
      await rm(at(INFRA)(ctx));
      await mkdir(at(INFRA)(ctx));
    },
    code: 'BAD_REPO',
    named: [INFRA, 'is a directory'],
  },
  {
    title: 'infrastructure.yaml holding an alias bomb',
    setup: (ctx) => appendFile(at(INFRA)(ctx), `---\n${'abcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(i === 0 ? 'lol' : `*${'abcdefgh'[i - 1]}`).join(', ')}]`).join('\n')}\n`),
    code: 'INFRA_PARSE',
    named: [`${INFRA}:${INFRA_LINES + 2}:1:`, 'alias'],
  },
  {
    title: 'infrastructure.yaml that is not UTF-8 (a latin1 é in a comment)',
    setup: async (ctx) => {
      const bytes = await readFile(at(INFRA)(ctx));
      await writeFile(at(INFRA)(ctx), Buffer.concat([Buffer.from('# caf\xe9\n', 'latin1'), bytes]));
    },
    code: 'INFRA_PARSE',
    named: [`${INFRA}:1:6:`, 'not UTF-8'],
  },
  {
    title: 'secrets/kustomization.yaml (built with the cluster folder) listing a missing file',
    setup: (ctx) => appendFile(at(SECRETS)(ctx), '  - cluster-secrets-2.sops.yaml\n'),
    code: 'BAD_KUSTOMIZATION',
    named: [`${SECRETS}:7:5:`, 'cluster-secrets-2.sops.yaml'],
    subprocess: true,
  },
  {
    title: 'a cluster kustomization.yaml listing infrastructure.yaml and a missing apps.yaml',
    setup: (ctx) => writeFile(path.join(ctx.root, 'clusters/local-kube/kustomization.yaml'), 'resources:\n  - infrastructure.yaml\n  - apps.yaml\n  - secrets\n'),
    code: 'BAD_KUSTOMIZATION',
    named: ['clusters/local-kube/kustomization.yaml:3:5:', 'apps.yaml'],
  },
  {
    title: 'an existing component folder pulled into the cluster build, listing a missing file',
    setup: async (ctx) => {
      await writeFile(path.join(ctx.root, 'clusters/local-kube/kustomization.yaml'), 'resources:\n  - infrastructure.yaml\n  - ../../namespaces/cilium\n');
      await appendFile(path.join(ctx.root, 'namespaces/cilium/kustomization.yaml'), '  - cilium-config.yaml\n');
    },
    code: 'BAD_KUSTOMIZATION',
    named: ['namespaces/cilium/kustomization.yaml:7:5:', 'cilium-config.yaml'],
  },
  {
    title: 'secrets/kustomization.yaml that does not parse',
    setup: (ctx) => writeFile(at(SECRETS)(ctx), 'resources:\n  - a.yaml\n - b.yaml\n'),
    code: 'BAD_KUSTOMIZATION',
    named: [`${SECRETS}:3:`],
  },
  {
    title: 'namespaces/redis: a symlink to a folder outside the repo',
    setup: (ctx) => symlink(ctx.outside, path.join(ctx.root, 'namespaces/redis')),
    code: 'BAD_PATH',
    named: ['namespaces/redis is a symlink', 'outside the repo root'],
    subprocess: true,
  },
  {
    title: 'namespaces/redis: a dangling symlink',
    setup: (ctx) => symlink(path.join(ctx.outside, 'gone'), path.join(ctx.root, 'namespaces/redis')),
    code: 'BAD_PATH',
    named: ['namespaces/redis is a symlink', 'does not exist'],
  },
  {
    title: 'namespaces/: a symlink to a copy outside the repo',
    setup: async (ctx) => {
      await cp(path.join(ctx.root, 'namespaces'), path.join(ctx.outside, 'namespaces'), { recursive: true });
      await rm(path.join(ctx.root, 'namespaces'), { recursive: true });
      await symlink(path.join(ctx.outside, 'namespaces'), path.join(ctx.root, 'namespaces'));
    },
    code: 'BAD_PATH',
    named: ['namespaces is a symlink', 'outside the repo root'],
  },
  {
    title: 'infrastructure.yaml: a symlink to a file outside the repo',
    setup: async (ctx) => {
      await cp(at(INFRA)(ctx), path.join(ctx.outside, 'infrastructure.yaml'));
      await rm(at(INFRA)(ctx));
      await symlink(path.join(ctx.outside, 'infrastructure.yaml'), at(INFRA)(ctx));
    },
    code: 'BAD_PATH',
    named: [`${INFRA} is a symlink`, 'outside the repo root'],
  },
  {
    title: '.fluxgen: a symlink to a folder outside the repo (lock, journal, records)',
    setup: (ctx) => symlink(ctx.outside, path.join(ctx.root, '.fluxgen')),
    code: 'BAD_PATH',
    named: ['.fluxgen is a symlink', 'outside the repo root'],
  },
];

async function check(row: HostileRepo, run: (args: string[]) => ReturnType<typeof runInProcess>): Promise<void> {
  const ctx = { root: await copyRepo(EXAMPLE), outside: await tempDir('fluxgen-outside-') };
  await row.setup(ctx);
  const [before, outsideBefore] = [await snapshot(ctx.root), await snapshot(ctx.outside)];
  const result = await run(['--infra-root', ctx.root, ...REDIS]);
  expectRefused(result, { title: row.title, code: row.code, named: row.named });
  expect(await snapshot(ctx.root), 'the repo is unchanged').toEqual(before);
  expect(await snapshot(ctx.outside), 'nothing was written outside').toEqual(outsideBefore);
}

describe('hostile repos: exit 2, file and line named, nothing written (in-process)', () => {
  afterEach(() => vi.restoreAllMocks());
  for (const row of ROWS) it(row.title, () => check(row, runInProcess));
});

describe.concurrent('hostile repos through the real bin', () => {
  for (const row of ROWS.filter((r) => r.subprocess)) it(row.title, { timeout: 60_000 }, () => check(row, (args) => runCli(args)));
});
