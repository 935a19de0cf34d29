/** A real kubectl behind a logging wrapper on PATH: counts the kustomize processes a run starts. */
import { execFileSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from './repo.ts';

/** A `kubectl` on PATH that logs each start, then runs the real one; with `delaySeconds`, after sleeping that long (a slow build). */
export async function countingKubectl(
  options: { delaySeconds?: number } = {},
): Promise<{ env: Record<string, string>; runs: () => Promise<number>; lines: () => Promise<string[]> }> {
  const real = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  const bin = await tempDir('fluxgen-bin-');
  const log = path.join(bin, 'runs.log');
  await writeFile(log, '');
  const sleep = options.delaySeconds ? `sleep ${options.delaySeconds}\n` : '';
  await writeFile(path.join(bin, 'kubectl'), `#!/bin/sh\necho "$*" >> '${log}'\n${sleep}exec '${real}' "$@"\n`);
  await chmod(path.join(bin, 'kubectl'), 0o755);
  const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}`, FLUXGEN_KUSTOMIZE: 'kubectl' };
  const runs = async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean).length;
  const lines = async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return { env, runs, lines };
}

