/** `fluxgen component`: the component generator over the shared write path (run-change.ts). */
import { runChange, type ChangeResult, type RunChangeOptions } from '../../generate/run-change.ts';
import type { ComponentInput } from '../../plan/plan-component.ts';
import { componentGenerator } from './component-generator.ts';

export type ComponentResult = ChangeResult;

/** Adds (or updates) one component; with `dryRun` it plans and writes nothing. */
export function runComponent(input: ComponentInput, options: RunChangeOptions): Promise<ComponentResult> {
  return runChange(componentGenerator, input, options);
}
