/** `fluxgen component <name>`: flags → ComponentInput → the shared pipeline → summary. */
import { Command, Option } from 'commander';
import type { ComponentInput } from '../plan/plan-component.ts';
import { collect, infraRoot, single } from './options.ts';
import { addWriteFlags, runAndPrint, writeOptions, type WriteFlags } from './write-flags.ts';

interface ComponentFlags extends WriteFlags {
  chart?: string;
  repoUrl?: string;
  chartVersion?: string;
  repoName?: string;
  namespace?: string;
  monitoring?: boolean;
  webhook?: boolean;
  pss?: string;
  dependsOn?: string[];
  values?: string;
  patchFile?: string[];
  validate: boolean;
}

/** The flags as a ComponentInput: the same shape the prompts and records produce. */
export function inputFromFlags(name: string, flags: ComponentFlags): ComponentInput {
  return {
    name,
    chart: flags.chart,
    repoUrl: flags.repoUrl,
    chartVersion: flags.chartVersion,
    repoName: flags.repoName,
    namespace: flags.namespace,
    clusters: flags.cluster,
    monitoring: flags.monitoring,
    webhook: flags.webhook,
    pss: flags.pss,
    dependsOn: flags.dependsOn,
    valuesFile: flags.values,
  };
}

/** Refuses `--webhook` together with `--no-webhook`: commander would silently keep the last one. */
function refuseContradiction(command: Command, flags: [string, string]): Command {
  const given = new Set<string>();
  for (const flag of flags) {
    command.on(`option:${flag}`, () => {
      given.add(flag);
      if (given.size === flags.length) {
        command.error(`--${flags[0]} and --${flags[1]} contradict each other; pass one of them`, { code: 'commander.conflictingOption', exitCode: 2 });
      }
    });
  }
  return command;
}

/** Registers `fluxgen component` on the program. */
export function componentCommand(program: Command): Command {
  const command = addWriteFlags(program.command('component'))
    .description('add a Helm-based component: namespace, HelmRepository, HelmRelease, Flux Kustomization with computed dependsOn')
    .argument('<name>', 'component name (DNS-1123 label); the folder is namespaces/<name>')
    .option('--chart <chart>', 'Helm chart name', single('--chart'))
    .option('--repo-url <url>', 'Helm repository URL (https, http or oci)', single('--repo-url'))
    .option('--chart-version <version>', 'chart version or semver range', single('--chart-version'))
    .option('--repo-name <name>', 'HelmRepository name (default: derived from the URL)', single('--repo-name'))
    .option('--namespace <ns>', 'target namespace (default: the name)', single('--namespace'))
    .option('--monitoring', 'add the <name>-monitoring folder and Kustomization')
    .option('--webhook', 'add the CiliumNetworkPolicy for admission webhooks (default for known webhook components)')
    .option('--no-webhook', 'do not add the CiliumNetworkPolicy, even for a known webhook component')
    .addOption(new Option('--pss <level>', 'Pod Security level').argParser(single('--pss')))
    .option('--depends-on <kustomization>', 'extra dependsOn (repeatable)', collect)
    .option('--values <file>', 'YAML file of chart values', single('--values'))
    .option('--patch-file <cluster=file>', "a Flux patch for the component's Kustomization in that cluster's file (repeatable)", collect)
    .option('--no-validate', 'skip kustomize build')
    .action(async (name: string, flags: ComponentFlags, command: Command) => {
      const root = infraRoot(command.optsWithGlobals().infraRoot);
      // Loaded here, not at the top: every other command (check, graph) starts faster without the component pipeline.
      const { runComponent } = await import('../commands/component/run-component.ts');
      const { parsePatchFlag } = await import('../plan/patch-file.ts');
      const patchFiles = (flags.patchFile ?? []).map(parsePatchFlag);
      const input = inputFromFlags(name, flags);
      await runAndPrint(flags, (onProgress) => runComponent(input, { root, validate: flags.validate, patchFiles, ...writeOptions(flags), onProgress }));
    });
  return refuseContradiction(command, ['webhook', 'no-webhook']);
}
