/** `fluxgen monitoring <name>`: the -monitoring part of an existing component, split out or added. */
import type { Command } from 'commander';
import { infraRoot } from './options.ts';
import { addWriteFlags, runAndPrint, writeOptions, type WriteFlags } from './write-flags.ts';

/** Registers `fluxgen monitoring` on the program. */
export function monitoringCommand(program: Command): Command {
  return addWriteFlags(program.command('monitoring'))
    .description('split out (or add) the <name>-monitoring part of an existing component: moves its PrometheusRule/ServiceMonitor/PodMonitor files byte for byte, turns the chart ServiceMonitor off, adds the -monitoring Kustomization')
    .argument('<name>', 'the component: the name of its Flux Kustomization')
    .action(async (name: string, flags: WriteFlags, command: Command) => {
      const root = infraRoot(command.optsWithGlobals().infraRoot);
      const { runMonitoring } = await import('../commands/monitoring/run-monitoring.ts');
      await runAndPrint(flags, (onProgress) => runMonitoring({ name, clusters: flags.cluster }, { root, ...writeOptions(flags), onProgress }));
    });
}
