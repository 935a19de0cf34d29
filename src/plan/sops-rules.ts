/** Which creation rule of the repo's `.sops.yaml` would encrypt a file (SOPS takes the first whose path_regex matches). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

/** The REVIEW line about encrypting `file` (repo-relative) with the repo's `.sops.yaml`. */
export async function sopsReview(root: string, file: string): Promise<string> {
  const text = await readFile(path.join(root, '.sops.yaml'), 'utf8').catch(() => undefined);
  const encrypt = `encrypt it with \`sops --encrypt --in-place ${file}\` before committing, then list it under resources`;
  if (text === undefined) return `Using SOPS - ensure keys are configured: no .sops.yaml in the repo; ${encrypt}`;
  let rules: unknown;
  try {
    rules = (parse(text) as { creation_rules?: unknown } | null)?.creation_rules;
  } catch {
    return `Using SOPS - ensure keys are configured: .sops.yaml does not parse; ${encrypt}`;
  }
  const list = Array.isArray(rules) ? rules : [];
  for (const [i, rule] of list.entries()) {
    const regex = (rule as { path_regex?: unknown })?.path_regex;
    if (regex !== undefined && !matches(String(regex), file)) continue;
    const shown = regex === undefined ? 'without path_regex' : `path_regex ${String(regex)}`;
    return `Using SOPS: .sops.yaml creation rule ${i + 1} (${shown}) would encrypt this file; ${encrypt}`;
  }
  return `Using SOPS - ensure keys are configured: no creation rule of .sops.yaml matches ${file}; add one, then ${encrypt}`;
}

function matches(regex: string, file: string): boolean {
  try {
    return new RegExp(regex).test(file);
  } catch {
    return false;
  }
}
