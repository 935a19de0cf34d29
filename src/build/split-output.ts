/** One batch build's output split back into its folders, each object with its source file and without build annotations. */
import path from 'node:path';
import { loadAll } from 'js-yaml';
import type { BuildOutcome, SourcedObject } from './build-outcome.ts';
import { unitPrefix, type BatchRoot } from './batch-root.ts';
import type { BuiltObject } from './kustomize.ts';
import { readOrigin, readUnit, stripBuildAnnotations, stripUnitPrefix } from './origin.ts';

/** Repo-relative file of an origin path (relative to the build root); undefined outside the repo. */
function repoFile(originPath: string, buildDir: string, absRoot: string): string | undefined {
  const file = path.relative(absRoot, path.resolve(buildDir, originPath)).split(path.sep).join('/');
  return file.startsWith('../') || path.isAbsolute(file) ? undefined : file;
}

/**
 * kustomize's output as objects. js-yaml (YAML 1.2 core schema) reads a
 * batch of a few hundred objects about five times faster from a cold start, which a one-shot CLI always is.
 */
function loadObjects(stdout: string): BuiltObject[] {
  return loadAll(stdout).filter(
    (obj): obj is BuiltObject => typeof obj === 'object' && obj !== null && typeof (obj as BuiltObject).kind === 'string',
  );
}

/** The folder (of `dirs`, none nested in another) holding `file`. */
function folderOf(file: string | undefined, dirs: readonly string[]): number {
  if (file === undefined) return -1;
  return dirs.findIndex((dir) => dir === '' || file.startsWith(`${dir}/`));
}

/**
 * Splits kustomize's output over `dirs` (repo-relative, in unit order): by the unit stamp when the batch
 * stamped, else by the folder of the origin file (a one-folder build takes everything).
 */
export function splitBuildOutput(stdout: string, dirs: readonly string[], batch: BatchRoot, absRoot: string): Map<string, BuildOutcome> {
  const outcomes = new Map<string, BuildOutcome>(dirs.map((dir) => [dir, { objects: [] as SourcedObject[] }]));
  for (const object of loadObjects(stdout)) {
    const origin = readOrigin(object);
    const file = origin.path !== undefined && origin.repo === undefined ? repoFile(origin.path, batch.dir, absRoot) : undefined;
    const unit = dirs.length === 1 ? 0 : batch.stamped ? (readUnit(object) ?? -1) : folderOf(file, dirs);
    const dir = dirs[unit];
    if (dir === undefined) continue;
    const plain = batch.stamped ? stripUnitPrefix(object, unitPrefix(unit)) : object;
    const sourced: SourcedObject = { object: stripBuildAnnotations(plain) };
    if (file !== undefined) sourced.file = file;
    outcomes.get(dir)!.objects.push(sourced);
  }
  return outcomes;
}
