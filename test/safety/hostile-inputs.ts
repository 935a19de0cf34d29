/**
 * The hostile-input corpus: one row per bad value, for every flag of `fluxgen component` and every
 * free-text prompt of `npx plop component`. It complements test/bad-input.test.ts (no value is
 * repeated from there): invisible and look-alike characters, YAML syntax and document markers,
 * traversal in URLs, 10 MB strings, empty values of the remaining flags, hostile values files.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { ErrorCode } from '../../src/errors.ts';
import type { PROMPT_VALIDATORS } from '../../src/cli/prompts.ts';

export type Flag = 'name' | '--namespace' | '--chart' | '--repo-url' | '--chart-version' | '--repo-name' | '--pss' | '--depends-on' | '--cluster' | '--infra-root';

export interface HostileInput {
  flag: Flag | '--values';
  /** The value given; for --values, a description of the file. */
  value: string;
  code: ErrorCode | null;
  /** What makes it hostile. */
  why: string;
  /** Writes the values file into `dir` and returns its path (--values rows only). */
  file?: (dir: string) => Promise<string>;
  /** Cannot travel through a real argv (NUL, over 128 KiB): in-process only. */
  argvUnsafe?: boolean;
}

/** The prompt answer whose `validate` receives the same value (free-text questions only). */
export const PROMPT_OF: Partial<Record<HostileInput['flag'], keyof typeof PROMPT_VALIDATORS>> = {
  name: 'name',
  '--namespace': 'namespace',
  '--chart': 'chart',
  '--repo-url': 'repoUrl',
  '--chart-version': 'chartVersion',
  '--repo-name': 'repoName',
};

const TEN_MB = 10 * 1024 * 1024;
const huge = (prefix: string) => prefix + 'a'.repeat(TEN_MB - prefix.length);

const row = (flag: Flag, value: string, code: ErrorCode | null, why: string, argvUnsafe = false): HostileInput => ({ flag, value, code, why, argvUnsafe });

