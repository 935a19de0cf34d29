/** The one remote-base policy, as users read it: fluxgen never fetches; each remote URL is named once. */

/** One stderr warning line per remote reference (sorted, unique), or '' when there is none. */
export function formatRemoteWarnings(urls: readonly string[]): string {
  return [...new Set(urls)]
    .sort()
    .map((url) => `fluxgen: warning: ${url}: remote base, not checked offline (fluxgen never fetches; what it builds is not checked)\n`)
    .join('');
}
