/** Throwaway repos and whole-tree snapshots for tests. */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll } from 'vitest';

export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLE = path.join(PROJECT, 'examples/local-kube');
export const FIXTURES = path.join(PROJECT, 'test/fixtures/repos');
export const BIN = path.join(PROJECT, 'bin/fluxgen.js');

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temp dir, removed after the test file. */
export async function tempDir(prefix = 'fluxgen-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** fluxgen's local build cache (`.fluxgen/cache/`, git-ignored): not part of a repo's content. */
export const isBuildCache = (rel: string) => rel === '.fluxgen/cache' || rel.startsWith('.fluxgen/cache/');

/** A copy of a repo (absolute path) in a temp dir, without a build cache a run on it may have left. */
export async function copyRepo(source: string): Promise<string> {
  const dir = await tempDir();
  await cp(source, dir, { recursive: true, filter: (from) => !isBuildCache(path.relative(source, from).split(path.sep).join('/')) });
  await rmdir(path.join(dir, '.fluxgen')).catch(() => undefined); // left empty when it held only the cache
  return dir;
}

/** Every file under dir: relative path → content (bytes as latin1 would lose nothing, but all fixtures are UTF-8). */
export async function readTree(dir: string, rel = ''): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  for (const entry of (await readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (isBuildCache(child)) continue;
    if (entry.isDirectory()) for (const [k, v] of await readTree(dir, child)) tree.set(k, v);
    else tree.set(child, await readFile(path.join(dir, child), 'utf8'));
  }
  return tree;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `fluxgen` bin in a subprocess. */
export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const result = await execa('node', [BIN, ...args], { cwd: options.cwd ?? PROJECT, env: options.env, reject: false, stdin: 'ignore' });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Writes `files` (repo-relative path → text) under `root`, creating their folders. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
}

/** A new temp repo holding exactly `files`. */
export async function repoOf(files: Record<string, string>): Promise<string> {
  const root = await tempDir();
  await writeFiles(root, files);
  return root;
}
