/** Why an attachment's text could not be extracted; the message names what is wrong with the file. */
export class ExtractError extends Error {
  constructor(readonly code: 'unsupported_type' | 'too_large' | 'corrupt' | 'timeout', message: string) {
    super(message);
    this.name = 'ExtractError';
  }
}
