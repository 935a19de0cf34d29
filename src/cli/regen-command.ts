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
      const load = async () => (await import('./regen-run.ts')).runRegenCommand;
      if (!flags.check || !flags.cache) return (await load())(root, flags);
      // --check writes nothing: an unchanged repo replays the last check (--no-cache runs it for real)
      const { cachedRun } = await import('./cached-run.ts');
      await cachedRun(root, { command: 'regen --check', force: flags.force ?? false }, 'REGEN_FINDINGS', async (output) => (await load())(root, flags, output));
    });
}
