/**
 * Golden-tree scenarios: input repo + arguments → the whole expected tree.
 * test/scenarios/<name>/scenario.json names the input repo and the arguments; expected/ holds
 * every file the run creates or changes, and the test compares the WHOLE output tree with
 * input ⊕ expected. UPDATE_GOLDEN=1 rewrites expected/ from the tool's output.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { copyRepo, PROJECT, readTree, runCli } from './helpers/repo.ts';

const SCENARIOS = path.join(PROJECT, 'test/scenarios');

interface Scenario {
  repo: string;
  args: string[];
}

async function loadScenario(name: string): Promise<Scenario> {
  const scenario = JSON.parse(await readFile(path.join(SCENARIOS, name, 'scenario.json'), 'utf8')) as Scenario;
  return { ...scenario, args: scenario.args.map((a) => a.replace('{scenario}', path.join(SCENARIOS, name))) };
}

/** Runs the scenario on a fresh copy through the real CLI binary; returns the tree. */
async function runScenario(scenario: Scenario): Promise<{ root: string; tree: Map<string, string>; exitCode: number; stderr: string }> {
  const root = await copyRepo(path.join(PROJECT, scenario.repo));
  const result = await runCli(['--infra-root', root, ...scenario.args]);
  return { root, tree: await readTree(root), exitCode: result.exitCode, stderr: result.stderr };
}

/** The same run in-process (same code path as the bin), used for the repeat runs. */
async function runInProcess(root: string, args: string[]): Promise<number> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await main(['node', 'fluxgen', '--infra-root', root, ...args]);
  } finally {
    process.stdout.write = write;
  }
}

function changedFiles(input: Map<string, string>, output: Map<string, string>): Map<string, string> {
  return new Map([...output].filter(([file, content]) => input.get(file) !== content));
}

const names = (await readdir(SCENARIOS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe.concurrent('golden-tree scenarios', () => {
  it.each(names)('%s produces exactly the expected tree, twice, and a second run changes nothing', async (name) => {
    const scenario = await loadScenario(name);
    const input = await readTree(path.join(PROJECT, scenario.repo));
    const first = await runScenario(scenario);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);

    const expectedDir = path.join(SCENARIOS, name, 'expected');
    if (process.env.UPDATE_GOLDEN) {
      await rm(expectedDir, { recursive: true, force: true });
      for (const [file, content] of changedFiles(input, first.tree)) {
        await mkdir(path.dirname(path.join(expectedDir, file)), { recursive: true });
        await writeFile(path.join(expectedDir, file), content);
      }
    }
    const expected = new Map([...input, ...(await readTree(expectedDir))]);
    expect([...first.tree.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) expect(first.tree.get(file), file).toBe(content);

    const again = await copyRepo(path.join(PROJECT, scenario.repo));
    expect(await runInProcess(again, scenario.args)).toBe(0);
    expect(await readTree(again)).toEqual(first.tree);

    expect(await runInProcess(first.root, scenario.args)).toBe(0);
    expect(await readTree(first.root)).toEqual(first.tree);
  });
});
