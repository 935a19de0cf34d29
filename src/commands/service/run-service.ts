/** `fluxgen service`: the shared print-or-write fork over the service generator. */
import { runChange, type ChangeResult, type RunChangeOptions } from '../../generate/run-change.ts';
import type { ServiceInput } from '../../plan/plan-service.ts';
import { serviceGenerator } from './service-generator.ts';

/** Plans the service under the repo lock and writes it all or nothing (or only plans, with `dryRun`). */
export function runService(input: ServiceInput, options: RunChangeOptions): Promise<ChangeResult> {
  return runChange(serviceGenerator, input, options);
}
