/**
 * Helpers for the install tests: fluxgen as a user gets it, from a fresh `git clone` of this
 * project (so they test the committed HEAD, not the working tree: commit before running them),
 * installed by npm with nothing but node and npm. npm fetches the dependencies from the registry,
 * or from its cache: every npm run here prefers the cache (one shared cache, the user's default).
 */
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { PROJECT, tempDir } from '../helpers/repo.ts';

/** npm settings for every npm that a test runs, directly or through pre-commit. */
export const NPM_ENV: Record<string, string> = {
  npm_config_prefer_offline: 'true',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_loglevel: 'error',
};

/** A long-running step: an npm install from git takes 15 to 60 s, more with a cold npm cache. */
export const INSTALL_TIMEOUT = 600_000;

export interface Run {
  exitCode: number;
  all: string;
}

/** Runs a command to the end; never rejects; stdout and stderr interleaved in `all`. */
export async function run(file: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  const result = await execa(file, args, { cwd: options.cwd, env: { ...NPM_ENV, ...options.env }, reject: false, all: true, stdin: 'ignore' });
  return { exitCode: result.exitCode ?? -1, all: result.all ?? '' };
}

/** Like `run`, and the command must exit 0 (its output is the failure message otherwise). */
export async function ok(file: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<string> {
  const result = await run(file, args, options);
  expect(result.exitCode, `${file} ${args.join(' ')}\n${result.all}`).toBe(0);
  return result.all;
}

/** Why the npm registry (or npm's cache) cannot give fluxgen's dependencies here, or undefined when it can. */
export async function npmUnavailable(): Promise<string | undefined> {
  const result = await execa('npm', ['view', 'yaml@2.9.1', 'version'], { env: NPM_ENV, reject: false, stdin: 'ignore', timeout: 60_000 });
  if (result.exitCode === 0 && result.stdout.trim() === '2.9.1') return undefined;
  return `npm can reach neither its registry nor a cached copy of fluxgen's dependencies (npm view yaml: ${result.stderr.split('\n')[0] || `exit ${result.exitCode}`})`;
}

/** A fresh `git clone` of the project (its HEAD) in a temp dir, and that commit. */
export async function cloneProject(): Promise<{ dir: string; sha: string }> {
  const dir = path.join(await tempDir('fluxgen-clone-'), 'fluxgen');
  await ok('git', ['clone', '--quiet', PROJECT, dir], { cwd: PROJECT });
  const sha = (await ok('git', ['rev-parse', 'HEAD'], { cwd: dir })).trim();
  return { dir, sha };
}

/** `git init` in root and a first commit of everything there. */
export async function gitInit(root: string): Promise<void> {
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['config', 'user.name', 'Fluxgen Test'],
    ['config', 'user.email', 'test@fluxgen.invalid'],
    ['config', 'commit.gpgsign', 'false'],
    ['add', '-A'],
    ['commit', '-q', '--no-verify', '-m', 'initial'],
  ]) {
    await ok('git', args, { cwd: root });
  }
}
