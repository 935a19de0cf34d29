/**
 * CRDs installed before Flux starts, out of band: the releases of a bootstrap helmfile (onedr0p's
 * home-ops and the cluster-template most homelabs start from install cilium, cert-manager,
 * external-secrets and the CRDs of kube-prometheus-stack that way, "avoiding the need for dependsOn
 * chains"). A release of a chart of the CRD table (crd-charts.ts) installs that chart's groups before any
 * Kustomization runs, so a requirement of those groups is met without dependsOn.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { CRD_CHARTS } from './crd-charts.ts';
import { listYamlFiles } from './repo-files.ts';

/** Where a group's CRDs are installed before Flux: the helmfile and the release. */
export interface BootstrapInstall {
  file: string;
  release: string;
}

/** helmfile.yaml, helmfile-*.yaml, and any YAML under a `helmfile` or `helmfile.d` folder. */
const isHelmfile = (file: string) => /(^|\/)helmfile[^/]*\.ya?ml$/.test(file) || /(^|\/)helmfile(\.d)?\//.test(file);

/** The chart a helmfile release names: its `chart` (`repo/name`, an oci:// URL) unless templated, else the release name. */
function chartOf(release: Record<string, unknown>): string | undefined {
  const chart = typeof release.chart === 'string' && !release.chart.includes('{{') ? release.chart : undefined;
  const name = chart?.replace(/^[a-z]+:\/\//, '').split('/').filter(Boolean).at(-1)?.replace(/[:@].*$/, '');
  return name ?? (typeof release.name === 'string' ? release.name : undefined);
}

/** The releases of a helmfile's documents (templated documents that do not parse are skipped). */
function releasesOf(text: string): Record<string, unknown>[] {
  let docs: unknown[];
  try {
    docs = loadAll(text);
  } catch {
    return [];
  }
  return docs.flatMap((doc) => {
    const releases = (doc as { releases?: unknown } | null)?.releases;
    return Array.isArray(releases) ? releases.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null) : [];
  });
}

/** API group → where a bootstrap helmfile of the repo installs its CRDs (first file and release in path order). */
export async function findBootstrapCrds(root: string): Promise<Map<string, BootstrapInstall>> {
  const found = new Map<string, BootstrapInstall>();
  for (const file of (await listYamlFiles(root)).filter(isHelmfile)) {
    const text = await readFile(path.join(root, file), 'utf8').catch(() => '');
    for (const release of releasesOf(text)) {
      const chart = chartOf(release);
      const known = CRD_CHARTS.find((row) => row.chart === chart);
      for (const group of known?.groups ?? []) if (!found.has(group)) found.set(group, { file, release: String(release.name ?? chart) });
    }
  }
  return found;
}

/** The notices that say which groups a bootstrap helmfile installs, one per file. */
export function bootstrapNotices(found: ReadonlyMap<string, BootstrapInstall>): { text: string; file: string }[] {
  const byFile = new Map<string, string[]>();
  for (const [group, install] of found) byFile.set(install.file, [...(byFile.get(install.file) ?? []), group]);
  return [...byFile].map(([file, groups]) => ({
    text: `CRDs installed before Flux by ${file}: ${groups.sort().join(', ')}; Kustomizations using them need no dependsOn for them`,
    file,
  }));
}
