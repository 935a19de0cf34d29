/** `check` findings as SARIF 2.1.0, for code-scanning upload. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../check/finding.ts';
import type { Rule } from '../check/rule.ts';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** fluxgen's version, from the package.json above this module (src/report/ or its compiled copy in dist/src/report/). */
function fluxgenVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'fluxgen' && pkg.version) return pkg.version;
  }
  return '0.0.0';
}

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning' };

/** Percent-encodes a repo-relative path for artifactLocation.uri, keeping the `/` separators. */
function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * The SARIF log: every rule that is on (its configured level as defaultConfiguration), and one
 * result per finding with its file (relative to %SRCROOT%, the repo root) and line.
 */
export function formatSarif(findings: readonly Finding[], rules: readonly Rule[], settings: Record<string, 'off' | 'warning' | 'error'> = {}): string {
  const active = rules.filter((rule) => settings[rule.id] !== 'off');
  const descriptors: ReportingDescriptor[] = active.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.summary },
    fullDescription: { text: `${rule.summary}. ${rule.help}` },
    help: { text: rule.help },
    defaultConfiguration: { level: LEVEL[(settings[rule.id] as Severity | undefined) ?? rule.severity] },
  }));
  const index = new Map(active.map((rule, i) => [rule.id, i]));
  const results: Result[] = findings.map((finding) => ({
    ruleId: finding.rule,
    ...(index.has(finding.rule) ? { ruleIndex: index.get(finding.rule) } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(finding.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.line },
        },
      },
    ],
    ...(finding.kustomization === undefined ? {} : { properties: { kustomization: finding.kustomization } }),
  }));
  const version = fluxgenVersion();
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'fluxgen', version, semanticVersion: version, rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the GitOps repository (--infra-root).' } } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
