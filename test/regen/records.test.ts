/** Records are inputs like any other: a broken one stops regen with exit 2, naming the record file, before anything is written. */
import { describe, expect, it } from 'vitest';
import { describeError, isFluxgenError } from '../../src/errors.ts';
import { parseRecord } from '../../src/plan/records.ts';
import { copyRepo, EXAMPLE } from '../helpers/repo.ts';
import { addComponent, regen, repoTree, replaceOnce } from '../helpers/regen.ts';

const FILE = '.fluxgen/components/redis.yaml';
const HASH = `sha256:${'a'.repeat(64)}`;
const RECORD = ['kind: component', 'spec:', '  name: redis', '  chart: redis', '  repoUrl: https://charts.bitnami.com/bitnami', 'files:', `  namespaces/redis/namespace.yaml: ${HASH}`, ''].join('\n');

function refusal(text: string): string {
  try {
    parseRecord(text, FILE);
  } catch (error) {
    if (isFluxgenError(error) && error.code === 'BAD_RECORD' && error.exitCode === 2 && error.position?.file === FILE) return describeError(error);
    throw error;
  }
  throw new Error('the record was accepted');
}

describe('parseRecord', () => {
  it('accepts a minimal record and returns its spec and hashes', () => {
    expect(parseRecord(RECORD, FILE)).toEqual({
      file: FILE,
      kind: 'component',
      spec: { name: 'redis', chart: 'redis', repoUrl: 'https://charts.bitnami.com/bitnami' },
      files: { 'namespaces/redis/namespace.yaml': HASH },
    });
  });

  it.each([
    ['invalid YAML, with its position', 'kind: component\nspec: [\n', /^\.fluxgen\/components\/redis\.yaml:3:1: not valid YAML/],
    ['another kind', RECORD.replace('kind: component', 'kind: helmchart'), /not a fluxgen record \(`kind:` one of component, netpol, monitoring, service expected\)/],
    ['an unknown top-level key', `${RECORD}extra: 1\n`, /unknown key extra/],
    ['an unknown spec field', RECORD.replace('  chart: redis', '  chart: redis\n  monitorng: true'), /unknown field spec\.monitorng/],
    ['a version YAML reads as a number', RECORD.replace('  chart: redis', '  chart: redis\n  chartVersion: 1.10'), /spec\.chartVersion must be a string \(quote versions/],
    ['a boolean written as a string', RECORD.replace('  chart: redis', '  chart: redis\n  monitoring: "yes"'), /spec\.monitoring must be true or false/],
    ['a name that is not the file name', RECORD.replace('name: redis', 'name: valkey'), /spec\.name "valkey" does not match the file name \(redis\)/],
    ['no name', RECORD.replace('  name: redis\n', ''), /spec\.name is missing/],
    ['a hash that is not sha256', RECORD.replace(HASH, 'md5:abc'), /`files` must map each generated path/],
    ['duplicate keys', RECORD.replace('  chart: redis', '  chart: redis\n  chart: valkey'), /not valid YAML/],
  ])('refuses %s', (_, text, message) => {
    expect(refusal(text)).toMatch(message);
  });
});

describe('regen with a broken record', () => {
  it.each([
    ['a value the validators refuse', 'chartVersion: 20.0.1', 'chartVersion: not-a-version', /error \[BAD_RECORD\]: \.fluxgen\/components\/redis\.yaml: chart version "not-a-version" is invalid/],
    ['a record that is not YAML', 'spec:\n', 'spec: [\n', /error \[BAD_RECORD\]: \.fluxgen\/components\/redis\.yaml:\d+:\d+: not valid YAML/],
  ])('%s: exit 2, the record file named, nothing written (--check and regen)', async (_, from, to, message) => {
    const root = await copyRepo(EXAMPLE);
    await addComponent(root, ['redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.0.1']);
    await replaceOnce(root, FILE, from, to);
    const before = await repoTree(root);
    for (const args of [['--check'], []]) {
      const result = await regen(root, args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
      expect(await repoTree(root)).toEqual(before);
    }
  });
});
