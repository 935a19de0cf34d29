/** The record half of `regen`: every recorded component re-rendered and re-applied, in memory. */
import type { BuildFunction } from '../build/build-cache.ts';
import type { BuiltObject } from '../build/kustomize.ts';
import { describeError, FluxgenError, isFluxgenError, type ErrorCode } from '../errors.ts';
import type { LoadedRecord } from '../plan/load-records.ts';
import { withPendingFiles } from '../plan/pending-facts.ts';
import type { RepoFacts } from '../plan/repo.ts';
import type { Assumption } from '../render/render-component.ts';
import { readIfExists } from '../write/change-set.ts';
import { findHandEdits, type HandEdit } from './ownership.ts';
import { prepareComponent, type PreparedComponent } from './prepare-component.ts';

export interface RegeneratedComponents {
  /** Every file as regen wants it after the records (path → content). */
  desired: Map<string, string>;
  /** What each re-rendered component directory builds. */
  objects: Map<string, BuiltObject[]>;
  handEdits: (HandEdit & { record: string })[];
  /** Findings that stop the run (exit 1): a missing CRD provider, a failed build. */
  problems: FluxgenError[];
  recreateReasons: string[];
  /** REVIEW notes of the re-rendered components (each names its file). */
  assumptions: Assumption[];
  /** Files a record lists that its spec no longer generates: left in place, reported. */
  orphans: string[];
}

/** Errors of a record's inputs: the record is broken, not the repo. */
const RECORD_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BAD_INPUT', 'BAD_NAME', 'BAD_URL', 'BAD_VERSION', 'BAD_VALUES', 'BAD_PATH', 'BAD_REPO',
  'UNKNOWN_DEPENDENCY', 'UNKNOWN_CLUSTER', 'AMBIGUOUS_CLUSTER', 'NO_CLUSTER',
]);

async function prepareRecord(record: LoadedRecord, repo: RepoFacts, pending: Map<string, string>, build: BuildFunction): Promise<PreparedComponent> {
  try {
    return await prepareComponent(record.spec, { root: repo.root, validate: true }, { repo: withPendingFiles(repo, pending), pending, build });
  } catch (error) {
    if (!isFluxgenError(error) || !RECORD_ERRORS.has(error.code)) throw error;
    throw new FluxgenError('BAD_RECORD', describeError(error), {
      position: { file: record.file },
      hint: `fix spec in ${record.file}${error.hint ? ` (${error.hint})` : ''}, or delete the record to stop regenerating ${record.spec.name}`,
      cause: error,
    });
  }
}

/**
 * Runs each record's spec through the component pipeline (validation, render, staged build,
 * computed dependsOn, infrastructure.yaml edit), each on top of the previous one's files. Input
 * errors throw BAD_RECORD naming the record file (exit 2); validation errors are collected.
 */
export async function regenerateComponents(repo: RepoFacts, records: readonly LoadedRecord[], build: BuildFunction): Promise<RegeneratedComponents> {
  const result: RegeneratedComponents = { desired: new Map(), objects: new Map(), handEdits: [], problems: [], recreateReasons: [], assumptions: [], orphans: [] };
  for (const record of records) {
    let prepared: PreparedComponent;
    try {
      prepared = await prepareRecord(record, repo, result.desired, build);
    } catch (error) {
      if (isFluxgenError(error) && error.exitCode === 1) {
        result.problems.push(new FluxgenError(error.code, describeError(error), { position: { file: record.file }, hint: error.hint, cause: error }));
        continue;
      }
      throw error;
    }
    result.desired = prepared.desired;
    for (const [dir, objects] of prepared.objects) result.objects.set(dir, objects);
    const edits = await findHandEdits(repo.root, prepared.rendered.files, record.files);
    result.handEdits.push(...edits.map((edit) => ({ ...edit, record: record.file })));
    result.assumptions.push(...prepared.report.assumptions);
    if (prepared.report.clusterRecreate.required) result.recreateReasons.push(...prepared.report.clusterRecreate.reasons);
    const rendered = new Set(prepared.rendered.files.map((f) => f.path));
    for (const file of Object.keys(record.files).sort()) {
      if (!rendered.has(file) && (await readIfExists(repo.root, file)) !== null) result.orphans.push(file);
    }
  }
  return result;
}
