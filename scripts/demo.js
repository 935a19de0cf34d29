#!/usr/bin/env node
// The main job on the bundled example repo, in a temp copy: the project tree stays clean.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = mkdtempSync(path.join(os.tmpdir(), 'fluxgen-demo-'));
const args = [
  'component', 'redis',
  '--chart', 'redis',
  '--repo-url', 'https://charts.bitnami.com/bitnami',
  '--chart-version', '20.x',
  '--monitoring', '--webhook',
];
try {
  cpSync(path.join(project, 'examples/local-kube'), repo, { recursive: true });
  process.stderr.write(`Copied examples/local-kube to ${repo}\n$ fluxgen ${args.join(' ')}\n\n`);
  execFileSync(process.execPath, [path.join(project, 'bin/fluxgen.js'), '--infra-root', repo, ...args], { stdio: 'inherit' });
} catch (error) {
  process.exitCode = error.status ?? 1;
} finally {
  rmSync(repo, { recursive: true, force: true });
}
