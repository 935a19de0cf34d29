/**
 * `.fluxgen.yaml` (SPEC §7, §8): only a missing file means the defaults. One that cannot be read
 * (a folder, no permission, not UTF-8), is not YAML, or breaks the schema is BAD_CONFIG: exit 2,
 * `.fluxgen.yaml` named on stderr with the reason (and line:col when there is one), nothing written.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE, DEFAULT_CONFIG, loadConfig } from '../src/config.ts';
import { copyRepo, EXAMPLE, runCli } from './helpers/repo.ts';
import { expectRefused } from './helpers/refusal.ts';
import { snapshot } from './helpers/snapshot.ts';

const REDIS = ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x'];
const COMMANDS: [string, string[]][] = [
  ['check', ['check']],
  ['component', REDIS],
];
const asRoot = process.getuid?.() === 0;

interface Case {
  title: string;
  /** Creates the bad .fluxgen.yaml in the repo copy. */
  make: (file: string) => Promise<void>;
  /** Runs after the snapshot, before the command (e.g. chmod 000), and is undone after it. */
  lock?: { apply: (file: string) => Promise<void>; undo: (file: string) => Promise<void> };
  /** What stderr must say after `fluxgen: error [BAD_CONFIG]: `. */
  says: string | RegExp;
  skip?: boolean;
}

const CASES: Case[] = [
  {
    title: 'a directory named .fluxgen.yaml',
    make: async (file) => {
      await mkdir(file);
      await writeFile(path.join(file, 'keep'), 'x\n');
    },
    says: '.fluxgen.yaml: cannot be read: it is a directory (EISDIR)',
  },
  {
    title: 'a .fluxgen.yaml nobody may read (mode 000)',
    make: (file) => writeFile(file, 'layout: flat\n'),
    lock: { apply: (file) => chmod(file, 0o000), undo: (file) => chmod(file, 0o644) },
    says: '.fluxgen.yaml: cannot be read: permission denied (EACCES)',
    // root reads a file whatever its mode
    skip: asRoot,
  },
  {
    title: 'a .fluxgen.yaml that is not UTF-8',
    make: (file) => writeFile(file, Buffer.from('recreateCommand: caf\xe9\n', 'latin1')),
    says: '.fluxgen.yaml: not UTF-8 text',
  },
  {
    title: 'invalid YAML (line and column of the error)',
    make: (file) => writeFile(file, 'layout: flat\nrules: {helmrelease-cleanup-on-fail: off\n'),
    says: /\.fluxgen\.yaml:3:1: not valid YAML: \S/,
  },
  {
    title: 'a schema violation (an unknown key, at its line and column)',
    make: (file) => writeFile(file, 'layout: flat\nlayuot: base-overlays\n'),
    says: '.fluxgen.yaml:2:1: invalid settings: / has the unknown key "layuot"',
  },
  {
    title: 'a schema violation (a value not allowed)',
    make: (file) => writeFile(file, 'kustomization:\n  interval: soon\n'),
    says: '.fluxgen.yaml:2:13: invalid settings: /kustomization/interval must match pattern',
  },
  {
    title: 'a defaultCluster that is not a folder name',
    make: (file) => writeFile(file, 'defaultCluster: clusters/staging\n'),
    says: '.fluxgen.yaml:1:17: invalid settings: /defaultCluster must match pattern',
  },
];

describe('a .fluxgen.yaml fluxgen cannot use: exit 2, the file named, nothing written', () => {
  for (const row of CASES) {
    for (const [name, args] of COMMANDS) {
      it.skipIf(row.skip)(`${row.title}: fluxgen ${name}`, { timeout: 30_000 }, async () => {
        const root = await copyRepo(EXAMPLE);
        const file = path.join(root, CONFIG_FILE);
        await row.make(file);
        const before = await snapshot(root);
        await row.lock?.apply(file);
        let result;
        try {
          result = await runCli(['--infra-root', root, ...args]);
        } finally {
          await row.lock?.undo(file);
        }
        const where = `${row.title}\n${result.stderr}`;
        expectRefused(result, { title: row.title, code: 'BAD_CONFIG', named: [CONFIG_FILE] });
        const reason = result.stderr.split('\n').find((line) => line.startsWith('fluxgen: error [BAD_CONFIG]: '))?.slice('fluxgen: error [BAD_CONFIG]: '.length);
        if (typeof row.says === 'string') expect(reason, where).toMatch(new RegExp(`^${row.says.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
        else expect(reason, where).toMatch(row.says);
        const after = await snapshot(root);
        expect(after.dirs, where).toEqual(before.dirs);
        expect(after.files, where).toEqual(before.files);
      });
    }
  }
});

describe('loadConfig', () => {
  it('uses the defaults when there is no .fluxgen.yaml', async () => {
    expect(await loadConfig(await copyRepo(EXAMPLE))).toBe(DEFAULT_CONFIG);
  });

  it('gives the position as data', async () => {
    const root = await copyRepo(EXAMPLE);
    await writeFile(path.join(root, CONFIG_FILE), 'layout: flatt\n');
    await expect(loadConfig(root)).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      exitCode: 2,
      position: { file: CONFIG_FILE, line: 1, col: 9 },
      message: 'invalid settings: /layout must be one of "flat", "base-overlays", "mixed", "per-app"',
    });
  });
});
