#!/usr/bin/env node
// Runs a TypeScript script through tsx: `node bin/run-ts.js scripts/bench.ts [args…]`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const script = process.argv[2];
if (!script) {
  process.stderr.write('usage: node bin/run-ts.js <script.ts> [args…]\n');
  process.exit(2);
}
register();
process.argv.splice(2, 1);
await import(pathToFileURL(path.resolve(script)).href);
