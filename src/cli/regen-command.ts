/** `fluxgen regen [--check] [--force]`: flags → the regen pipeline → diff or summary, exit 1 on drift. */
import type { Command } from 'commander';
import { infraRoot } from './options.ts';

export interface RegenFlags {
  check?: boolean;
  force?: boolean;
  cache: boolean;
}

/** Registers `regen` on the program. */
export function regenCommand(program: Command): Command {
  return program
    .command('regen')
    .description('re-render every recorded component and add missing CRD-provider dependsOn to every Kustomization (pre-commit)')
    .option('--check', 'write nothing; exit 1 with a unified diff when anything would change')
    .option('--force', 'overwrite generated files that were changed by hand')
    .option('--no-cache', 'run every kustomize build, ignoring .fluxgen/cache/')
    .action(async (flags: RegenFlags, command: Command) => {
      const root = infraRoot(command.optsWithGlobals().infraRoot);
      // Loaded here, not at the top: `--help`, `--version` and the other commands start without the regen pipeline.
      const { runRegenCommand } = await import('./regen-run.ts');
      await runRegenCommand(root, flags);
    });
}
