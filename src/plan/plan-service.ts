/** Turns raw `service` inputs (flags, prompt answers, a record) into a validated ServiceSpec (SPEC §2b). */
import type { RepoModel } from '../discover/model.ts';
import { FluxgenError } from '../errors.ts';
import { resolveClusters } from './plan-component.ts';
import { serviceResources, type Resources } from './follow-resources.ts';
import { envNamespace } from './follow-services.ts';
import { planServiceFolders, type ServiceFolders } from './service-folders.ts';
import { sopsReview } from './sops-rules.ts';
import { showValue, validateName } from './validate.ts';

/** Inputs as given; anything may be missing or wrong. `clusters` are the envs (`--env`). */
export interface ServiceInput {
  name: string;
  image?: string;
  port?: string | number;
  clusters?: string[];
  replicas?: string | number;
  /** `KEY=VALUE` entries of the ConfigMap. */
  config?: string[];
  secrets?: string[];
  namespace?: string;
  healthPath?: string;
}

/** Validated inputs plus what the repo decided per env. */
export interface ServiceSpec {
  name: string;
  image: string;
  port: number;
  clusters: string[];
  replicas?: number;
  config: string[];
  secrets: string[];
  namespace?: string;
  healthPath: string;
  /** env → namespace of its overlay, and the REVIEW line when the repo (not a flag) chose it. */
  namespaces: Record<string, { value: string; review?: string }>;
  /** env → the SOPS REVIEW line of its Secret template (only with secrets). */
  sops: Record<string, string>;
  /** The container's requests and limits (the repo's other services', else standard) and the REVIEW line saying which. */
  resources: { value: Resources; review: string };
  /** Where the base and each env's overlay go, following the repo's layout. */
  folders: ServiceFolders;
}

const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function bad(what: string, value: unknown, rule: string, hint: string): never {
  throw new FluxgenError('BAD_INPUT', `${what} ${showValue(String(value))} is invalid: ${rule}`, { hint });
}

/** A container image reference: `[registry/]path[:tag][@sha256:digest]`. */
export function validateImage(value: string | undefined, name: string): string {
  if (value === undefined) {
    throw new FluxgenError('BAD_INPUT', `--image is required for service ${showValue(name)}`, { hint: `pass it, e.g. \`fluxgen service ${name} --image ghcr.io/org/${name}:1.0.0 --port 8080\`` });
  }
  if (!IMAGE.test(value)) bad('image', value, 'it must be an image reference such as ghcr.io/org/app:1.2.3 (lowercase path, optional :tag and @sha256:digest)', 'pass e.g. `--image ghcr.io/org/app:1.2.3`');
  return value;
}

/** An integer within [min, max]. */
function validateInteger(value: string | number | undefined, what: string, min: number, max: number, hint: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) bad(what, text, `it must be a whole number from ${min} to ${max}`, hint);
  return Number(text);
}

/** `KEY=VALUE` entries, sorted by key; a key given twice with two values is refused. */
export function validateConfig(entries: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const key = at < 0 ? entry : entry.slice(0, at);
    if (at < 0 || !KEY.test(key)) bad('--config', entry, 'it must be KEY=VALUE with KEY a variable name (letters, digits, "_", not starting with a digit)', 'pass e.g. `--config LOG_LEVEL=info`');
    const value = entry.slice(at + 1);
    if (seen.has(key) && seen.get(key) !== value) bad('--config', entry, `${key} was already given as ${JSON.stringify(seen.get(key))}`, 'pass each key once');
    seen.set(key, value);
  }
  return [...seen].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
}

/** Secret keys: variable names, sorted, without repeats. */
export function validateSecretKeys(keys: readonly string[]): string[] {
  for (const key of keys) if (!KEY.test(key)) bad('--secret', key, 'it must be a variable name (letters, digits, "_", not starting with a digit)', 'pass e.g. `--secret DATABASE_PASSWORD`');
  return [...new Set(keys)].sort();
}

/** An HTTP path for the probes. */
export function validateHealthPath(value: string): string {
  if (!/^\/[\x21-\x7e]*$/.test(value) || value.length > 256) bad('--health-path', value, 'it must start with "/" and hold no spaces or control characters', 'pass e.g. `--health-path /healthz`');
  return value;
}

/** The inputs checked without the repo. */
export type CheckedServiceInput = Omit<ServiceSpec, 'clusters' | 'namespaces' | 'sops' | 'resources' | 'folders'>;

/** Validates what needs no repo; throws FluxgenError (exit 2). */
export async function checkServiceInput(input: ServiceInput): Promise<CheckedServiceInput> {
  const name = validateName(input.name, 'service name');
  const image = validateImage(input.image, name);
  if (input.port === undefined) throw new FluxgenError('BAD_INPUT', `--port is required for service ${showValue(name)}`, { hint: `pass the container port, e.g. \`--port 8080\`` });
  const port = validateInteger(input.port, '--port', 1, 65535, 'pass the container port, e.g. `--port 8080`')!;
  const replicas = validateInteger(input.replicas, '--replicas', 0, 1000, 'pass e.g. `--replicas 3`');
  const namespace = input.namespace === undefined ? undefined : validateName(input.namespace, 'namespace');
  const healthPath = validateHealthPath(input.healthPath ?? '/health');
  return { name, image, port, replicas, config: validateConfig(input.config ?? []), secrets: validateSecretKeys(input.secrets ?? []), namespace, healthPath };
}

/** The envs: those given (`--env`), else every env with a `clusters/<env>/` folder (SPEC §2b). */
function resolveEnvs(given: readonly string[] | undefined, repo: RepoModel): string[] {
  if (given && given.length > 0) return resolveClusters(given, repo);
  if (repo.clusters.length === 0) resolveClusters(undefined, repo);
  return [...repo.clusters].sort();
}

/** Validates every input against the repo; throws FluxgenError (exit 2) on the first bad one. */
export async function planService(input: ServiceInput, repo: RepoModel): Promise<ServiceSpec> {
  const checked = await checkServiceInput(input);
  const clusters = resolveEnvs(input.clusters, repo);
  const folders = await planServiceFolders(repo, clusters, checked.name);
  const namespaces = Object.fromEntries(clusters.map((env) => [env, checked.namespace === undefined ? envNamespace(repo, env, checked.name, [folders.base.dir, folders.envs[env]!.overlay]) : { value: checked.namespace }]));
  const sops: Record<string, string> = {};
  for (const env of checked.secrets.length > 0 ? clusters : []) sops[env] = await sopsReview(repo.root, secretPath(folders, env));
  return { ...checked, clusters, namespaces, sops, resources: serviceResources(repo, checked.name, folders.base.dir), folders };
}

/** Production-like envs (a name part `prod` or `production`) run 2 replicas, the others 1, unless --replicas says. */
export function isProductionLike(env: string): boolean {
  return /(^|[-_.])(prod|production)([-_.]|$)/i.test(env);
}

/** The Secret template of a service in an env (not listed in the overlay until encrypted). */
export function secretPath(folders: ServiceFolders, env: string): string {
  return `${folders.envs[env]!.overlay}/secret.yaml`;
}
