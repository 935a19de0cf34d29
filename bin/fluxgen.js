#!/usr/bin/env node
// Loads the TypeScript sources through tsx, so the published bin runs on Node 20 without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
