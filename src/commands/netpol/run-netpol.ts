/** `fluxgen netpol`: the netpol generator over the shared write path; a component fluxgen generated is re-rendered with its policy instead. */
import { runChange, type ChangeResult, type RunChangeOptions } from '../../generate/run-change.ts';
import { componentRecord, recordedClusters } from '../../plan/existing-component.ts';
import { componentGenerator } from '../component/component-generator.ts';
import { netpolGenerator, type NetpolInput } from './netpol-generator.ts';

/**
 * Adds the CiliumNetworkPolicy to component `input.name`. A component with a `component` record is
 * fluxgen's own: its record gains `webhook: true` and the component pipeline renders the policy, so that
 * its recorded files stay its own. Any other component keeps its files; only the policy is recorded.
 */
export async function runNetpol(input: NetpolInput, options: RunChangeOptions): Promise<ChangeResult> {
  const record = await componentRecord(options.root, input.name, 'netpol');
  if (record !== undefined) {
    return runChange(componentGenerator, { ...record.spec, clusters: recordedClusters(record, input.clusters, 'netpol'), webhook: true }, options);
  }
  return runChange(netpolGenerator, input, options);
}
