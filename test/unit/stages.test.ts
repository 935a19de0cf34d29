/**
 * The direction of imports between stages (README "How it is built"): a stage imports only itself and
 * earlier stages, so no folder cycle can exist. Read from the sources, so a new import that breaks the
 * order fails here with the file and the import named.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT } from '../helpers/repo.ts';

/** The stages in pipeline order; `commands/<name>/` counts as the stage `commands`. */
export const STAGES = ['errors', 'config', 'write', 'edit', 'build', 'discover', 'plan', 'render', 'check', 'report', 'generate', 'commands', 'cli'];

async function sources(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sources(full)));
    else if (entry.name.endsWith('.ts')) found.push(full);
  }
  return found.sort();
}

const SRC = path.join(PROJECT, 'src');

/** The stage of a file under src/: its first folder, or its name for a top-level file (errors.ts, config.ts). */
function stageOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0]!.replace(/\.ts$/, '');
}

describe('stages', () => {
  it('every src/ folder and top-level file is a known stage', async () => {
    const stages = new Set((await sources(SRC)).map(stageOf));
    expect([...stages].filter((stage) => !STAGES.includes(stage))).toEqual([]);
  });

  it('no stage imports a later one (static and dynamic imports)', async () => {
    const violations: string[] = [];
    for (const file of await sources(SRC)) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = path.resolve(path.dirname(file), match[1]!);
        const [from, to] = [stageOf(file), stageOf(target)];
        if (STAGES.indexOf(to) > STAGES.indexOf(from)) violations.push(`${path.relative(PROJECT, file)} (${from}) imports ${match[1]} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
