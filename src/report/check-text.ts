/** `check` findings for people: grouped by file, one line per finding, a closing count. */
import type pc from 'picocolors';
import type { Finding } from '../check/finding.ts';

type Colors = ReturnType<typeof pc.createColors>;

/** The findings as text; `colors` from picocolors' createColors (disabled: plain text). */
export function formatCheckText(findings: readonly Finding[], colors: Colors): string {
  if (findings.length === 0) return `${colors.green('✓')} no problems found\n`;
  const lines: string[] = [];
  const width = Math.max(...findings.map((f) => String(f.line).length));
  let file: string | undefined;
  for (const finding of findings) {
    if (finding.file !== file) {
      if (file !== undefined) lines.push('');
      file = finding.file;
      lines.push(colors.underline(colors.bold(file)));
    }
    const severity = finding.severity === 'error' ? colors.red('error  ') : colors.yellow('warning');
    lines.push(`  ${colors.dim(String(finding.line).padStart(width))}  ${severity}  ${finding.message}  ${colors.dim(finding.rule)}`);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = `${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  lines.push('', errors > 0 ? colors.red(colors.bold(`✖ ${summary}`)) : colors.yellow(colors.bold(`⚠ ${summary}`)));
  return `${lines.join('\n')}\n`;
}

/** The findings as SPEC §7's JSON: `{ "findings": [...] }`, keys in the documented order. */
/** A notice as one stderr line: `fluxgen: notice: file:line: text`. */
export function formatNotices(notices: readonly { text: string; file?: string; line?: number }[]): string {
  return notices.map((n) => `fluxgen: notice: ${n.file ? `${n.file}${n.line ? `:${n.line}` : ''}: ` : ''}${n.text}\n`).join('');
}

export function formatCheckJson(findings: readonly Finding[], notices: readonly { text: string; file?: string; line?: number }[] = []): string {
  const shaped = findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    file: f.file,
    line: f.line,
    message: f.message,
    ...(f.kustomization === undefined ? {} : { kustomization: f.kustomization }),
  }));
  return `${JSON.stringify({ findings: shaped, notices }, null, 2)}\n`;
}
