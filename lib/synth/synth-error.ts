import type { Finding } from '../analysis/types';

/**
 * Thrown when synth is refused (construct validation or analyzer errors, or an output folder that may not be
 * replaced: {@link OutputFolderError} is one); nothing has been written.
 */
export class SynthError extends Error {
  public constructor(
    message: string,
    /** Every finding of the analyzer when it refused the output (errors, warnings and suppressed ones); empty otherwise. */
    public readonly findings: Finding[] = [],
  ) {
    super(message);
    this.name = 'SynthError';
  }
}
