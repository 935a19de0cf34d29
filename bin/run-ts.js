#!/usr/bin/env node
// Runs a TypeScript script through tsx: `node bin/run-ts.js scripts/x.ts [args...]` (path relative to the cwd).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const script = process.argv[2];
if (!script) {
  process.stderr.write('usage: node bin/run-ts.js <script.ts> [args...]\n');
  process.exit(2);
}
register();
process.argv.splice(2, 1); // the script sees its own arguments from argv[2] on
await import(pathToFileURL(path.resolve(process.cwd(), script)).href);
