/** One kustomize invocation as Flux runs it (`--load-restrictor LoadRestrictionsNone`); a failed build is a result, not a throw. */
import { findKustomize } from './kustomize.ts';
import { runCommand } from './run-command.ts';

export interface KustomizeRun {
  ok: boolean;
  stdout: string;
  /** kustomize's error, without kubectl's log prefix. */
  error: string;
}

/** Builds the kustomization in `target` (an absolute directory). */
export async function runKustomize(target: string): Promise<KustomizeRun> {
  const { file, args } = await findKustomize();
  const result = await runCommand(file, [...args, '--load-restrictor', 'LoadRestrictionsNone', target]);
  const ok = result.exitCode === 0;
  return { ok, stdout: ok ? result.stdout : '', error: ok ? '' : cleanKustomizeError(result.stderr) };
}

/**
 * kubectl prints `E1123 16:19:02.841438 19156 run.go:72] "command failed" err="…"`, kustomize `Error: …`:
 * keep the message only.
 */
export function cleanKustomizeError(stderr: string): string {
  const klog = /"command failed" err="((?:[^"\\]|\\.)*)"/.exec(stderr);
  if (klog) return unquote(klog[1]!).trim();
  return stderr.replace(/^Error: /m, '').trim();
}

/** Go's %q escapes, read as JSON's (close enough for messages); the raw text when they differ. */
function unquote(quoted: string): string {
  try {
    return JSON.parse(`"${quoted}"`) as string;
  } catch {
    return quoted;
  }
}
