/** The record half of `regen`: every recorded component and service re-rendered and re-applied, in memory. */
import type { BuiltObject } from '../../build/kustomize.ts';
import { loadRepoModel } from '../../discover/discover-repo.ts';
import type { RepoModel } from '../../discover/model.ts';
import { describeError, FluxgenError, isFluxgenError, type ErrorCode } from '../../errors.ts';
import { findHandEdits, type HandEdit } from '../../generate/ownership.ts';
import { prepareChange, type PreparedChange } from '../../generate/prepare-change.ts';
import type { LoadedRecord, RecordKind } from '../../plan/records.ts';
import type { Generator, PlannedSpec } from '../../generate/generator.ts';
import { serviceGenerator } from '../service/service-generator.ts';
import type { Assumption } from '../../render/render-component.ts';
import { readIfExists } from '../../write/change-set.ts';
import { componentGenerator } from '../component/component-generator.ts';
import { monitoringGenerator } from '../monitoring/monitoring-generator.ts';
import { netpolGenerator } from '../netpol/netpol-generator.ts';

/** The generator that re-runs each kind of record. */
const GENERATORS: Record<RecordKind, Generator<any, PlannedSpec>> = { component: componentGenerator, netpol: netpolGenerator, monitoring: monitoringGenerator, service: serviceGenerator };

export interface RegeneratedComponents {
  /** Every file as regen wants it after the records (path → content). */
  desired: Map<string, string | null>;
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
  'UNKNOWN_DEPENDENCY', 'UNKNOWN_CLUSTER', 'UNKNOWN_COMPONENT', 'AMBIGUOUS_CLUSTER', 'NO_CLUSTER',
]);

/** The model with the run's pending files applied (the same builder: unchanged folders are not built again). */
function pendingModel(model: RepoModel, pending: ReadonlyMap<string, string | null>): Promise<RepoModel> {
  return pending.size === 0 ? Promise.resolve(model) : loadRepoModel(model.root, { builder: model.builder, overlay: pending });
}

async function prepareRecord(record: LoadedRecord, model: RepoModel, pending: Map<string, string | null>): Promise<PreparedChange<PlannedSpec>> {
  const generator = GENERATORS[record.kind];
  try {
    return await prepareChange(generator, record.spec, { root: model.root, validate: true }, { model: await pendingModel(model, pending), pending });
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
export async function regenerateComponents(model: RepoModel, records: readonly LoadedRecord[]): Promise<RegeneratedComponents> {
  const result: RegeneratedComponents = { desired: new Map(), objects: new Map(), handEdits: [], problems: [], recreateReasons: [], assumptions: [], orphans: [] };
  for (const record of records) {
    let prepared: PreparedChange<PlannedSpec>;
    try {
      prepared = await prepareRecord(record, model, result.desired);
    } catch (error) {
      if (isFluxgenError(error) && error.exitCode === 1) {
        result.problems.push(new FluxgenError(error.code, describeError(error), { position: { file: record.file }, hint: error.hint, cause: error }));
        continue;
      }
      throw error;
    }
    result.desired = prepared.desired;
    for (const [dir, objects] of prepared.objects) result.objects.set(dir, objects);
    const edits = await findHandEdits(model.root, prepared.rendered.files, record.files);
    result.handEdits.push(...edits.map((edit) => ({ ...edit, record: record.file })));
    result.assumptions.push(...prepared.report.assumptions);
    if (prepared.report.clusterRecreate.required) result.recreateReasons.push(...prepared.report.clusterRecreate.reasons);
    const rendered = new Set(prepared.rendered.files.map((f) => f.path));
    for (const file of Object.keys(record.files).sort()) {
      if (!rendered.has(file) && (await readIfExists(model.root, file)) !== null) result.orphans.push(file);
    }
  }
  return result;
}
