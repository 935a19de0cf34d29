import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ALL_RULES } from '../../src/check/all-rules.ts';
import { PROJECT } from '../helpers/repo.ts';

it('docs/check.md lists every rule with its id and default severity, in order', async () => {
  const doc = await readFile(path.join(PROJECT, 'docs/check.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((m) => [m[1], m[2]]);
  expect(rows).toEqual(ALL_RULES.map((rule) => [rule.id, rule.severity]));
});
