/** Run by builder.test.ts in a child process (fresh PATH lookup): `node bin/run-ts.js test/build/build-in-child.ts ROOT DIR...`. */
import { createBuilder } from '../../src/build/builder.ts';

const [root, ...dirs] = process.argv.slice(2);
const builder = createBuilder(root!);
const outcomes = await builder.build(dirs.map((dir) => (dir === '.' ? '' : dir)));
const summary = Object.fromEntries([...outcomes].map(([dir, outcome]) => [dir, { objects: outcome.objects.length, error: outcome.error }]));
process.stdout.write(JSON.stringify({ stats: builder.stats, outcomes: summary }));
