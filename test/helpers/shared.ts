/**
 * `../shared` beside the project (or `$FLUXGEN_SHARED`): the corpus of real Flux files and the real
 * repos some tests read. CI has it; a bare clone does not, and there those tests are skipped, with
 * one line on stderr per test file saying why, so that `npm test` passes everywhere else.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `$FLUXGEN_SHARED` if set, else `<project>/../shared`. */
export const SHARED = process.env.FLUXGEN_SHARED ? path.resolve(process.env.FLUXGEN_SHARED) : path.resolve(PROJECT, '../shared');
/** Real-world files holding Flux Kustomizations. */
export const CORPUS = path.join(SHARED, 'corpus/flux-kustomization-files');

/** True when the shared folder is there. */
export function sharedAvailable(): boolean {
  try {
    return statSync(SHARED).isDirectory();
  } catch {
    return false;
  }
}

let told = false;

/**
 * True when the tests that read SHARED must be skipped (`it.skipIf(skipUnlessShared())`); the first
 * call in a test file that skips prints why, once.
 */
export function skipUnlessShared(): boolean {
  if (sharedAvailable()) return false;
  if (!told) {
    told = true;
    const why = process.env.FLUXGEN_SHARED
      ? `$FLUXGEN_SHARED (${SHARED}: corpus, realrepos) does not exist`
      : '../shared (corpus, realrepos) is not beside the project';
    process.stderr.write(`skipped: ${why}; CI has it\n`);
  }
  return true;
}

/** A describe block that reads SHARED: skipped (and said so) without it. */
export function describeShared(name: string, fn: () => void): void {
  describe.skipIf(skipUnlessShared())(name, fn);
}
