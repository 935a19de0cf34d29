/**
 * kill -9 at random moments of a write (SPEC §9): ≥ 100 real `fluxgen component` processes, each on
 * its own git repo, killed with SIGKILL — mostly inside the write phase (FLUXGEN_TEST_PAUSE_MS
 * spreads the 10 file writes over time), some anywhere from process start. Before recovery a tree
 * may be partial; after the next fluxgen invocation (journal rollback under the lock) it must be
 * fully old (`git status` clean) or fully new (the exact tree of an uninterrupted run), every time.
 * Seeded: FLUXGEN_CRASH_SEED / FLUXGEN_CRASH_RUNS reproduce or extend a run.
 */
import { cp, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCli, waitForFile } from '../helpers/processes.ts';
import { EXAMPLE, runCli, tempDir } from '../helpers/repo.ts';
import { runInProcess } from '../helpers/run-in-process.ts';
import { snapshot } from '../helpers/snapshot.ts';
import { classify, content, gitRepo, gitStatus, random, type State } from './crash-repo.ts';

const RUNS = Number(process.env.FLUXGEN_CRASH_RUNS ?? 100);
const SEED = Number(process.env.FLUXGEN_CRASH_SEED ?? 4242);
const PAUSE_MS = 60;
const FILES = 10;
const WORKERS = 4;
const ARGS = ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x', '--monitoring', '--webhook', '--no-validate'];

/** In-process invocations capture stdout globally: one at a time. */
let queue: Promise<unknown> = Promise.resolve();
const serially = <T>(fn: () => Promise<T>): Promise<T> => {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
};

interface Outcome {
  before: State;
  after: State;
  inWritePhase: boolean;
  notices: string;
}

describe('kill -9 during a write', () => {
  afterEach(() => vi.restoreAllMocks());

  it(`leaves the repo fully old or fully new after recovery, in ${RUNS} seeded runs`, { timeout: 600_000 }, async () => {
    const template = await gitRepo(EXAMPLE);
    const old = await content(template);
    const expected = await tempDir('fluxgen-crash-new-');
    await cp(template, expected, { recursive: true });
    expect((await runInProcess(['--infra-root', expected, ...ARGS])).exitCode).toBe(0);
    const fresh = await content(expected);
    const freshStatus = await gitStatus(expected);
    expect(fresh.files.size - old.files.size).toBe(FILES - 1); // 9 new files, infrastructure.yaml modified

    const rand = random(SEED);
    const plans = Array.from({ length: RUNS }, (_, i) => ({
      i,
      // 85 %: wait until the journal is on disk, then kill within the write window; 15 %: any time
      writePhase: rand() < 0.85,
      delay: rand(),
    }));

    const runOne = async ({ i, writePhase, delay }: (typeof plans)[number]): Promise<Outcome> => {
      const root = await tempDir('fluxgen-crash-');
      await cp(template, root, { recursive: true });
      const child = startCli(['--infra-root', root, ...ARGS], { FLUXGEN_TEST_PAUSE_MS: String(PAUSE_MS) });
      let inWritePhase = false;
      if (writePhase) {
        inWritePhase = await waitForFile(path.join(root, '.fluxgen/journal.json'), child);
        await sleep(Math.floor(delay * (FILES + 6) * PAUSE_MS));
      } else {
        await sleep(Math.floor(delay * 4000));
        inWritePhase = await stat(path.join(root, '.fluxgen/journal.json')).then(() => true, () => false);
      }
      child.kill('SIGKILL');
      await child;
      const before = classify(await content(root), old, fresh);
      // the next fluxgen invocation: every 10th through the real bin, the others in-process (same main())
      const next = ['--infra-root', root, ...ARGS, '--dry-run'];
      const recovery = i % 10 === 0 ? await runCli(next) : await serially(() => runInProcess(next));
      expect(recovery.exitCode, recovery.stderr).toBe(0);
      // strict now: no journal, lock or temp file may be left, nor an empty folder
      let after = classify(await snapshot(root, ['.git']), old, fresh);
      const status = await gitStatus(root);
      if (after === 'old' && status !== '') after = 'partial';
      if (after === 'new' && status !== freshStatus) after = 'partial';
      return { before, after, inWritePhase, notices: recovery.stderr };
    };

    const outcomes: Outcome[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        for (let k = w; k < plans.length; k += WORKERS) outcomes.push(await runOne(plans[k]!));
      }),
    );
    const count = (pick: (o: Outcome) => boolean) => outcomes.filter(pick).length;
    const summary = {
      runs: outcomes.length,
      killedInWritePhase: count((o) => o.inWritePhase),
      before: { old: count((o) => o.before === 'old'), new: count((o) => o.before === 'new'), partial: count((o) => o.before === 'partial') },
      after: { old: count((o) => o.after === 'old'), new: count((o) => o.after === 'new'), partial: count((o) => o.after === 'partial') },
      rolledBack: count((o) => o.notices.includes('rolled back an interrupted fluxgen run')),
      staleLocksCleared: count((o) => /clear(ed|ing) a stale lock/.test(o.notices)),
      seconds: Math.round((Date.now() - started) / 1000),
      seed: SEED,
    };
    console.log(`crash test: ${JSON.stringify(summary)}`);
    expect(summary.runs).toBe(RUNS);
    expect(summary.after.partial).toBe(0);
    expect(summary.before.partial).toBeGreaterThan(0); // the kills did land inside writes
  });
});
