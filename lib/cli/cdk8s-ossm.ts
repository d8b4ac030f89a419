import { ANALYZE_COMMAND } from './analyze-command';
import { APPLY_COMMAND } from './apply-command';
import { CliCommand, CliIo, CommandContext, EXIT_OK, EXIT_USAGE, usageLines } from './command';
import { EXPLAIN_COMMAND } from './explain-command';
import { MIGRATE_COMMAND } from './migrate-command';
import { didYouMean } from './suggest';
import { packageVersion } from './version';

export { CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './command';


/** The commands, in the order the help lists them. */
const COMMANDS: readonly CliCommand[] = [ANALYZE_COMMAND, EXPLAIN_COMMAND, MIGRATE_COMMAND, APPLY_COMMAND];

/** The help text: every command's synopsis and summary. */
export const USAGE = `${usageLines(COMMANDS)}
       cdk8s-ossm help [<command>]
       cdk8s-ossm --version

${COMMANDS.map((c) => `${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run "cdk8s-ossm help <command>" or "cdk8s-ossm <command> --help" for a command's inputs and options.

Exit status: 0 success (analyze: no errors; explain: the request is routed; migrate: every field in use migrated;
apply: applied and everything waited for is there), 1 the command's finding (analyze: errors; explain: no route;
migrate: a field in use cannot be migrated; apply: an oc command failed or a wait timed out), 2 usage or input error.
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
  const names = COMMANDS.map((c) => c.name);
  const unknown = (word: string) => usageError(`unknown command ${JSON.stringify(word)}; allowed: ${[...names, 'help'].join(', ')}${didYouMean(word, [...names, 'help'])}`);
  if (name === '-h' || name === '--help') {
    context.out(USAGE);
    return EXIT_OK;
  }
  if (name === '-V' || name === '--version') {
    context.out(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (name === 'help') {
    if (rest.length === 0) {
      context.out(USAGE);
      return EXIT_OK;
    }
    const about = COMMANDS.find((c) => c.name === rest[0]);
    if (rest.length > 1 || !about) return rest.length > 1 ? usageError('help takes one command') : unknown(rest[0]);
    return about.run(['--help'], context);
  }
  if (name === undefined) return usageError('missing command');
  if (name.startsWith('-')) return usageError(`unknown option ${name}; allowed before a command: --help, --version${didYouMean(name, ['--help', '--version'])}`);
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return unknown(name);
  return command.run(rest, context);
}
