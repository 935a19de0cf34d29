/** `.fluxgen.yaml`: per-repo settings, validated against a JSON schema. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { FluxgenError } from './errors.ts';

export interface ProviderRow {
  group: string;
  kustomization: string;
}

export interface FluxgenConfig {
  layout?: 'flat' | 'base-overlays' | 'mixed' | 'per-app';
  defaultCluster?: string;
  componentsDir: string;
  infrastructureFile: string;
  kustomization: { interval: string; timeout: string; prune: boolean; wait: boolean };
  monitoringKustomization: { timeout: string };
  providers: ProviderRow[];
  /** Charts that register admission webhooks; absent: the project's table (src/discover/webhook-charts.ts). */
  webhookCharts?: string[];
  gitRepository: string;
  recreateCommand: string;
  rules: Record<string, 'off' | 'warning' | 'error'>;
}

export const CONFIG_FILE = '.fluxgen.yaml';

export const DEFAULT_CONFIG: FluxgenConfig = {
  componentsDir: 'namespaces',
  infrastructureFile: 'infrastructure.yaml',
  kustomization: { interval: '5m', timeout: '10m', prune: false, wait: true },
  monitoringKustomization: { timeout: '5m' },
  providers: [],
  gitRepository: 'flux-system',
  recreateCommand: 'vagrant destroy && vagrant up',
  rules: {},
};

const duration = { type: 'string', pattern: '^([0-9]+(ms|s|m|h))+$' };
const label = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
/** A cluster is named by its folder (any single path segment), not a Kubernetes name. */
const folderName = { type: 'string', pattern: '^(?!\\.\\.?$)[^/\\\\\\u0000-\\u001f\\u007f]+$' };
const relativeDir = { type: 'string', pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]+$' };

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    layout: { enum: ['flat', 'base-overlays', 'mixed', 'per-app'] },
    defaultCluster: folderName,
    componentsDir: relativeDir,
    infrastructureFile: { type: 'string', pattern: '^[A-Za-z0-9._-]+\\.ya?ml$' },
    kustomization: {
      type: 'object',
      additionalProperties: false,
      properties: { interval: duration, timeout: duration, prune: { type: 'boolean' }, wait: { type: 'boolean' } },
    },
    monitoringKustomization: { type: 'object', additionalProperties: false, properties: { timeout: duration } },
    providers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['group', 'kustomization'],
        properties: { group: { type: 'string', pattern: '^[a-z0-9.-]+$' }, kustomization: label },
      },
    },
    webhookCharts: { type: 'array', items: { type: 'string' } },
    gitRepository: label,
    recreateCommand: { type: 'string', minLength: 1 },
    rules: { type: 'object', additionalProperties: { enum: ['off', 'warning', 'error'] } },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(schema);

const HELP = 'see the README section on .fluxgen.yaml for the allowed keys';

function badConfig(reason: string, options: { line?: number; col?: number; hint: string; cause?: unknown }): FluxgenError {
  return new FluxgenError('BAD_CONFIG', reason, { position: { file: CONFIG_FILE, line: options.line, col: options.col }, hint: options.hint, cause: options.cause });
}

/** The text of `.fluxgen.yaml`, or undefined when there is none; any other read failure is BAD_CONFIG. */
async function readConfigText(root: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(root, CONFIG_FILE));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw badConfig('cannot be read: it is a directory (EISDIR)', { hint: `replace the folder ${CONFIG_FILE} with the settings file, or remove it to use the defaults`, cause: error });
    if (code === 'EACCES' || code === 'EPERM') {
      throw badConfig(`cannot be read: permission denied (${code})`, { hint: `make ${CONFIG_FILE} readable (e.g. \`chmod u+r ${CONFIG_FILE}\`), or remove it to use the defaults`, cause: error });
    }
    throw badConfig(`cannot be read: ${(error as Error).message}`, { hint: `fix or remove ${CONFIG_FILE} (without it fluxgen uses the defaults)`, cause: error });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw badConfig('not UTF-8 text', { hint: `convert ${CONFIG_FILE} to UTF-8 (e.g. \`iconv -f latin1 -t utf-8\`)`, cause: error });
  }
}

/** One schema problem as the user reads it: the key, what is wrong, and what is allowed. */
function showProblem(error: ErrorObject): string {
  const where = error.instancePath || '/';
  if (error.keyword === 'additionalProperties') return `${where} has the unknown key ${JSON.stringify(error.params.additionalProperty)}`;
  if (error.keyword === 'enum') return `${where} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${error.message}`;
}

/** Where a schema problem is in the file: the value at its path, or the unknown key itself. */
function offsetOf(doc: Document, error: ErrorObject): number | undefined {
  const keys = error.instancePath.split('/').slice(1).map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  const node = keys.length > 0 ? doc.getIn(keys, true) : doc.contents;
  if (error.keyword === 'additionalProperties' && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === error.params.additionalProperty);
    if (isScalar(pair?.key) && pair.key.range) return pair.key.range[0];
  }
  return isNode(node) && node.range ? node.range[0] : undefined;
}

/** Reads `.fluxgen.yaml` at the repo root (optional: a missing file means the defaults) and fills in the defaults. */
export async function loadConfig(root: string): Promise<FluxgenConfig> {
  const text = await readConfigText(root);
  if (text === undefined) return DEFAULT_CONFIG;
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    throw badConfig(`not valid YAML: ${syntax.message.split('\n')[0]}`, { line, col, hint: 'fix the YAML syntax' });
  }
  let raw: Record<string, unknown>;
  try {
    raw = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw badConfig(`refused: ${(error as Error).message}`, { hint: 'write the settings without aliases', cause: error });
  }
  if (!validate(raw)) {
    const errors = validate.errors ?? [];
    const offset = errors[0] && offsetOf(doc, errors[0]);
    const at = offset === undefined ? undefined : lines.linePos(offset);
    throw badConfig(`invalid settings: ${errors.map(showProblem).join('; ')}`, { line: at?.line, col: at?.col, hint: HELP });
  }
  const user = raw as Partial<FluxgenConfig>;
  const config: FluxgenConfig = {
    ...DEFAULT_CONFIG,
    ...user,
    kustomization: { ...DEFAULT_CONFIG.kustomization, ...user.kustomization },
    monitoringKustomization: { ...DEFAULT_CONFIG.monitoringKustomization, ...user.monitoringKustomization },
    providers: user.providers ?? [],
    rules: user.rules ?? {},
  };
  CONFIGURED.set(config, new Set([...Object.keys(user), ...Object.keys(user.kustomization ?? {}).map((key) => `kustomization.${key}`)]));
  return config;
}

const CONFIGURED = new WeakMap<FluxgenConfig, ReadonlySet<string>>();

/** Whether `.fluxgen.yaml` itself sets `key` (`componentsDir`, `kustomization.interval`…), rather than the default filling it in. */
export function isConfigured(config: FluxgenConfig, key: string): boolean {
  return CONFIGURED.get(config)?.has(key) ?? false;
}
