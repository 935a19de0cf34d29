/** `fluxgen graph`: every cluster's Flux Kustomizations by bootstrap layer, as text, JSON, mermaid or dot. */
import { Command, Option } from 'commander';
import { infraRoot, single } from './options.ts';

const FORMATS = ['text', 'json', 'mermaid', 'dot'] as const;
export type GraphFormat = (typeof FORMATS)[number];

export interface GraphFlags {
  format: GraphFormat;
  cluster?: string;
  path?: string;
}

export function graphCommand(program: Command): Command {
  return program
    .command('graph')
    .description('show every Flux Kustomization by bootstrap layer (SPEC §5); exit 1 on a cycle or dangling dependsOn')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .option('--cluster <name>', 'only this cluster', single('--cluster'))
    .option('--path <dir>', 'only this entry folder (cluster named by --cluster, default the folder name)', single('--path'))
    .action(async (flags: GraphFlags, command: Command) => {
      const root = infraRoot(command.optsWithGlobals().infraRoot);
      // Loaded here, not at the top: `--help`, `--version` and the other commands start without discovery and the formatters.
      const { runGraph } = await import('./graph-run.ts');
      await runGraph(root, flags);
    });
}
