export type ExtractErrorCode = 'unsupported_type' | 'too_large' | 'corrupt' | 'timeout' | 'busy';

/**
 * Why an attachment's text could not be extracted; the message names what is wrong with the file.
 *
 * `transient` tells a failure that says something about the file from one that
 * says something about the node at the time: `unsupported_type`, `corrupt` and
 * `too_large` come from the bytes and the limits alone, so the same file always
 * fails the same way (the extraction cache keeps them); `timeout` (a clock ran
 * out, and a loaded node reads slower), `busy` (no reader was free in time) and
 * a memory stop measured on the whole process are transient: another try may read
 * the file, so they are never kept.
 */
export class ExtractError extends Error {
  readonly transient: boolean;

  constructor(readonly code: ExtractErrorCode, message: string, options: { transient?: boolean } = {}) {
    super(message);
    this.name = 'ExtractError';
    this.transient = options.transient ?? (code === 'timeout' || code === 'busy');
  }
}
