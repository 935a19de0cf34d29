/**
 * Unusual but valid infrastructure.yaml files (SPEC §3): empty, comments only, holding other kinds
 * (GitRepository, ConfigMap), CRLF with a byte-order mark. fluxgen adds its Kustomization and keeps
 * every byte that was there.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/repo.ts';
import { runInProcess } from '../helpers/run-in-process.ts';

const INFRA = 'clusters/c1/infrastructure.yaml';
const REDIS = ['component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.x'];

const OTHER_KINDS = [
  '# flux-system sources and settings live here too',
  'apiVersion: source.toolkit.fluxcd.io/v1',
  'kind: GitRepository',
  'metadata: {name: flux-system, namespace: flux-system}',
  'spec:',
  '  interval: 1m',
  '  url: ssh://git@github.com/example/infra',
  '  ref: {branch: main}',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '    name: cluster-settings   # 4-space indentation, kept',
  '    namespace: flux-system',
  'data:',
  "    CLUSTER_NAME: 'c1'",
  '',
].join('\n');

const CASES: [string, string | Buffer][] = [
  ['an empty file', ''],
  ['comments and blank lines only', '# nothing deployed yet\n\n# see docs/\n'],
  ['a GitRepository and a ConfigMap, no Kustomization', OTHER_KINDS],
  ['CRLF line endings behind a byte-order mark', Buffer.from(`\ufeff${OTHER_KINDS.replace(/\n/g, '\r\n')}`)],
];

describe('unusual but valid infrastructure.yaml files', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(CASES)('%s: the Kustomization is added and every original byte is kept', async (_, original) => {
    const root = await tempDir('fluxgen-unusual-');
    await mkdir(path.join(root, 'clusters/c1'), { recursive: true });
    await mkdir(path.join(root, 'namespaces'));
    await writeFile(path.join(root, INFRA), original);
    const result = await runInProcess(['--infra-root', root, ...REDIS]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);

    const bytes = await readFile(path.join(root, INFRA));
    const before = Buffer.from(original);
    expect(bytes.subarray(0, before.length).equals(before), 'the original bytes are a prefix').toBe(true);
    const docs = parseAllDocuments(bytes.toString('utf8')).map((d) => d.toJS() as Record<string, any> | null);
    const kinds = docs.filter((d) => d !== null).map((d) => d!.kind);
    expect(kinds).toEqual([...(original.length > 60 ? ['GitRepository', 'ConfigMap'] : []), 'Kustomization']);
    expect(docs.at(-1)).toMatchObject({ metadata: { name: 'redis' }, spec: { path: './namespaces/redis' } });
    if (Buffer.isBuffer(original)) expect(bytes.toString('utf8').replace(/\r\n/g, '')).not.toContain('\n');
  });
});
