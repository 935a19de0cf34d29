/** The interactive questions of `npx plop component`, validated by the shared core. */
import { describeError, FluxgenError } from '../errors.ts';
import type { ComponentInput } from '../plan/plan-component.ts';
import { isWebhookChart } from '../discover/webhook-charts.ts';
import { deriveRepoName } from '../plan/repo-name.ts';
import { kustomizationsOf, type RepoModel } from '../discover/model.ts';
import { PSS_LEVELS, validateChart, validateChartVersion, validateName, validateRepoUrl } from '../plan/validate.ts';

/** The subset of inquirer's API the questions need (plop hands us its inquirer). */
export interface Asker {
  prompt(questions: object[]): Promise<Record<string, any>>;
}

/** An inquirer `validate` from a core validator: true, or the core's message. */
export function check(validator: (value: string) => unknown): (value: string) => true | string {
  return (value) => {
    try {
      validator(value);
      return true;
    } catch (error) {
      return error instanceof FluxgenError ? `${describeError(error)}${error.hint ? ` (${error.hint})` : ''}` : String(error);
    }
  };
}

/**
 * The `validate` of every free-text question, by answer name: the core validators, as inquirer
 * calls them (true, or the message to show). The list questions (pss, cluster, dependsOn) offer
 * only valid choices.
 */
export const PROMPT_VALIDATORS = {
  name: check((v) => validateName(v, 'component name')),
  namespace: check((v) => validateName(v, 'namespace')),
  chart: check(validateChart),
  repoUrl: check(validateRepoUrl),
  // empty: the version is left unpinned, as without --chart-version
  chartVersion: check((v) => v === '' || validateChartVersion(v)),
  repoName: check((v) => validateName(v, 'repo name')),
} as const;

/** Refuses to prompt without a terminal: it would hang, or read garbage. */
export function requireTty(command = 'component'): void {
  if (!process.stdin.isTTY) {
    throw new FluxgenError('NO_TTY', `\`npx plop ${command}\` needs an interactive terminal, and standard input is not one`, {
      hint: command === 'component' ? 'in CI or scripts run `fluxgen component <name> --chart C --repo-url URL [...]` with flags instead' : `in CI or scripts run \`fluxgen ${command} <name>\` instead`,
    });
  }
}

/**
 * The clusters to write to: the only one without asking; with several, a multi-select (at least one),
 * `defaultCluster` of .fluxgen.yaml checked, so that Enter gives what the CLI gives without --cluster.
 */
async function askClusters(asker: Asker, repo: RepoModel): Promise<string[]> {
  const names = repo.clusters;
  if (names.length <= 1) return [...names];
  const fallback = repo.config.defaultCluster;
  const choices = names.map((name) => ({ name, value: name, checked: name === fallback }));
  const picked = await asker.prompt([
    {
      type: 'checkbox',
      name: 'clusters',
      message: 'Clusters (space to select, enter to confirm)',
      choices,
      validate: (chosen: readonly string[]) => chosen.length > 0 || `pick at least one of ${names.join(', ')}`,
    },
  ]);
  return picked.clusters as string[];
}

/** Asks every question of SPEC §7; the defaults equal the CLI's defaults. */
export async function askComponent(asker: Asker, repo: RepoModel): Promise<ComponentInput> {
  const first = await asker.prompt([
    { type: 'input', name: 'name', message: 'Component name', validate: PROMPT_VALIDATORS.name },
  ]);
  const name: string = first.name;
  const rest = await asker.prompt([
    { type: 'input', name: 'namespace', message: 'Namespace', default: name, validate: PROMPT_VALIDATORS.namespace },
    { type: 'input', name: 'chart', message: 'Helm chart', default: name, validate: PROMPT_VALIDATORS.chart },
    { type: 'input', name: 'repoUrl', message: 'Helm repository URL', validate: PROMPT_VALIDATORS.repoUrl },
    {
      type: 'input',
      name: 'chartVersion',
      message: 'Chart version or range (empty: not pinned)',
      default: '',
      validate: PROMPT_VALIDATORS.chartVersion,
    },
    {
      type: 'input',
      name: 'repoName',
      message: 'HelmRepository name',
      default: (answers: { repoUrl: string }) => deriveRepoName(answers.repoUrl, name),
      validate: PROMPT_VALIDATORS.repoName,
    },
    { type: 'confirm', name: 'monitoring', message: 'Add a -monitoring part (PrometheusRule, ServiceMonitor)?', default: false },
    {
      type: 'confirm',
      name: 'webhook',
      message: 'Add the CiliumNetworkPolicy for admission webhooks?',
      default: (answers: { chart: string }) => isWebhookChart(answers.chart, repo.config),
    },
    { type: 'list', name: 'pss', message: 'Pod Security level', choices: [...PSS_LEVELS], default: 'restricted' },
  ]);
  const clusters = await askClusters(asker, repo);
  // --depends-on must name a Kustomization of every chosen cluster: offer those they all have
  const existing = clusters.length === 0 ? [] : [...new Set(kustomizationsOf(repo, clusters[0]!).map((k) => k.name))]
    .filter((k) => clusters.every((c) => kustomizationsOf(repo, c).some((other) => other.name === k)))
    .sort();
  const deps = existing.length === 0
    ? { dependsOn: [] }
    : await asker.prompt([{ type: 'checkbox', name: 'dependsOn', message: 'Extra dependsOn (CRD providers are added automatically)', choices: existing }]);
  return {
    name,
    namespace: rest.namespace,
    chart: rest.chart,
    repoUrl: rest.repoUrl,
    chartVersion: rest.chartVersion === '' ? undefined : rest.chartVersion,
    repoName: rest.repoName,
    clusters: clusters.length === 0 ? undefined : clusters,
    monitoring: rest.monitoring,
    webhook: rest.webhook,
    pss: rest.pss,
    dependsOn: deps.dependsOn,
  };
}
