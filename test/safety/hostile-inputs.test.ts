/**
 * Every hostile input (./hostile-inputs.ts) is refused by the CLI — exit 2, its code, the value
 * named (escaped, cut when long), nothing written — and, for free-text questions, by the prompt's
 * validator with the same message. Counts are printed and asserted at the end.
 */
import { describe, expect, it, afterAll, afterEach, beforeAll, vi } from 'vitest';
import { PROMPT_VALIDATORS } from '../../src/cli/prompts.ts';
import { showValue } from '../../src/errors.ts';
import { expectRefused } from '../helpers/refusal.ts';
import { copyRepo, EXAMPLE, runCli, tempDir, type CliResult } from '../helpers/repo.ts';
import { runInProcess } from '../helpers/run-in-process.ts';
import { snapshot, type Snapshot } from '../helpers/snapshot.ts';
import { CONFLICTING_REPEATS, HOSTILE_INPUTS, PROMPT_OF, type HostileInput } from './hostile-inputs.ts';

const REDIS = ['--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x'];
const counts = { cli: { tried: 0, rejected: 0 }, prompts: { tried: 0, rejected: 0 }, bin: { tried: 0, rejected: 0 } };

let root: string;
let scratch: string;
let before: Snapshot;
beforeAll(async () => {
  root = await copyRepo(EXAMPLE);
  scratch = await tempDir('fluxgen-hostile-values-');
  before = await snapshot(root);
});

/** The command line for a row; every row runs against the same repo, which must never change. */
async function argsFor(input: HostileInput): Promise<{ args: string[]; named: string[] }> {
  const base = ['--infra-root', root, 'component'];
  switch (input.flag) {
    case 'name':
      return { args: [...base, input.value, ...REDIS], named: [input.value] };
    case '--infra-root':
      return { args: ['--infra-root', input.value, 'component', 'redis', ...REDIS], named: [input.value] };
    case '--values': {
      const file = await input.file!(scratch);
      return { args: [...base, 'redis', ...REDIS, '--values', file], named: [file] };
    }
    case '--chart':
    case '--repo-url':
    case '--chart-version': {
      const rest = [...REDIS];
      rest[rest.indexOf(input.flag) + 1] = input.value;
      return { args: [...base, 'redis', ...rest], named: [input.value] };
    }
    default:
      return { args: [...base, 'redis', ...REDIS, input.flag, input.value], named: [input.value] };
  }
}

const title = (input: HostileInput) => `${input.flag} ${input.flag === '--values' ? '' : `${showValue(input.value)} `}(${input.why})`;

async function expectNothingWritten(): Promise<void> {
  expect(await snapshot(root)).toEqual(before);
}

describe('hostile inputs through the CLI (in-process): exit 2, named, nothing written', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the corpus has at least 40 inputs, none repeated', () => {
    expect(HOSTILE_INPUTS.length + CONFLICTING_REPEATS.length).toBeGreaterThanOrEqual(40);
    const keys = HOSTILE_INPUTS.map((i) => `${i.flag}\0${i.value}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  for (const input of HOSTILE_INPUTS) {
    it(title(input), async () => {
      counts.cli.tried++;
      const { args, named } = await argsFor(input);
      const result = await runInProcess(args);
      expectRefused(result, { title: title(input), code: input.code, named });
      await expectNothingWritten();
      counts.cli.rejected++;
    });
  }

  for (const repeat of CONFLICTING_REPEATS) {
    it(`repeated with conflicting values: ${repeat.title}`, async () => {
      counts.cli.tried++;
      const result = await runInProcess(['--infra-root', root, 'component', 'redis', ...REDIS, ...repeat.extra]);
      expectRefused(result, { title: repeat.title, code: null, named: repeat.named });
      await expectNothingWritten();
      counts.cli.rejected++;
    });
  }
});

describe('the same values through the prompts’ validators (npx plop component)', () => {
  for (const input of HOSTILE_INPUTS.filter((i) => PROMPT_OF[i.flag])) {
    it(`${PROMPT_OF[input.flag]}: ${title(input)}`, () => {
      counts.prompts.tried++;
      const verdict = PROMPT_VALIDATORS[PROMPT_OF[input.flag]!](input.value);
      expect(verdict).not.toBe(true);
      expect(verdict).toContain(showValue(input.value));
      expect(String(verdict).length).toBeLessThan(1024);
      counts.prompts.rejected++;
    });
  }
});

describe.concurrent('a sample through the real bin (real argv, real exit code)', () => {
  const sample = HOSTILE_INPUTS.filter((i) => !i.argvUnsafe && ['name', '--repo-url', '--chart-version', '--values'].includes(i.flag)).filter((_, i) => i % 9 === 0);
  for (const input of sample) {
    it(title(input), { timeout: 60_000 }, async () => {
      counts.bin.tried++;
      const { args, named } = await argsFor(input);
      const result: CliResult = await runCli(args);
      expectRefused(result, { title: title(input), code: input.code, named });
      counts.bin.rejected++;
    });
  }
});

afterAll(async () => {
  await expectNothingWritten();
  const line = (what: string, c: { tried: number; rejected: number }) => `${what}: ${c.tried} tried, ${c.rejected} rejected`;
  console.log(`hostile inputs — ${line('CLI', counts.cli)}; ${line('prompt validators', counts.prompts)}; ${line('real bin', counts.bin)}`);
  expect(counts.cli.rejected).toBe(counts.cli.tried);
  expect(counts.prompts.rejected).toBe(counts.prompts.tried);
  expect(counts.bin.rejected).toBe(counts.bin.tried);
});
