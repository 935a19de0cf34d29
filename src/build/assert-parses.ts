/** The last check before a file is written: fluxgen never writes YAML that does not parse. */
import { parseAllDocuments } from 'yaml';
import { FluxgenError } from '../errors.ts';

/** Throws YAML_INVALID (a fluxgen bug) when `content` does not parse. */
export function assertParses(file: string, content: string): void {
  for (const doc of parseAllDocuments(content)) {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      throw new FluxgenError('YAML_INVALID', `generated YAML does not parse: ${error.message.split('\n')[0]}`, {
        position: { file, line: at?.line, col: at?.col },
        hint: 'this is a fluxgen bug: please report it with the command you ran',
      });
    }
  }
}
