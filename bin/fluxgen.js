#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` / `npm run build`); from a checkout without a
// build it falls back to the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
let main;
if (existsSync(compiled) && process.env.FLUXGEN_FROM_SOURCE !== '1') {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
