/** Decoding a file fluxgen edits: UTF-8 or a clear refusal, never a lossy read. */
import { FluxgenError } from '../errors.ts';

/**
 * The text of a file fluxgen edits. Not UTF-8 → INFRA_PARSE at the first bad byte: decoding it
 * anyway would rewrite those bytes as U+FFFD when the edited file is written back.
 */
export function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lossy = Buffer.from(bytes.toString('utf8'));
    let offset = 0;
    while (offset < bytes.length && bytes[offset] === lossy[offset]) offset++;
    const before = bytes.subarray(0, offset);
    const line = before.filter((b) => b === 0x0a).length + 1;
    const col = offset - (before.lastIndexOf(0x0a) + 1) + 1;
    throw new FluxgenError('INFRA_PARSE', `the file is not UTF-8 text (byte 0x${bytes[offset]!.toString(16)})`, {
      position: { file, line, col },
      hint: `convert ${file} to UTF-8 (e.g. \`iconv -f latin1 -t utf-8\`), then run again; nothing was written`,
    });
  }
}
