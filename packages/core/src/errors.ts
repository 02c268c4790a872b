/**
 * Every error Quorum raises on purpose is a {@link QuorumError}: it has a stable `code`
 * a script can test, an exit code for the CLI (2 for bad input, 1 for runtime failures),
 * and, where there is one, the file, line and column the problem is at.
 */
export type QuorumErrorCode =
  | 'DISCUSSION_PARSE'
  | 'INVALID_INPUT'
  | 'CONFIG_INVALID'
  | 'PLUGIN_INVALID'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'STORAGE'
  | 'LOCK_TIMEOUT'
  | 'TEMPLATE_INVALID'
  | 'CONFLICT'
  | 'PROVIDER'
  | 'BUDGET'
  /** A workflow stopped on purpose (a `fail` step, Ctrl-C). */
  | 'WORKFLOW_FAILED'
  /** `quorum doctor` found problems (it lists them itself). */
  | 'CHECKS_FAILED';

/** Where in a user's file a problem is. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

export interface QuorumErrorOptions extends SourceLocation {
  readonly cause?: unknown;
}

/**
 * Marks an object as an error of the class a brand names, whatever copy of this package made
 * it: a plugin installed with its own copy of `@quorum/core` throws its copy's classes, which a
 * plain `instanceof` would not recognise (a refused key would then not fall back, a missing
 * discussion would not exit 2).
 */
export function brandError(error: object, brand: symbol): void {
  Object.defineProperty(error, brand, { value: true });
}

/** Whether `value` carries `brand` (see {@link brandError}). */
export function hasErrorBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

const QUORUM_ERROR = Symbol.for('@quorum/core:QuorumError');

export class QuorumError extends Error {
  /**
   * `error instanceof QuorumError` holds for a QuorumError made by any copy of this package;
   * for its subclasses `instanceof` is the usual prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === QuorumError ? hasErrorBrand(value, QUORUM_ERROR) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /** Stable identifier of the failure kind; never changes between releases. */
  readonly code: QuorumErrorCode;
  /** 2 when the user's input is wrong, 1 when something failed at run time. */
  readonly exitCode: 1 | 2;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(code: QuorumErrorCode, exitCode: 1 | 2, detail: string, options: QuorumErrorOptions = {}) {
    super(formatLocated(detail, options), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.detail = detail;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    brandError(this, QUORUM_ERROR);
  }
}

/** A discussion file that does not follow the format. The file is never rewritten. */
export class DiscussionParseError extends QuorumError {
  constructor(detail: string, options: QuorumErrorOptions = {}) {
    super('DISCUSSION_PARSE', 2, detail, options);
  }
}

/** A value given by the user (argument, author, vote, header) that cannot be used. */
export class InvalidInputError extends QuorumError {
  constructor(detail: string, options: QuorumErrorOptions = {}) {
    super('INVALID_INPUT', 2, detail, options);
  }
}

export class ConfigError extends QuorumError {
  constructor(detail: string, options: QuorumErrorOptions = {}) {
    super('CONFIG_INVALID', 2, detail, options);
  }
}

/** A plugin that cannot be loaded: missing, wrong shape, unsupported version, bad options. */
export class PluginError extends QuorumError {
  readonly plugin: string;
  constructor(plugin: string, detail: string, options: QuorumErrorOptions = {}) {
    super('PLUGIN_INVALID', 2, `plugin "${plugin}": ${detail}`, options);
    this.plugin = plugin;
  }
}

export class NotFoundError extends QuorumError {
  constructor(detail: string, options: QuorumErrorOptions = {}) {
    super('NOT_FOUND', 2, detail, options);
  }
}

export class AlreadyExistsError extends QuorumError {
  constructor(detail: string, options: QuorumErrorOptions = {}) {
    super('ALREADY_EXISTS', 2, detail, options);
  }
}

export class StorageError extends QuorumError {
  constructor(detail: string, options: QuorumErrorOptions = {}) {
    super('STORAGE', 1, detail, options);
  }
}

export class LockTimeoutError extends QuorumError {
  constructor(detail: string, options: QuorumErrorOptions = {}) {
    super('LOCK_TIMEOUT', 1, detail, options);
  }
}

/** A write refused because someone else changed the discussion since the caller read it. */
export class ConflictError extends QuorumError {
  constructor(detail: string, options: QuorumErrorOptions = {}) {
    super('CONFLICT', 1, detail, options);
  }
}

/** `file:line:col: message`, leaving out the parts that are unknown. */
export function formatLocated(message: string, location: SourceLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.line !== undefined) {
    parts.push(String(location.line));
    if (location.column !== undefined) parts.push(String(location.column));
  }
  return parts.length === 0 ? message : `${parts.join(':')}: ${message}`;
}

export function isQuorumError(error: unknown): error is QuorumError {
  return error instanceof QuorumError;
}
