import { parseArgs, ParseArgsConfig } from 'node:util';
import { didYouMean } from './suggest';

/** Exit status: no unsuppressed error. */
export const EXIT_OK = 0;
/** Exit status: the analyzer found at least one unsuppressed error. */
export const EXIT_FINDINGS = 1;
/** Exit status: bad command line, or manifests that cannot be read or parsed, or no Kubernetes object in them. */
export const EXIT_USAGE = 2;

/** Where the command line's `main` writes; defaults to the process's streams. */
export interface CliIo {
  /** @default writes to process.stdout */
  readonly stdout?: (text: string) => void;
  /** @default writes to process.stderr */
  readonly stderr?: (text: string) => void;
}

/** What a command writes to. */
export interface CommandContext {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
}

/** One `cdk8s-ossm <name>` command, as the command table of the CLI lists it. */
export interface CliCommand {
  /** The word after `cdk8s-ossm`. */
  readonly name: string;
  /** Its arguments in one line, e.g. `<file, folder or ->... [--format text|json]`. */
  readonly synopsis: string;
  /** What it does, in one sentence. */
  readonly summary: string;
  /** Runs it with the arguments after its name; returns the exit status. */
  run(argv: readonly string[], context: CommandContext): number;
}

/** The parsed command line of one command: its options and its positional arguments. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** A command given by its options and a body; see {@link defineCommand}. */
export interface CommandSpec extends Omit<CliCommand, 'run'> {
  /** The help text after the synopsis and summary: details, options (`-h, --help` among them), exit status. */
  readonly help: string;
  /** Its options, for node's `parseArgs` (`--help` is added). */
  readonly options: CommandOptions;
  /** Runs it; returns the exit status. May throw {@link UsageError} or {@link InputError}. */
  run(args: CommandArgs, context: CommandContext): number;
}

/** A bad command line: reported with the command's help, exit status {@link EXIT_USAGE}. */
export class UsageError extends Error {}

/** Input that cannot be read or holds no Kubernetes object: reported alone, exit status {@link EXIT_USAGE}. */
export class InputError extends Error {}

/** Options as node's `parseArgs` takes them. @internal */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with node's `parseArgs` (strict, positionals allowed), after checking every option
 * name itself, so that a misspelt one reads `unknown option --fromat; allowed: ...; did you mean --format?` (a
 * {@link UsageError}) instead of node's raw message. @internal
 */
export function parseCommandLine(argv: readonly string[], options: CommandOptions): ReturnType<typeof parseArgs> {
  const longs = Object.keys(options).map((name) => `--${name}`);
  const shorts = Object.values(options).flatMap((o) => (o.short ? [`-${o.short}`] : []));
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg === '-' || !arg.startsWith('-')) continue;
    if (arg.startsWith('--')) {
      const name = arg.split('=')[0];
      if (!longs.includes(name)) throw new UsageError(`unknown option ${name}${didYouMean(name, longs)}`);
    } else if (!shorts.includes(arg.slice(0, 2))) {
      throw new UsageError(`unknown option ${arg.slice(0, 2)}`);
    }
  }
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** `Usage: cdk8s-ossm <name> <synopsis>` lines, one per command. */
export function usageLines(commands: ReadonlyArray<Pick<CliCommand, 'name' | 'synopsis'>>): string {
  return commands.map((c, i) => `${i === 0 ? 'Usage: ' : '       '}cdk8s-ossm ${c.name} ${c.synopsis}`).join('\n');
}

/**
 * A command from its options and body, with what every such command does the same way: `-h`/`--help` prints its
 * help; a bad option, or a {@link UsageError}, prints the message and the help (exit 2); an {@link InputError} prints
 * the message alone (exit 2).
 */
export function defineCommand(spec: CommandSpec): CliCommand {
  const help = `${usageLines([spec])}\n\n${spec.summary}\n${spec.help}\n`;
  return {
    name: spec.name,
    synopsis: spec.synopsis,
    summary: spec.summary,
    run(argv, context) {
      const usageError = (message: string): number => {
        context.err(`cdk8s-ossm: ${message}\n\n${help}`);
        return EXIT_USAGE;
      };
      let args: CommandArgs;
      try {
        args = parseCommandLine(argv, { ...spec.options, help: { type: 'boolean', short: 'h', default: false } }) as CommandArgs;
      } catch (e) {
        return usageError((e as Error).message);
      }
      if (args.values.help) {
        context.out(help);
        return EXIT_OK;
      }
      try {
        return spec.run(args, context);
      } catch (e) {
        if (e instanceof UsageError) return usageError(e.message);
        if (!(e instanceof InputError)) throw e;
        context.err(`cdk8s-ossm: ${e.message}\n`);
        return EXIT_USAGE;
      }
    },
  };
}
