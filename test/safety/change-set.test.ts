/** applyChanges and the journal: all or nothing, byte for byte, with real files (no mocks). */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges, type FileChange } from '../../src/write/change-set.ts';
import { JOURNAL_FILE, newJournal, readJournal, recoverJournal, writeJournal } from '../../src/write/journal.ts';
import { rejection } from '../helpers/rejection.ts';
import { tempDir } from '../helpers/repo.ts';
import { snapshot } from '../helpers/snapshot.ts';

/** A small repo with one file that is not valid UTF-8 (restored byte for byte all the same). */
async function repo(): Promise<string> {
  const root = await tempDir('fluxgen-changes-');
  await mkdir(path.join(root, 'clusters/c1'), { recursive: true });
  await writeFile(path.join(root, 'clusters/c1/infrastructure.yaml'), '# hand-kept\nkind: List\n');
  await writeFile(path.join(root, 'latin1.yaml'), Buffer.from([0x23, 0x20, 0xe9, 0x0a]));
  return root;
}

const change = (p: string, content: string, previous: string | null = null): FileChange => ({ path: p, content, previous });

afterEach(() => {
  delete process.env.FLUXGEN_TEST_PAUSE_MS;
});

describe('applyChanges', () => {
  it('writes every file, creates folders, and leaves no journal after commit', async () => {
    const root = await repo();
    const applied = await applyChanges(root, [
      change('clusters/c1/infrastructure.yaml', '# hand-kept\nkind: List\n---\nnew: doc\n', '# hand-kept\nkind: List\n'),
      change('namespaces/redis/namespace.yaml', 'kind: Namespace\n'),
    ]);
    expect(JSON.parse(await readFile(path.join(root, JOURNAL_FILE), 'utf8')).files).toHaveLength(2);
    await applied.commit();
    const after = await snapshot(root);
    expect(after.files.get('namespaces/redis/namespace.yaml')).toBe('kind: Namespace\n');
    expect(after.files.get('clusters/c1/infrastructure.yaml')).toContain('new: doc');
    expect(after.dirs).toEqual(['clusters', 'clusters/c1', 'namespaces', 'namespaces/redis']);
  });

  it('rolls back every file and created folder when a later write fails, and says so', async () => {
    const root = await repo();
    const before = await snapshot(root);
    // `x` is written as a file first, so the folder `x/` of the next change cannot be created
    const error = await rejection(applyChanges(root, [
      change('clusters/c1/infrastructure.yaml', 'changed: true\n', '# hand-kept\nkind: List\n'),
      change('new/deep/a.yaml', 'a: 1\n'),
      change('x', 'x: 1\n'),
      change('x/y.yaml', 'y: 1\n'),
    ]));
    expect(error).toMatchObject({ code: 'WRITE_FAILED' });
    expect(error.message).toMatch(/^writing x\/y\.yaml failed: .*; every file was restored, nothing was changed$/);
    expect(await snapshot(root)).toEqual(before);
  });

  it('stops between two writes when the signal aborts, restores everything and throws the reason', async () => {
    const root = await repo();
    const before = await snapshot(root);
    process.env.FLUXGEN_TEST_PAUSE_MS = '150';
    const controller = new AbortController();
    const changes = [change('a/1.yaml', '1'), change('a/2.yaml', '2'), change('a/3.yaml', '3'), change('a/4.yaml', '4')];
    const pending = rejection(applyChanges(root, changes, { signal: controller.signal }));
    // abort once the second file is there: the writer is then sleeping before the third
    while (!(await readFile(path.join(root, 'a/2.yaml')).then(() => true, () => false))) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('interrupted by SIGTERM while writing'));
    const error = await pending;
    expect(error.message).toMatch(/^writing a\/[34]\.yaml failed: interrupted by SIGTERM while writing; every file was restored, nothing was changed$/);
    expect(await snapshot(root)).toEqual(before);
  });

  it('refuses a file that changed since it was planned, before writing anything', async () => {
    const root = await repo();
    const before = await snapshot(root);
    const error = await rejection(applyChanges(root, [change('a.yaml', 'a'), change('clusters/c1/infrastructure.yaml', 'new', 'what the plan saw\n')]));
    expect(error).toMatchObject({ code: 'WRITE_FAILED', message: 'clusters/c1/infrastructure.yaml changed while fluxgen was planning; nothing was changed' });
    expect(await snapshot(root)).toEqual(before);
  });
});

describe('recoverJournal (what the next run does after kill -9)', () => {
  it('restores a half-written change byte for byte, removing created files, folders and temp files', async () => {
    const root = await repo();
    const before = await snapshot(root);
    const latin1 = await readFile(path.join(root, 'latin1.yaml'));
    // what a run killed in the middle of its writes leaves behind
    await writeJournal(root, newJournal(
      [
        { path: 'latin1.yaml', previous: latin1.toString('base64') },
        { path: 'namespaces/redis/namespace.yaml', previous: null },
        { path: 'namespaces/redis/kustomization.yaml', previous: null },
      ],
      ['namespaces', 'namespaces/redis'],
    ));
    await writeFile(path.join(root, 'latin1.yaml'), 'rewritten\n');
    await mkdir(path.join(root, 'namespaces/redis'), { recursive: true });
    await writeFile(path.join(root, 'namespaces/redis/namespace.yaml'), 'kind: Namespace\n');
    await writeFile(path.join(root, 'namespaces/redis/kustomization.yaml.3127791'), 'half a fi');
    await writeFile(path.join(root, `${JOURNAL_FILE}.99`), '{"half":');

    const recovered = await recoverJournal(root);
    expect(recovered?.files.map((f) => f.path)).toEqual(['latin1.yaml', 'namespaces/redis/namespace.yaml', 'namespaces/redis/kustomization.yaml']);
    expect(await snapshot(root)).toEqual(before);
    expect(await readFile(path.join(root, 'latin1.yaml'))).toEqual(latin1);
    expect(await recoverJournal(root)).toBeUndefined();
  });

  it('refuses a journal it cannot read, naming it', async () => {
    const root = await repo();
    await mkdir(path.join(root, '.fluxgen'));
    await writeFile(path.join(root, JOURNAL_FILE), 'not json');
    await expect(readJournal(root)).rejects.toMatchObject({ code: 'BAD_REPO', message: expect.stringContaining(JOURNAL_FILE) });
  });
});
