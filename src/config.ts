/** `.fluxgen.yaml`: per-repo settings, validated against a JSON schema. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { FluxgenError } from './errors.ts';

export interface ProviderRow {
  group: string;
  kustomization: string;
}

export interface FluxgenConfig {
  layout?: 'flat' | 'base-overlays';
  defaultCluster?: string;
  componentsDir: string;
  infrastructureFile: string;
  kustomization: { interval: string; timeout: string; prune: boolean; wait: boolean };
  monitoringKustomization: { timeout: string };
  providers: ProviderRow[];
  webhookCharts: string[];
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
  webhookCharts: ['gatekeeper', 'kyverno', 'cert-manager', 'linkerd'],
  gitRepository: 'flux-system',
  recreateCommand: 'vagrant destroy && vagrant up',
  rules: {},
};

const duration = { type: 'string', pattern: '^([0-9]+(ms|s|m|h))+$' };
const label = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
const relativeDir = { type: 'string', pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]+$' };

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    layout: { enum: ['flat', 'base-overlays'] },
    defaultCluster: label,
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

/** Reads `.fluxgen.yaml` at the repo root (optional) and fills in the defaults. */
export async function loadConfig(root: string): Promise<FluxgenConfig> {
  let text: string;
  try {
    text = await readFile(path.join(root, CONFIG_FILE), 'utf8');
  } catch {
    return DEFAULT_CONFIG;
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new FluxgenError('BAD_CONFIG', `${CONFIG_FILE}: ${doc.errors[0]!.message}`, { hint: 'fix the YAML syntax' });
  }
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new FluxgenError('BAD_CONFIG', `${CONFIG_FILE} is invalid: ${problems}`, {
      hint: 'see the README section on .fluxgen.yaml for the allowed keys',
    });
  }
  const user = raw as Partial<FluxgenConfig>;
  return {
    ...DEFAULT_CONFIG,
    ...user,
    kustomization: { ...DEFAULT_CONFIG.kustomization, ...user.kustomization },
    monitoringKustomization: { ...DEFAULT_CONFIG.monitoringKustomization, ...user.monitoringKustomization },
    providers: user.providers ?? [],
    webhookCharts: user.webhookCharts ?? DEFAULT_CONFIG.webhookCharts,
    rules: user.rules ?? {},
  };
}
