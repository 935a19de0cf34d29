/** `fluxgen check`: discover, build, run every rule; findings as text, JSON or SARIF; exit 1 on an error finding. */
import { Command, Option } from 'commander';
import { infraRoot, single } from './options.ts';

export interface CheckFlags {
  format: 'text' | 'json' | 'sarif';
  cluster?: string;
  path?: string;
}

export function checkCommand(program: Command): Command {
  return program
    .command('check')
    .description('build every Flux Kustomization of every cluster and check the output against the anti-pattern rules and the upstream schemas; exit 1 on an error finding')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--cluster <name>', 'only this cluster (default: every cluster)', single('--cluster'))
    .option('--path <dir>', 'only this entry folder (cluster named by --cluster, default the folder name)', single('--path'))
    .action(async (flags: CheckFlags, command: Command) => {
      const root = infraRoot(command.optsWithGlobals().infraRoot);
      // Loaded here, not at the top: `--help`, `--version` and the other commands start without the rules and schemas.
      const { runCheck } = await import('./check-run.ts');
      await runCheck(root, flags);
    });
}
