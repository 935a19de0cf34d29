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
  'CHECK_FAILED',
  'DEPENDENCY_CYCLE',
  'DANGLING_DEPENDS_ON',
]);

export class FluxgenError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: 1 | 2;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown; exitCode?: 1 | 2 } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FluxgenError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? (EXIT_ONE.has(code) ? 1 : 2);
  }
}

export function isFluxgenError(error: unknown): error is FluxgenError {
  return error instanceof FluxgenError;
}
