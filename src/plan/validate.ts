/** Input rules shared by the CLI flags, the plop prompts and regeneration (SPEC §9). */
import semver from 'semver';
import { FluxgenError, showValue, type ErrorCode } from '../errors.ts';

export { showValue };

export const PSS_LEVELS = ['restricted', 'baseline', 'privileged'] as const;
export type PssLevel = (typeof PSS_LEVELS)[number];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CHART_NAME = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/;
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const MAX_URL = 2048;
const MAX_VERSION = 128;

function fail(code: ErrorCode, what: string, value: string, rule: string, hint: string): never {
  throw new FluxgenError(code, `${what} ${showValue(value)} is invalid: ${rule}`, { hint });
}

/** A Kubernetes name: a DNS-1123 label (lowercase alphanumerics and '-', at most 63 characters). */
export function validateName(value: string, what = 'name', maxLength = 63): string {
  if (value.length === 0) fail('BAD_NAME', what, value, 'it must not be empty', 'give a DNS-1123 label such as `redis`');
  if (value.length > maxLength) {
    fail('BAD_NAME', what, value, `it must be at most ${maxLength} characters`, 'choose a shorter name');
  }
  if (!DNS_LABEL.test(value)) {
    fail(
      'BAD_NAME',
      what,
      value,
      'it must be a DNS-1123 label (lowercase a-z, 0-9 and "-", starting and ending with a letter or digit)',
      `try ${JSON.stringify(suggestName(value))}`,
    );
  }
  return value;
}

/** The closest DNS-1123 label to a rejected value, offered in the hint. */
export function suggestName(value: string): string {
  const cleaned = value
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return cleaned || 'my-component';
}

/** A Helm chart name. */
export function validateChart(value: string): string {
  if (value.length === 0 || value.length > 128 || !CHART_NAME.test(value)) {
    fail(
      'BAD_INPUT',
      'chart',
      value,
      'a chart name is 1-128 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
      'pass the chart name as the repository lists it, e.g. `--chart cert-manager`',
    );
  }
  return value;
}

/** A Helm repository URL: http(s) or oci, with a host, without credentials or whitespace. */
export function validateRepoUrl(value: string): string {
  // Errors name the URL with any user:password masked: CI logs must not show credentials.
  const shown = maskCredentials(value);
  const hint = 'pass e.g. `--repo-url https://charts.jetstack.io` or `--repo-url oci://ghcr.io/org/charts`';
  if (value.length === 0) fail('BAD_URL', 'repo URL', shown, 'it must not be empty', hint);
  if (value.length > MAX_URL) fail('BAD_URL', 'repo URL', shown, `it must be at most ${MAX_URL} characters`, hint);
  if (/[\s\u0000-\u001f\u007f"'`\\{}<>^|]/.test(value) || /[^\u0020-\u007e]/.test(value)) {
    fail('BAD_URL', 'repo URL', shown, 'it may contain only printable ASCII without spaces, quotes or brackets', hint);
  }
  if (/[?#]/.test(value)) fail('BAD_URL', 'repo URL', shown, 'it must not have a query or fragment', hint);
  // WHATWG URL parsing forgives `https:/host` and `https:host`; Flux and Helm do not
  if (!/^(https?|oci):\/\/[^/]/i.test(value)) fail('BAD_URL', 'repo URL', shown, 'it must start with https://, http:// or oci:// followed by a host', hint);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('BAD_URL', 'repo URL', shown, 'it is not a URL', hint);
  }
  if (!['https:', 'http:', 'oci:'].includes(url.protocol)) {
    fail('BAD_URL', 'repo URL', shown, 'the scheme must be https, http or oci', hint);
  }
  if (!url.hostname) fail('BAD_URL', 'repo URL', shown, 'it has no host', hint);
  if (url.username || url.password) {
    fail('BAD_URL', 'repo URL', shown, 'it must not carry credentials', 'put credentials in a Secret referenced by `spec.secretRef`');
  }
  const host = value.replace(/^[a-z]+:\/\//i, '').split('/')[0]!.replace(/:\d+$/, '').replace(/(.)\.$/, '$1'); // a trailing dot is a valid FQDN
  if (!host.startsWith('[') && (host.length > 253 || !host.split('.').every((label) => HOST_LABEL.test(label)))) {
    fail('BAD_URL', 'repo URL', shown, `its host ${showValue(host)} is not a valid DNS name or IP address`, hint);
  }
  if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(value.slice(value.indexOf('://') + 3))) {
    fail('BAD_URL', 'repo URL', shown, 'its path must not contain "." or ".." segments', hint);
  }
  return value;
}

/** The URL with its userinfo (`user:password@`) replaced by `***@`, for messages. */
export function maskCredentials(value: string): string {
  return value.replace(/^([^:/?#]+:\/\/)[^/?#]*@/, '$1***@');
}

/** A chart version: an exact semver version or a semver range such as `1.x` or `>=1.2 <2`. */
export function validateChartVersion(value: string): string {
  const hint = 'pass an exact version such as `1.16.2` or a range such as `1.x`';
  if (value.length === 0 || value.length > MAX_VERSION || /[^\u0020-\u007e]/.test(value) || /[\n\r]/.test(value)) {
    fail('BAD_VERSION', 'chart version', value, `it must be 1-${MAX_VERSION} printable ASCII characters`, hint);
  }
  if (value.trim() !== value || semver.validRange(value) === null) {
    fail('BAD_VERSION', 'chart version', value, 'it is neither a semver version nor a semver range', hint);
  }
  if (semver.minVersion(value) === null) fail('BAD_VERSION', 'chart version', value, 'the range matches no version at all', hint);
  return value;
}

/** True when the version names exactly one release. */
export function isPinnedVersion(value: string): boolean {
  return semver.valid(value) !== null;
}

export function validatePss(value: string): PssLevel {
  if (!(PSS_LEVELS as readonly string[]).includes(value)) {
    fail('BAD_INPUT', 'Pod Security level', value, `it must be one of ${PSS_LEVELS.join(', ')}`, 'pass `--pss restricted` unless the workload needs more');
  }
  return value as PssLevel;
}

/** Validates a list of names and refuses repeats. */
export function validateNames(values: readonly string[], what: string): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    validateName(value, what);
    seen.add(value);
  }
  return [...seen].sort();
}
