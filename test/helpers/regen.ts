/**
 * Helpers for `regen` tests. `regen` runs in-process through the same `main` as the bin (output
 * captured), so tests must not run concurrently within a file; `regenBin` spawns the real bin.
 * `warmCopy` hands out copies of a repo whose build cache is already filled, so only the tests
 * about the cache pay for cold kustomize builds.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../src/cli/main.ts';
import { copyRepo, readTree, runCli, type CliResult } from './repo.ts';

/** Runs `fluxgen ...args` in this process; stdout and stderr are captured, env is set for the call. */
export async function fluxgen(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  process.stdout.write = ((chunk: string) => ((out.stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((out.stderr += chunk), true)) as typeof process.stderr.write;
  Object.assign(process.env, env);
  try {
    const exitCode = await main(['node', 'fluxgen', ...args]);
    return { exitCode, stdout: out.stdout.replace(/\n$/, ''), stderr: out.stderr.replace(/\n$/, '') };
  } finally {
    Object.assign(process.stdout, { write: writes.stdout });
    Object.assign(process.stderr, { write: writes.stderr });
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** `fluxgen --infra-root root regen ...args`, in-process. */
export function regen(root: string, args: string[] = [], env?: Record<string, string>): Promise<CliResult> {
  return fluxgen(['--infra-root', root, 'regen', ...args], env);
}

/** The same through the real bin in a subprocess. */
export function regenBin(root: string, args: string[] = [], env?: Record<string, string>): Promise<CliResult> {
  return runCli(['--infra-root', root, 'regen', ...args], { env });
}

/** `fluxgen --infra-root root component ...args`, in-process; throws unless it exits 0. */
export async function addComponent(root: string, args: string[]): Promise<void> {
  const result = await fluxgen(['--infra-root', root, 'component', ...args]);
  if (result.exitCode !== 0) throw new Error(`component ${args.join(' ')} failed: ${result.stderr}`);
}

const warm = new Map<string, Promise<string>>();

/** A fresh copy of `source` (absolute) whose `.fluxgen/cache/` already holds every build of a `regen --check`. */
export async function warmCopy(source: string): Promise<string> {
  if (!warm.has(source)) {
    warm.set(source, copyRepo(source).then(async (root) => (await regen(root, ['--check']), root)));
  }
  return copyRepo(await warm.get(source)!);
}

/** Every file of the repo except the git-ignored build cache and .git. */
export async function repoTree(root: string): Promise<Map<string, string>> {
  const tree = await readTree(root);
  return new Map([...tree].filter(([file]) => !file.startsWith('.fluxgen/cache/') && !file.startsWith('.git/')));
}

/** Replaces the one occurrence of `from` in a repo file; throws when it is not there exactly once. */
export async function replaceOnce(root: string, file: string, from: string, to: string): Promise<void> {
  const full = path.join(root, file);
  const text = await readFile(full, 'utf8');
  if (text.split(from).length !== 2) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}`);
  await writeFile(full, text.replace(from, to));
}

/** The folders a FLUXGEN_DEBUG run hands to kustomize (cache misses), sorted. */
export function cacheMisses(stderr: string): string[] {
  return [...stderr.matchAll(/^fluxgen: debug: kustomize build of \d+ folder\(s\): (.+)$/gm)].flatMap((m) => m[1]!.split(', ')).sort();
}
