/** `fluxgen netpol <name>`: the CiliumNetworkPolicy added to an existing component. */
import type { Command } from 'commander';
import { infraRoot } from './options.ts';
import { addWriteFlags, runAndPrint, writeOptions, type WriteFlags } from './write-flags.ts';

/** Registers `fluxgen netpol` on the program. */
export function netpolCommand(program: Command): Command {
  return addWriteFlags(program.command('netpol'))
    .description("add cilium-network-policies/allow-k8s-api.yaml to an existing component, list it in its kustomization.yaml, and add the cluster's Cilium provider to its dependsOn")
    .argument('<name>', 'the component: the name of its Flux Kustomization')
    .action(async (name: string, flags: WriteFlags, command: Command) => {
      const root = infraRoot(command.optsWithGlobals().infraRoot);
      const { runNetpol } = await import('../commands/netpol/run-netpol.ts');
      await runAndPrint(flags, (onProgress) => runNetpol({ name, clusters: flags.cluster }, { root, ...writeOptions(flags), onProgress }));
    });
}
