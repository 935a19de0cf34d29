#!/usr/bin/env node
// `npm run bundle`: esbuild bundles src/cli/main.ts into dist/fluxgen.js, which bin/fluxgen.js runs
// when it exists (`npm test` bundles first, so the suite's many CLI runs start fast). The packages
// stay imports, resolved from node_modules at run time; the lazy `import()`s of the sources become
// chunks under dist/chunks/. Type checking is `npm run typecheck` (tsc).
//
// Installs never run it, and nothing may: package.json has no build, prepare, prepack or install
// script, because npm installing a package from git with any of those (scripts.build included)
// first runs an `npm install` of the clone, and under `npm install -g git+…` (so `github:…` and the
// pre-commit framework's install) that inner install is global too: it gets no dependencies and
// races the outer install into the same folder (npm/cli#8440). What npm installs is src/, run through
// tsx, a runtime dependency (test/install/ proves each way in).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(project, 'dist');

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: project,
  entryPoints: { fluxgen: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  logLevel: 'warning',
});