const values = (why: string, content: string | Buffer | ((file: string) => Promise<void>)): HostileInput => ({
  flag: '--values',
  value: why,
  code: 'BAD_VALUES',
  why,
  file: async (dir) => {
    const file = path.join(dir, `${why.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
    if (typeof content === 'function') await content(file);
    else await writeFile(file, content);
    return file;
  },
});

const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}\n`;
const mergeBomb = () =>
  ['l0: &l0 {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol, i: lol}']
    .concat([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `l${i}: &l${i} {${'abcdefghi'.split('').map((k) => `${k}: *l${i - 1}`).join(', ')}}`))
    .join('\n');

export const HOSTILE_INPUTS: HostileInput[] = [
  row('name', 'redis\u200b', 'BAD_NAME', 'zero-width space'),
  row('name', '\uff52\uff45\uff44\uff49\uff53', 'BAD_NAME', 'fullwidth look-alike letters'),
  row('name', 'red\u0131s', 'BAD_NAME', 'dotless i look-alike'),
  row('name', 'redis\u2011cache', 'BAD_NAME', 'non-breaking hyphen look-alike'),
  row('name', 'redis\u202eelif', 'BAD_NAME', 'bidi override (trojan source)'),
  row('name', '.', 'BAD_NAME', 'path segment .'),
  row('name', '..', 'BAD_NAME', 'path segment ..'),
  row('name', '---', null, 'YAML document marker (commander reads it as an option)'),
  row('name', '*redis', 'BAD_NAME', 'YAML alias'),
  row('name', '&redis', 'BAD_NAME', 'YAML anchor'),
  row('name', '!!binary cmVkaXM=', 'BAD_NAME', 'YAML tag'),
  row('name', '{kind: Secret}', 'BAD_NAME', 'YAML flow mapping'),
  row('name', 'redis #x', 'BAD_NAME', 'YAML comment'),
  row('name', '%YAML 1.2', 'BAD_NAME', 'YAML directive'),
  row('name', 'redis\r', 'BAD_NAME', 'carriage return'),
  row('name', 'redis\u2028kind: Secret', 'BAD_NAME', 'unicode line separator injection'),
  row('name', 'redis\u0000', 'BAD_NAME', 'NUL byte', true),
  row('name', huge('r'), 'BAD_NAME', '10 MB string', true),
  row('--namespace', 'kube-system\n---\nkind: Namespace', 'BAD_NAME', 'document injection'),
  row('--namespace', 'ns\u2010x', 'BAD_NAME', 'unicode hyphen look-alike'),
  row('--namespace', '../..', 'BAD_NAME', 'path traversal'),
  row('--namespace', huge('n'), 'BAD_NAME', '10 MB string', true),
  row('--chart', 'redis\u00a0', 'BAD_INPUT', 'trailing no-break space'),
  row('--chart', '${CHART}', 'BAD_INPUT', 'unexpanded variable'),
  row('--chart', 'oci://ghcr.io/charts/redis', 'BAD_INPUT', 'a URL where the chart name goes'),
  row('--chart', 'charts/redis', 'BAD_INPUT', 'a path where the chart name goes'),
  row('--chart', huge('c'), 'BAD_INPUT', '10 MB string', true),
  row('--repo-url', 'https://ch\u0430rts.example.com', 'BAD_URL', 'homograph host (Cyrillic a)'),
  row('--repo-url', 'https:/charts.example.com', 'BAD_URL', 'one slash (WHATWG URL would accept it)'),
  row('--repo-url', 'https:charts.example.com', 'BAD_URL', 'no slashes (WHATWG URL would accept it)'),
  row('--repo-url', 'https://charts.example.com/a/../../b', 'BAD_URL', 'path traversal'),
  row('--repo-url', 'https://charts.example.com/%2e%2e/secrets', 'BAD_URL', 'percent-encoded traversal'),
  row('--repo-url', 'https://-bad-.example.com', 'BAD_URL', 'host label with leading hyphen'),
  row('--repo-url', 'https://charts..example.com', 'BAD_URL', 'empty host label'),
  row('--repo-url', 'https://charts.example.com#', 'BAD_URL', 'empty fragment'),
  row('--repo-url', 'https://charts.example.com:99999', 'BAD_URL', 'port out of range'),
  row('--repo-url', 'https://charts_internal.example.com', 'BAD_URL', 'underscore in host'),
  row('--repo-url', 'https://charts.example.com/\u0000', 'BAD_URL', 'NUL byte', true),
  row('--repo-url', huge('https://charts.example.com/'), 'BAD_URL', '10 MB string', true),
  row('--chart-version', '>1 <0', 'BAD_VERSION', 'range that matches nothing'),
  row('--chart-version', '\uff11.\uff10.\uff10', 'BAD_VERSION', 'fullwidth digits'),
  row('--chart-version', '1.0.0\u00a0', 'BAD_VERSION', 'trailing no-break space'),
  row('--chart-version', '${VERSION}', 'BAD_VERSION', 'unexpanded variable'),
  row('--chart-version', '1.0.0 || ---', 'BAD_VERSION', 'document marker inside a range'),
  row('--chart-version', '1.2.3.4', 'BAD_VERSION', 'four components'),
  row('--chart-version', huge('1'), 'BAD_VERSION', '10 MB string', true),
  row('--repo-name', '', 'BAD_NAME', 'empty string'),
  row('--repo-name', 'bitnami\u200d', 'BAD_NAME', 'zero-width joiner'),
  row('--repo-name', '../bitnami', 'BAD_NAME', 'path traversal'),
  row('--repo-name', huge('b'), 'BAD_NAME', '10 MB string', true),
  row('--pss', '', 'BAD_INPUT', 'empty string'),
  row('--pss', 'restricted\n', 'BAD_INPUT', 'trailing newline'),
  row('--pss', 'restricted,privileged', 'BAD_INPUT', 'two levels at once'),
  row('--depends-on', '', 'BAD_NAME', 'empty string'),
  row('--depends-on', 'cilium\n---', 'BAD_NAME', 'document marker injection'),
  row('--depends-on', '../cilium', 'BAD_NAME', 'path traversal'),
  row('--depends-on', '\u0441ilium', 'BAD_NAME', 'Cyrillic look-alike of an existing Kustomization'),
  row('--depends-on', huge('d'), 'BAD_NAME', '10 MB string', true),
  row('--cluster', '', 'UNKNOWN_CLUSTER', 'empty string'),
  row('--cluster', 'local-kube\nkind: Secret', 'UNKNOWN_CLUSTER', 'newline injection'),
  row('--cluster', '.', 'UNKNOWN_CLUSTER', 'path segment .'),
  row('--cluster', 'local-kube/../local-kube', 'UNKNOWN_CLUSTER', 'path traversal to itself'),
  row('--cluster', huge('k'), 'UNKNOWN_CLUSTER', '10 MB string', true),
  row('--infra-root', '', 'BAD_REPO', 'empty string'),
  row('--infra-root', 'repo\u0000', 'BAD_REPO', 'NUL byte', true),
  row('--infra-root', huge('/tmp/'), 'BAD_REPO', '10 MB string', true),
  values('binary garbage', Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a, 0x80, 0x81, 0x00])),
  values('two YAML documents', 'replicaCount: 1\n---\nkind: Secret\n'),
  values('quadratic alias expansion', `a: &a "${'x'.repeat(900_000)}"\nb: [${Array(90).fill('*a').join(', ')}]\n`),
  values('merge-key alias bomb', `${mergeBomb()}\n`),
  values('unknown tag python object', 'a: !!python/object/apply:os.system ["rm -rf /"]\n'),
  values('a list as a mapping key', '? [a, b]\n: 1\n'),
  values('nesting 50000 deep', nest(50_000)),
  values('passwd-like text', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n'),
  values('a FIFO nobody writes to', async (file) => void (await execa('mkfifo', [file]))),
];

/** The same single-valued flag twice with different values: refused, never last-wins. */
export const CONFLICTING_REPEATS: { title: string; extra: string[]; named: string[] }[] = [
  { title: '--namespace a --namespace b', extra: ['--namespace', 'cache-a', '--namespace', 'cache-b'], named: ['--namespace', 'cache-b'] },
  { title: '--repo-url twice', extra: ['--repo-url', 'https://charts.example.com'], named: ['--repo-url'] },
  { title: '--chart-version twice', extra: ['--chart-version', '21.x'], named: ['--chart-version', '21.x'] },
  { title: '--pss twice', extra: ['--pss', 'restricted', '--pss', 'privileged'], named: ['--pss', 'privileged'] },
  { title: '--values twice', extra: ['--values', '/tmp/a.yaml', '--values', '/tmp/b.yaml'], named: ['--values'] },
  { title: '--repo-name twice', extra: ['--repo-name', 'bitnami', '--repo-name', 'other'], named: ['--repo-name'] },
  { title: '--webhook and --no-webhook', extra: ['--webhook', '--no-webhook'], named: ['--webhook', '--no-webhook'] },
];
