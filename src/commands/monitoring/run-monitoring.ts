/** `fluxgen monitoring`: the monitoring generator over the shared write path; a component fluxgen generated is re-rendered with `monitoring: true` instead. */
import { runChange, type ChangeResult, type RunChangeOptions } from '../../generate/run-change.ts';
import { componentRecord, recordedClusters } from '../../plan/existing-component.ts';
import { componentGenerator } from '../component/component-generator.ts';
import { monitoringGenerator, type MonitoringInput } from './monitoring-generator.ts';

/**
 * Splits out or adds the -monitoring part of component `input.name`. A component with a `component`
 * record is fluxgen's own (it never holds monitoring resources): its record gains `monitoring: true`.
 */
export async function runMonitoring(input: MonitoringInput, options: RunChangeOptions): Promise<ChangeResult> {
  const record = await componentRecord(options.root, input.name, 'monitoring');
  if (record !== undefined) {
    return runChange(componentGenerator, { ...record.spec, clusters: recordedClusters(record, input.clusters, 'monitoring'), monitoring: true }, options);
  }
  return runChange(monitoringGenerator, input, options);
}
