/** What a rule reports: the unit of `check` output. */

export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  /** Repo-relative with `/`. */
  file: string;
  /** 1-based. */
  line: number;
  message: string;
  kustomization?: string;
}
