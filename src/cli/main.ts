/** The `fluxgen` command line: wiring only; every command calls the shared core. */
import { Command, CommanderError } from 'commander';
import { FluxgenError } from '../errors.ts';
import { checkCommand } from './check-command.ts';
import { componentCommand } from './component-command.ts';
import { graphCommand } from './graph-command.ts';
import { monitoringCommand } from './monitoring-command.ts';
import { netpolCommand } from './netpol-command.ts';
import { single } from './options.ts';
import { printError } from './print-error.ts';
import { regenCommand } from './regen-command.ts';
import { serviceCommand } from './service-command.ts';

/** Commander's own errors (unknown flag, missing value) are printed by main, as BAD_ARGUMENT: not here. */
const output = {
  outputError: () => {},
};

/** A commander usage error as a FluxgenError: its message without commander's `error: `. */
function badArgument(error: CommanderError): FluxgenError {
  return new FluxgenError('BAD_ARGUMENT', error.message.replace(/^error: /, ''), { hint: 'see `fluxgen help`', cause: error });
}

export function createProgram(): Command {
  const program = new Command('fluxgen')
    .description('Deterministic scaffolder for Flux CD GitOps repositories')
    .version('0.1.0')
    .option('--infra-root <dir>', 'the GitOps repository (default: $INFRA_ROOT, else the current directory)', single('--infra-root'))
    .exitOverride()
    .configureOutput(output)
    .showHelpAfterError(false);
  componentCommand(program).exitOverride().configureOutput(output);
  monitoringCommand(program).exitOverride().configureOutput(output);
  netpolCommand(program).exitOverride().configureOutput(output);
  serviceCommand(program).exitOverride().configureOutput(output);
  regenCommand(program).exitOverride().configureOutput(output);
  checkCommand(program).exitOverride().configureOutput(output);
  graphCommand(program).exitOverride().configureOutput(output);
  return program;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return printError(badArgument(error));
    }
    return printError(error);
  }
}
