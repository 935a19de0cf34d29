/** Turns raw inputs (flags, prompt answers, a record) into a validated ComponentSpec. */
import { isPathSegment } from '../discover/cluster-entry.ts';
import { isWebhookChart } from '../discover/webhook-charts.ts';
import { FluxgenError } from '../errors.ts';
import type { RepoModel } from '../discover/model.ts';
import { clusterTarget } from './cluster-target.ts';
import { deriveRepoName } from './repo-name.ts';
import { readValuesFile } from './values-file.ts';
import {
  type PssLevel,
  showValue,
  validateChart,
  validateChartVersion,
  validateName,
  validateNames,
  validatePss,
  validateRepoUrl,
} from './validate.ts';

/** Inputs as given; anything may be missing or wrong. */
export interface ComponentInput {
  name: string;
  chart?: string;
  repoUrl?: string;
  chartVersion?: string;
  repoName?: string;
  namespace?: string;
  clusters?: string[];
  monitoring?: boolean;
  webhook?: boolean;
  pss?: string;
  dependsOn?: string[];
  valuesFile?: string;
  values?: Record<string, unknown>;
}

/** Validated inputs: everything the renderer needs, nothing it must check again. */
export interface ComponentSpec {
  name: string;
  namespace: string;
  chart: string;
  repoUrl: string;
  chartVersion?: string;
  repoName: string;
  clusters: string[];
  monitoring: boolean;
  webhook: boolean;
  pss: PssLevel;
  dependsOn: string[];
  values: Record<string, unknown>;
}

const MONITORING_SUFFIX = '-monitoring';

function required(value: string | undefined, flag: string, name: string): string {
  if (value === undefined) {
    throw new FluxgenError('BAD_INPUT', `${flag} is required for component ${showValue(name)}`, {
      hint: `pass ${flag}, e.g. \`fluxgen component ${name} --chart ${name} --repo-url https://charts.example.com\``,
    });
  }
  return value;
}

/** Picks the clusters: those given, else the only one, else `defaultCluster`. */
export function resolveClusters(given: readonly string[] | undefined, repo: Pick<RepoModel, 'root' | 'clusters' | 'config'>): string[] {
  const known = repo.clusters;
  if (known.length === 0) {
    throw new FluxgenError('NO_CLUSTER', `no cluster found in ${repo.root}`, {
      hint: 'create clusters/<cluster>/ or pass --infra-root pointing at the GitOps repository',
    });
  }
  if (given && given.length > 0) {
    for (const name of given) {
      if (!known.includes(name)) {
        throw new FluxgenError('UNKNOWN_CLUSTER', `cluster ${showValue(name)} does not exist: the clusters are ${known.join(', ')}`, {
          hint: `pass one of: ${known.map((k) => `--cluster ${k}`).join(', ')}`,
        });
      }
    }
    // a cluster name is a folder name (any single path segment), not a Kubernetes name
    return [...new Set(given.map((name) => {
      if (!isPathSegment(name)) throw new FluxgenError('BAD_NAME', `cluster name ${showValue(name)} is not a folder name`, { hint: 'pass the name of a cluster folder' });
      return name;
    }))].sort();
  }
  if (known.length === 1) return known;
  const fallback = repo.config.defaultCluster;
  if (fallback !== undefined && known.includes(fallback)) return [fallback];
  if (fallback !== undefined) {
    throw new FluxgenError('UNKNOWN_CLUSTER', `defaultCluster ${showValue(fallback)} in .fluxgen.yaml names no cluster: the clusters are ${known.join(', ')}`, {
      hint: `set defaultCluster to one of ${known.join(', ')}, or pass --cluster NAME`,
    });
  }
  throw new FluxgenError('AMBIGUOUS_CLUSTER', `the repo has several clusters (${known.join(', ')}) and none was chosen`, {
    hint: `pass --cluster NAME (e.g. --cluster ${known[0]}) or set defaultCluster in .fluxgen.yaml`,
  });
}

/** The inputs checked against SPEC §9 without looking at the repo: what is wrong with them alone. */
export type CheckedInput = Omit<ComponentSpec, 'clusters' | 'webhook'>;

/**
 * Validates what needs no repo (names, chart, URL, version, PSS level, dependsOn names, the values
 * file), so that bad input stops before the repo is read or built. Throws FluxgenError (exit 2).
 */
export async function checkComponentInput(input: ComponentInput): Promise<CheckedInput> {
  const monitoring = input.monitoring ?? false;
  const name = validateName(input.name, 'component name', monitoring ? 63 - MONITORING_SUFFIX.length : 63);
  const namespace = validateName(input.namespace ?? name, 'namespace');
  const chart = validateChart(required(input.chart, '--chart', name));
  const repoUrl = validateRepoUrl(required(input.repoUrl, '--repo-url', name));
  const chartVersion = input.chartVersion === undefined ? undefined : validateChartVersion(input.chartVersion);
  const repoName = validateName(input.repoName ?? deriveRepoName(repoUrl, name), 'repo name');
  const pss = validatePss(input.pss ?? 'restricted');
  const dependsOn = validateNames(input.dependsOn ?? [], 'dependsOn');
  const values = input.values ?? (input.valuesFile ? await readValuesFile(input.valuesFile) : {});
  return { name, namespace, chart, repoUrl, chartVersion, repoName, monitoring, pss, dependsOn, values };
}

/** Validates every input against SPEC §9 and the repo; throws FluxgenError (exit 2) on the first bad one. */
export async function planComponent(input: ComponentInput, repo: RepoModel): Promise<ComponentSpec> {
  const checked = await checkComponentInput(input);
  const clusters = resolveClusters(input.clusters, repo);
  for (const clusterName of clusters) {
    const names = new Set(clusterTarget(repo, clusterName).kustomizations.map((k) => k.name));
    for (const dep of checked.dependsOn) {
      if (!names.has(dep)) {
        throw new FluxgenError('UNKNOWN_DEPENDENCY', `--depends-on ${showValue(dep)} names no Kustomization of cluster ${clusterName}`, {
          hint: `its Kustomizations are: ${[...names].sort().join(', ') || '(none)'}`,
        });
      }
    }
  }
  const webhook = input.webhook ?? isWebhookChart(checked.chart, repo.config);
  const { name, namespace, chart, repoUrl, chartVersion, repoName, monitoring, pss, dependsOn, values } = checked;
  return { name, namespace, chart, repoUrl, chartVersion, repoName, clusters, monitoring, webhook, pss, dependsOn, values };
}
