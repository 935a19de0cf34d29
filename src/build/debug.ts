/** Debug lines of the build stage, on stderr when FLUXGEN_DEBUG is set. */
export function debug(line: string): void {
  if (process.env.FLUXGEN_DEBUG) process.stderr.write(`fluxgen: debug: ${line}\n`);
}
