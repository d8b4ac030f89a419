// Runs the command line in-process and collects what it writes.
import { main } from '../../lib/cli/cdk8s-ossm';

/** `cdk8s-ossm <argv>`: the exit status and everything written to stdout and stderr. */
export function runCli(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}
