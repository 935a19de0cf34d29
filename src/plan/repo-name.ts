/** The HelmRepository name derived from a chart repository URL. */

const GENERIC = new Set(['charts', 'chart', 'helm', 'helm-charts', 'www', 'oci', 'registry', 'repo', 'repos', 'index']);
const HOSTING = new Set(['github', 'gitlab', 'githubusercontent', 'ghcr', 'docker', 'quay', 'azurecr', 'amazonaws', 'pkg', 'dev']);

function label(part: string): string {
  return part
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/**
 * Derives a repository name the way people name them: the last meaningful path segment
 * (`oci://ghcr.io/stefanprodan/charts` → `stefanprodan`), else the most specific meaningful
 * host label (`https://charts.jetstack.io` → `jetstack`, `https://prometheus-community.github.io/helm-charts`
 * → `prometheus-community`), else the component name.
 */
export function deriveRepoName(repoUrl: string, fallback: string): string {
  const url = new URL(repoUrl);
  const segments = url.pathname.split('/').map(label).filter((s) => s && !GENERIC.has(s));
  if (segments.length > 0) return segments[segments.length - 1]!;
  const labels = url.hostname.split('.').slice(0, -1).map(label);
  const meaningful = labels.filter((l) => l && !GENERIC.has(l) && !HOSTING.has(l));
  return meaningful[0] ?? fallback;
}
