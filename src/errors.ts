/** Typed errors of the core; only the CLI prints them. */
import { constants } from 'node:os';

export type ErrorCode =
  | 'BAD_INPUT'
  | 'BAD_ARGUMENT'
  | 'BAD_NAME'
  | 'BAD_URL'
  | 'BAD_VERSION'
  | 'BAD_VALUES'
  | 'BAD_PATH'
  | 'UNKNOWN_DEPENDENCY'
  | 'UNKNOWN_CLUSTER'
  | 'UNKNOWN_COMPONENT'
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
  | 'REGEN_FINDINGS'
  | 'INTERRUPTED'
  | 'BAD_KUSTOMIZATION'
  | 'CHECK_FAILED'
  | 'DEPENDENCY_CYCLE'
  | 'DANGLING_DEPENDS_ON'
  | 'INTERNAL';

/**
 * The exit code of each error code (SPEC §7): 2 = bad input or an unusable repository (nothing
 * written); 1 = validation or check findings (a kustomize build failure, regen drift); 70 = an
 * internal error, a bug in fluxgen. The one exception: INTERRUPTED exits 128 + its signal's number,
 * as shells expect (FluxgenError.signal).
 */
export const EXIT_CODES: Readonly<Record<ErrorCode, 1 | 2 | 70>> = {
  // bad input
  BAD_INPUT: 2,
  BAD_ARGUMENT: 2, // commander's own usage errors (unknown flag, missing value)
  BAD_NAME: 2,
  BAD_URL: 2,
  BAD_VERSION: 2,
  BAD_VALUES: 2,
  BAD_PATH: 2,
  UNKNOWN_DEPENDENCY: 2,
  UNKNOWN_CLUSTER: 2,
  UNKNOWN_COMPONENT: 2, // monitoring/netpol on a name no Kustomization of the cluster has
  AMBIGUOUS_CLUSTER: 2,
  NO_CLUSTER: 2,
  NO_TTY: 2,
  TARGET_EXISTS: 2,
  HAND_EDITED: 2, // a writing command refusing to overwrite a hand edit (SPEC §9); regen reports them as REGEN_FINDINGS
  // an unusable repository (or environment)
  INFRA_PARSE: 2,
  INFRA_DUPLICATE: 2,
  BAD_REPO: 2,
  BAD_CONFIG: 2,
  BAD_RECORD: 2,
  BAD_KUSTOMIZATION: 2,
  KUSTOMIZE_MISSING: 2,
  LOCKED: 2,
  WRITE_FAILED: 2,
  // validation and check findings
  MISSING_PROVIDER: 1,
  KUSTOMIZE_FAILED: 1,
  PATH_MISSING: 1,
  REGEN_DRIFT: 1,
  REGEN_FINDINGS: 1, // regen ends with hand edits, problems or drift, each printed on its own
  CHECK_FAILED: 1,
  DEPENDENCY_CYCLE: 1,
  DANGLING_DEPENDS_ON: 1,
  // internal: a bug in fluxgen
  YAML_INVALID: 70, // generated YAML does not parse
  INTERNAL: 70,
  // exits 128 + the signal number (FluxgenError.signal); 70 only if one were ever built without a signal (a bug)
  INTERRUPTED: 70,
};

/** Where in a file an error is: line and column are 1-based. */
export interface Position {
  file: string;
  line?: number;
  col?: number;
}

/** `file`, `file:line` or `file:line:col`: the one way fluxgen prints a position. */
export function formatPosition(position: Position): string {
  if (position.line === undefined) return position.file;
  return position.col === undefined ? `${position.file}:${position.line}` : `${position.file}:${position.line}:${position.col}`;
}

/** The exit code of a run ended by `signal`: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

export interface FluxgenErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Where the error is: printed before the message (`file:line:col: message`, describeError), never inside it. */
  position?: Position;
  /** INTERRUPTED only: the signal that interrupted the run; the exit is 128 + its number. */
  signal?: NodeJS.Signals;
  /** The command printed what this error stands for itself (regen's findings): printError prints nothing more. */
  reported?: boolean;
}

export class FluxgenError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly position?: Position;
  readonly signal?: NodeJS.Signals;
  readonly reported: boolean;
  /** EXIT_CODES[code] (SPEC §7); 128 + the signal number for INTERRUPTED. */
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: FluxgenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FluxgenError';
    this.code = code;
    this.hint = options.hint;
    this.position = options.position;
    this.signal = code === 'INTERRUPTED' ? options.signal : undefined;
    this.reported = options.reported ?? false;
    this.exitCode = this.signal === undefined ? EXIT_CODES[code] : signalExitCode(this.signal);
  }
}

/** What the user reads after `[CODE]: `: the position, if any, then the message. */
export function describeError(error: FluxgenError): string {
  return error.position ? `${formatPosition(error.position)}: ${error.message}` : error.message;
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
