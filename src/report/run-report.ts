/** The report of a writing command (SPEC §6), and its markdown form. */
import type { Assumption } from '../render/render-component.ts';

export type Outcome = 'pass' | 'fail' | 'skipped';

export interface RunReport {
  filesCreated: string[];
  filesModified: string[];
  /** Files the change deletes (moved to another folder); absent when none. */
  filesDeleted?: string[];
  kustomizations: { cluster: string; name: string; dependsOn: string[]; layer: number | null }[];
  assumptions: Assumption[];
  /** SPEC §5: `command` (the configured recreate command) is there when `required`. */
  clusterRecreate: { required: boolean; reasons: string[]; command?: string };
  validation: { yaml: Outcome; kustomize: Outcome; schema: Outcome; antiPatterns: Outcome };
}

const MARK: Record<Outcome, string> = { pass: '✅ PASS', fail: '❌ FAIL', skipped: '⏭️ SKIPPED' };

function list(items: readonly string[], empty = '- (none)'): string[] {
  return items.length === 0 ? [empty] : items.map((i) => `- \`${i}\``);
}

/** The seeds' "Output Format" summary, in markdown. */
export function formatReportMarkdown(report: RunReport, options: { dryRun: boolean; recreateCommand: string }): string {
  const lines = [options.dryRun ? '## Infrastructure Plan (dry run: nothing written)' : '## Infrastructure Implementation Complete', ''];
  lines.push(options.dryRun ? '### Files To Create' : '### Files Created', ...list(report.filesCreated), '');
  lines.push(options.dryRun ? '### Files To Modify' : '### Files Modified', ...list(report.filesModified), '');
  if (report.filesDeleted) lines.push(options.dryRun ? '### Files To Delete (moved)' : '### Files Deleted (moved)', ...list(report.filesDeleted), '');
  lines.push('### Bootstrap Layer Placement');
  for (const k of report.kustomizations) {
    const deps = k.dependsOn.length > 0 ? ` (depends on: ${k.dependsOn.join(', ')})` : ' (no dependencies)';
    lines.push(`- \`${k.name}\` → Layer ${k.layer ?? '?'}${deps}${clusterSuffix(report, k.cluster)}`);
  }
  lines.push('', '### Assumptions Made (REVIEW)');
  lines.push(...(report.assumptions.length === 0 ? ['- (none)'] : report.assumptions.map((a) => `- ${a.text} (\`${a.file}\`)`)));
  lines.push('', '### Cluster Recreate Required?');
  if (report.clusterRecreate.required) {
    lines.push(`- YES: ${report.clusterRecreate.reasons.join('; ')}`, `- Run: \`${options.recreateCommand}\``);
  } else {
    lines.push(`- NO: ${report.clusterRecreate.reasons.join('; ')}`);
  }
  const v = report.validation;
  lines.push('', '### Validation Results');
  lines.push(`- YAML syntax: ${MARK[v.yaml]}`, `- Kustomize build: ${MARK[v.kustomize]}`, `- Schema: ${MARK[v.schema]}`, `- Anti-patterns: ${MARK[v.antiPatterns]}`);
  return `${lines.join('\n')}\n`;
}

function clusterSuffix(report: RunReport, cluster: string): string {
  const clusters = new Set(report.kustomizations.map((k) => k.cluster));
  return clusters.size > 1 ? ` [cluster ${cluster}]` : '';
}
