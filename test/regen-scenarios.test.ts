/**
 * Golden-tree scenarios for `regen`: input repo + setup commands + hand edits (to records or any
 * file) → `regen` → the whole expected tree. test/scenarios-regen/<name>/scenario.json holds the
 * steps; expected/ holds every file that differs from the input repo afterwards, and the test
 * compares the WHOLE tree (build cache excluded) with input ⊕ expected. A second regen changes
 * nothing and `regen --check` is then in sync. UPDATE_GOLDEN=1 rewrites expected/.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT, readTree } from './helpers/repo.ts';
import { fluxgen, regen, repoTree, replaceOnce, warmCopy } from './helpers/regen.ts';

const SCENARIOS = path.join(PROJECT, 'test/scenarios-regen');

interface RegenScenario {
  repo: string;
  /** fluxgen commands run first (each must exit 0), e.g. a `component`. */
  setup: string[][];
  /** Text replacements applied next, each matching exactly once. */
  edits: { file: string; from: string; to: string }[];
  /** Substrings regen's stderr must contain (warnings). */
  stderr?: string[];
}

const names = (await readdir(SCENARIOS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('regen golden-tree scenarios', () => {
  it.each(names)('%s: regen produces exactly the expected tree, and a second run changes nothing', async (name) => {
    const scenario = JSON.parse(await readFile(path.join(SCENARIOS, name, 'scenario.json'), 'utf8')) as RegenScenario;
    const input = await readTree(path.join(PROJECT, scenario.repo));
    const root = await warmCopy(path.join(PROJECT, scenario.repo));
    for (const args of scenario.setup) {
      const setup = await fluxgen(['--infra-root', root, ...args]);
      expect(setup.exitCode, setup.stderr).toBe(0);
    }
    for (const edit of scenario.edits) await replaceOnce(root, edit.file, edit.from, edit.to);

    const result = await regen(root);
    expect(result.exitCode, result.stderr).toBe(0);
    for (const text of scenario.stderr ?? []) expect(result.stderr).toContain(text);
    const output = await repoTree(root);

    const expectedDir = path.join(SCENARIOS, name, 'expected');
    if (process.env.UPDATE_GOLDEN) {
      await rm(expectedDir, { recursive: true, force: true });
      for (const [file, content] of output) {
        if (input.get(file) === content) continue;
        await mkdir(path.dirname(path.join(expectedDir, file)), { recursive: true });
        await writeFile(path.join(expectedDir, file), content);
      }
    }
    const expected = new Map([...input, ...(await readTree(expectedDir))]);
    expect([...output.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) expect(output.get(file), file).toBe(content);

    const again = await regen(root);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe('');
    expect(await repoTree(root)).toEqual(output);
    expect((await regen(root, ['--check'])).exitCode).toBe(0);
  });
});
