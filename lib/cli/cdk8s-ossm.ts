import { ANALYZE_COMMAND } from './analyze-command';
import { APPLY_COMMAND } from './apply-command';
import { CliCommand, CliIo, CommandContext, EXIT_OK, EXIT_USAGE, usageLines } from './command';
import { EXPLAIN_COMMAND } from './explain-command';
import { MIGRATE_COMMAND } from './migrate-command';

export { CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './command';


/** The commands, in the order the help lists them. */
const COMMANDS: readonly CliCommand[] = [ANALYZE_COMMAND, EXPLAIN_COMMAND, MIGRATE_COMMAND, APPLY_COMMAND];

/** The help text: every command's synopsis and summary. */
export const USAGE = `${usageLines(COMMANDS)}

${COMMANDS.map((c) => `${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run "cdk8s-ossm <command> --help" for a command's inputs and options.
`;

/**
 * Runs the command line `cdk8s-ossm <command> <args>` and returns the exit status; it never exits the process itself.
 * @param argv the arguments after the program name, e.g. `process.argv.slice(2)`
 */
export function main(argv: readonly string[], io: CliIo = {}): number {
  const context: CommandContext = {
    out: io.stdout ?? ((s: string) => void process.stdout.write(s)),
    err: io.stderr ?? ((s: string) => void process.stderr.write(s)),
  };
  const usageError = (message: string): number => {
    context.err(`cdk8s-ossm: ${message}\n\n${USAGE}`);
    return EXIT_USAGE;
  };
  const [name, ...rest] = argv;
  if (name === '-h' || name === '--help') {
    context.out(USAGE);
    return EXIT_OK;
  }
  if (name === undefined || name.startsWith('-')) return usageError('missing command');
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return usageError(`unknown command ${JSON.stringify(name)}; allowed: ${COMMANDS.map((c) => c.name).join(', ')}`);
  return command.run(rest, context);
}
