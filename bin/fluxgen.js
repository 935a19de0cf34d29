#!/usr/bin/env node
// Runs the bundled CLI (dist/fluxgen.js, written by `npm run bundle`, which `npm test` runs) when it
// exists; otherwise (an install from git or a tarball ships no dist/), or with FLUXGEN_FROM_SOURCE=1,
// it runs the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../dist/fluxgen.js', import.meta.url);
let main;
if (existsSync(built) && process.env.FLUXGEN_FROM_SOURCE !== '1') {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: false }); // fluxgen's sources need no tsconfig; never the one in the cwd
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
