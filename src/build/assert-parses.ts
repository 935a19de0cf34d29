/** The last check before a file is written: fluxgen never writes YAML that does not parse. */
import { parseStream } from '../edit/parse-stream.ts';
import { FluxgenError } from '../errors.ts';

/** Throws YAML_INVALID (a fluxgen bug) when `content` does not parse. */
export function assertParses(file: string, content: string): void {
  try {
    parseStream(content, file);
  } catch (error) {
    if (!(error instanceof FluxgenError)) throw error;
    throw new FluxgenError('YAML_INVALID', `generated YAML does not parse: ${error.message.split('\n')[0]}`, {
      position: error.position,
      hint: 'this is a fluxgen bug: please report it with the command you ran',
    });
  }
}
