import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/check/all-rules.ts';
import type { Finding } from '../../src/check/finding.ts';
import { formatSarif } from '../../src/report/sarif.ts';

const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
/** The OASIS SARIF 2.1.0 JSON schema (draft-04), as shipped by @microsoft/jest-sarif. */
const SARIF_SCHEMA = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as Record<string, unknown>;
const validateSarif = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(SARIF_SCHEMA);

const FINDINGS: Finding[] = [
  { rule: 'helmrelease-upgrade-force', severity: 'error', file: 'namespaces/app/helm-release.yaml', line: 17, message: 'remove it', kustomization: 'app' },
  { rule: 'base-overlays-in-flat-repo', severity: 'warning', file: 'overlays/my env/kustomization.yaml', line: 1, message: 'move it' },
];

describe('check --format sarif', () => {
  const log = JSON.parse(formatSarif(FINDINGS, ALL_RULES, { 'restart-annotation': 'off', 'namespace-missing-pss': 'error' }));

  it('is valid against the SARIF 2.1.0 JSON schema', () => {
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('has the version, one run and the fluxgen driver with every rule that is on', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('fluxgen');
    expect(driver.version).toBe(require('../../package.json').version);
    const ids = driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(ALL_RULES.map((r) => r.id).filter((id) => id !== 'restart-annotation'));
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text).not.toBe('');
      expect(rule.help.text).not.toBe('');
      expect(rule.fullDescription.text).toContain(rule.help.text);
    }
    expect(driver.rules.find((r: { id: string }) => r.id === 'namespace-missing-pss').defaultConfiguration.level).toBe('error');
  });

  it('has one result per finding, with its rule, level, message and physical location', () => {
    const [first, second] = log.runs[0].results;
    expect(first).toMatchObject({
      ruleId: 'helmrelease-upgrade-force',
      level: 'error',
      message: { text: 'remove it' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'namespaces/app/helm-release.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 17 } } }],
      properties: { kustomization: 'app' },
    });
    expect(log.runs[0].tool.driver.rules[first.ruleIndex].id).toBe('helmrelease-upgrade-force');
    expect(second).toMatchObject({ ruleId: 'base-overlays-in-flat-repo', level: 'warning' });
    expect(second.locations[0].physicalLocation.artifactLocation.uri).toBe('overlays/my%20env/kustomization.yaml');
  });

  it('is a valid log with no results for a clean repo', () => {
    const clean = JSON.parse(formatSarif([], ALL_RULES));
    expect(validateSarif(clean)).toBe(true);
    expect(clean.runs[0].results).toEqual([]);
  });
});
