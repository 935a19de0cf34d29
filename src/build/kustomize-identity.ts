/** Which kustomize a build would run, told without running it (a warm cache must spawn nothing). */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

let identity: Promise<string> | undefined;

/** The first executable file called `name` on PATH, as `name=<real path>:<size>:<mtime>`, or `name=none`. */
async function binaryOnPath(name: string): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    const info = await stat(candidate).catch(() => undefined);
    if (!info?.isFile() || (info.mode & 0o111) === 0) continue;
    const real = await realpath(candidate).catch(() => candidate);
    return `${name}=${real}:${info.size}:${info.mtimeMs}`;
  }
  return `${name}=none`;
}

/**
 * Names the kustomize binaries a build may use (`kustomize`, else `kubectl kustomize`) by real path,
 * size and modification time, plus FLUXGEN_KUSTOMIZE: upgrading or switching kustomize changes it.
 * Computed once per process.
 */
export function kustomizeIdentity(): Promise<string> {
  identity ??= Promise.all([binaryOnPath('kustomize'), binaryOnPath('kubectl')]).then((binaries) =>
    [...binaries, `FLUXGEN_KUSTOMIZE=${process.env.FLUXGEN_KUSTOMIZE ?? ''}`].join('\n'),
  );
  return identity;
}
