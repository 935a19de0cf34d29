/** Option parsers shared by the commands: repeatable lists and single-valued flags that refuse conflicts. */
import { InvalidArgumentError } from 'commander';
import { showValue } from '../errors.ts';

/** A repeatable flag: every occurrence is collected. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A single-valued flag: repeating it with another value is an error, not a silent override. */
export function single(flag: string): (value: string, previous: string | undefined) => string {
  return (value, previous) => {
    if (previous !== undefined && previous !== value) {
      throw new InvalidArgumentError(`${flag} was given twice with different values (${showValue(previous)} and ${showValue(value)}); pass it once`);
    }
    return value;
  };
}

/** The repo root: --infra-root, else $INFRA_ROOT, else the current directory. */
export function infraRoot(flag: string | undefined): string {
  return flag ?? process.env.INFRA_ROOT ?? process.cwd();
}
