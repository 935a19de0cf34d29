/** A subprocess run to completion, as a result (never a rejection). */
import { execFile } from 'node:child_process';

/**
 * Runs a command to completion; never rejects. node's execFile rather than execa: execa's import alone
 * costs a cold CLI run more than a kustomize build.
 */
export function runCommand(file: string, args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({ exitCode: code, stdout, stderr: stderr || (error && code === 127 ? error.message : '') });
    });
  });
}
