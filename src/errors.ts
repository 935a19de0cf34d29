/** Typed errors of the core; only the CLI prints them. */

export type ErrorCode =
  | 'BAD_INPUT'
  | 'BAD_NAME'
  | 'BAD_URL'
  | 'BAD_VERSION'
  | 'BAD_VALUES'
  | 'BAD_PATH'
  | 'UNKNOWN_DEPENDENCY'
  | 'UNKNOWN_CLUSTER'
  | 'AMBIGUOUS_CLUSTER'
  | 'NO_CLUSTER'
  | 'INFRA_PARSE'
  | 'INFRA_DUPLICATE'
  | 'BAD_REPO'
  | 'BAD_CONFIG'
  | 'TARGET_EXISTS'
  | 'HAND_EDITED'
  | 'MISSING_PROVIDER'
  | 'KUSTOMIZE_FAILED'
  | 'KUSTOMIZE_MISSING'
  | 'YAML_INVALID'
  | 'NO_TTY'
  | 'LOCKED'
  | 'WRITE_FAILED'
  | 'BAD_RECORD'
  | 'PATH_MISSING'
  | 'REGEN_DRIFT'
  | 'INTERRUPTED'
  | 'BAD_KUSTOMIZATION'
  | 'CHECK_FAILED'
  | 'DEPENDENCY_CYCLE'
  | 'DANGLING_DEPENDS_ON';

/** Exit 2 = bad input or unusable repository; exit 1 = validation failure. */
const EXIT_ONE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'MISSING_PROVIDER',
  'KUSTOMIZE_FAILED',
  'YAML_INVALID',
  'HAND_EDITED',
  'WRITE_FAILED',
  'PATH_MISSING',
  'REGEN_DRIFT',
  'CHECK_FAILED',
  'DEPENDENCY_CYCLE',
  'DANGLING_DEPENDS_ON',
]);

export class FluxgenError extends Error {
  readonly code: ErrorCode;
  /** 1 or 2 (SPEC §7); 128 + the signal number for INTERRUPTED, as shells expect. */
  readonly exitCode: number;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FluxgenError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? (EXIT_ONE.has(code) ? 1 : 2);
  }
}

/**
 * Shows a user's value in a message: quoted, every character outside printable ASCII escaped
 * (control characters, bidi overrides, zero-width and look-alike letters become visible as \uXXXX),
 * and long values cut with their length.
 */
export function showValue(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  const shown = JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return value.length > 80 ? `${shown} (${value.length} characters)` : shown;
}

/** True for a FluxgenError (narrows the type). */
export function isFluxgenError(error: unknown): error is FluxgenError {
  return error instanceof FluxgenError;
}
