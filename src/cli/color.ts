/** Whether human output gets ANSI colours. */

/** Colour for a terminal that wants it: stdout is a TTY and NO_COLOR is unset (FORCE_COLOR forces it). */
export function wantsColor(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}
