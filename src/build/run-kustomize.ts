/** One kustomize invocation as Flux runs it (`--load-restrictor LoadRestrictionsNone`); a failed build is a result, not a throw. */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { FluxgenError } from '../errors.ts';
import { runCommand } from './run-command.ts';

export interface KustomizeCommand {
  file: string;
  args: string[];
}

let resolved: Promise<KustomizeCommand> | undefined;

/**
 * The executable `command` resolves to on PATH, or undefined. Looked up on disk rather than by running it:
 * starting kubectl just to see that it exists costs as much as a build.
 */
async function onPath(command: string): Promise<string | undefined> {
  const names = process.platform === 'win32' ? [`${command}.exe`, `${command}.cmd`] : [command];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = path.join(dir, name);
      const ok = await access(file, constants.X_OK).then(() => stat(file).then((s) => s.isFile()), () => false);
      if (ok) return file;
    }
  }
  return undefined;
}

/** Finds the kustomize to use, once per process: `kustomize` on PATH (unless FLUXGEN_KUSTOMIZE=kubectl), else `kubectl kustomize`. */
export function findKustomize(): Promise<KustomizeCommand> {
  resolved ??= (async () => {
    if (process.env.FLUXGEN_KUSTOMIZE !== 'kubectl' && (await onPath('kustomize'))) {
      return { file: 'kustomize', args: ['build'] };
    }
    if (await onPath('kubectl')) return { file: 'kubectl', args: ['kustomize'] };
    throw new FluxgenError('KUSTOMIZE_MISSING', 'neither `kustomize` nor `kubectl` was found on PATH', {
      hint: 'install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, or pass --no-validate',
    });
  })();
  return resolved;
}

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
