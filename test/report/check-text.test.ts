import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/check/finding.ts';
import { wantsColor } from '../../src/cli/color.ts';
import { formatCheckJson, formatCheckText } from '../../src/report/check-text.ts';

const FINDINGS: Finding[] = [
  { rule: 'missing-crd-dependency', severity: 'error', file: 'clusters/c1/infrastructure.yaml', line: 42, message: 'add `- name: cilium`', kustomization: 'app' },
  { rule: 'namespace-missing-pss', severity: 'warning', file: 'clusters/c1/infrastructure.yaml', line: 108, message: 'add the label' },
  { rule: 'plaintext-secret', severity: 'error', file: 'namespaces/app/secret.yaml', line: 6, message: 'encrypt it' },
];

describe('check text output', () => {
  it('groups findings by file, one line each, and closes with the counts', () => {
    expect(formatCheckText(FINDINGS, pc.createColors(false))).toBe(
      [
        'clusters/c1/infrastructure.yaml',
        '   42  error    add `- name: cilium`  missing-crd-dependency',
        '  108  warning  add the label  namespace-missing-pss',
        '',
        'namespaces/app/secret.yaml',
        '    6  error    encrypt it  plaintext-secret',
        '',
        '✖ 3 problems (2 errors, 1 warning)',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    expect(formatCheckText([], pc.createColors(false))).toBe('✓ no problems found\n');
  });

  it('uses colour only when enabled', () => {
    expect(formatCheckText(FINDINGS, pc.createColors(true))).toContain('\u001b[31m');
    expect(formatCheckText(FINDINGS, pc.createColors(false))).not.toContain('\u001b[');
  });

  it('colours a terminal unless NO_COLOR is set; never a pipe unless FORCE_COLOR', () => {
    expect(wantsColor({}, true)).toBe(true);
    expect(wantsColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColor({}, false)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: '1' }, false)).toBe(true);
  });
});

describe('check --format json', () => {
  it('prints exactly { findings: [{ rule, severity, file, line, message, kustomization? }] }', () => {
    const parsed = JSON.parse(formatCheckJson(FINDINGS));
    expect(Object.keys(parsed)).toEqual(['findings', 'notices']);
    expect(parsed.findings[0]).toEqual({ rule: 'missing-crd-dependency', severity: 'error', file: 'clusters/c1/infrastructure.yaml', line: 42, message: 'add `- name: cilium`', kustomization: 'app' });
    expect(Object.keys(parsed.findings[1])).toEqual(['rule', 'severity', 'file', 'line', 'message']);
  });
});
