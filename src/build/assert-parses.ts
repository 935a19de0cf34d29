/** The last check before a file is written: fluxgen never writes YAML that does not parse. */
import { parseAllDocuments } from 'yaml';
import { FluxgenError } from '../errors.ts';

/** Throws YAML_INVALID (a fluxgen bug) when `content` does not parse. */
export function assertParses(file: string, content: string): void {
  for (const doc of parseAllDocuments(content)) {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
      throw new FluxgenError('YAML_INVALID', `${file}${at}: generated YAML does not parse: ${error.message.split('\n')[0]}`, {
        hint: 'this is a fluxgen bug: please report it with the command you ran',
      });
    }
  }
}
