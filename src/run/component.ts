/** `fluxgen component`: prepare, write all-or-nothing, validate, report. */
import { buildKustomization } from '../build/kustomize.ts';
import { FluxgenError, isFluxgenError } from '../errors.ts';
import type { ComponentInput } from '../plan/plan-component.ts';
import type { RunReport } from '../report/run-report.ts';
import { applyChanges } from '../write/change-set.ts';
import { prepareComponent, type ComponentOptions } from './prepare-component.ts';

export interface ComponentResult {
  report: RunReport;
  recreateCommand: string;
}

/** Runs the component pipeline; with `dryRun` it stops before writing. */
export async function runComponent(input: ComponentInput, options: ComponentOptions & { dryRun?: boolean }): Promise<ComponentResult & { dryRun: boolean }> {
  const prepared = await prepareComponent(input, options);
  const { report } = prepared;
  const { recreateCommand } = prepared;
  if (options.dryRun || prepared.changes.length === 0) {
    return { report, recreateCommand, dryRun: options.dryRun ?? false };
  }
  const applied = await applyChanges(options.root, prepared.changes);
  try {
    await Promise.all(prepared.buildDirs.map((dir) => buildKustomization(options.root, dir)));
  } catch (error) {
    await applied.rollback();
    if (isFluxgenError(error)) {
      throw new FluxgenError(error.code, `${error.message}; every file was restored, nothing was changed`, { hint: error.hint, exitCode: error.exitCode, cause: error });
    }
    throw error;
  }
  return { report, recreateCommand, dryRun: false };
}
