import { parseArgs } from 'node:util';
import { analyze } from '../analysis/analyze';
import { formatText } from '../analysis/format';
import { loadManifests } from '../analysis/load';
import { explainCommand } from './explain-command';
import { KubeObject } from '../core/kube-object';
import { isDnsLabel } from '../core/validation';

/** Where {@link main} writes; defaults to the process's streams. */
export interface CliIo {
  /** @default writes to process.stdout */
  readonly stdout?: (text: string) => void;
  /** @default writes to process.stderr */
  readonly stderr?: (text: string) => void;
}

/** Exit status: no unsuppressed error. */
export const EXIT_OK = 0;
/** Exit status: the analyzer found at least one unsuppressed error. */
export const EXIT_FINDINGS = 1;
/** Exit status: bad command line, or manifests that cannot be read or parsed. */
export const EXIT_USAGE = 2;

/** The help text. */
export const USAGE = `Usage: cdk8s-ossm analyze <file or folder>... [--namespace NS] [--format text|json]
       cdk8s-ossm explain <file or folder>... --host HOST [options]   (cdk8s-ossm explain --help)

Analyzes Kubernetes manifests for OpenShift Service Mesh 2.x (Istio 1.20) mistakes.
Folders are read recursively for .yaml, .yml and .json files.

Options:
  -n, --namespace NS     namespace of objects that have none (as "oc apply -n"); default: "default"
  -f, --format FORMAT    text (default) or json (the AnalysisResult)
  -h, --help             show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or input error.
Suppress a finding on an object with the annotation suppress.analysis.cdk8s-ossm.io/<CODE>: "<reason>".
`;

/**
 * Runs the command line `cdk8s-ossm <args>` and returns the exit status; it never exits the process itself.
 * @param argv the arguments after the program name, e.g. `process.argv.slice(2)`
 */
export function main(argv: readonly string[], io: CliIo = {}): number {
  const out = io.stdout ?? ((s: string) => void process.stdout.write(s));
  const err = io.stderr ?? ((s: string) => void process.stderr.write(s));
  if (argv[0] === 'explain') return explainCommand(argv.slice(1), { stdout: out, stderr: err });
  const usageError = (message: string): number => {
    err(`cdk8s-ossm: ${message}\n\n${USAGE}`);
    return EXIT_USAGE;
  };

  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        namespace: { type: 'string', short: 'n' },
        format: { type: 'string', short: 'f', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return EXIT_OK;
  }
  const [command, ...paths] = positionals;
  if (command === undefined) return usageError('missing command');
  if (command !== 'analyze') return usageError(`unknown command ${JSON.stringify(command)}; allowed: analyze, explain`);
  if (paths.length === 0) return usageError('analyze needs at least one file or folder');
  const format = values.format;
  if (format !== 'text' && format !== 'json') return usageError(`--format ${JSON.stringify(format)} is not allowed; allowed: text, json`);
  const namespace = values.namespace;
  if (namespace !== undefined && !isDnsLabel(namespace)) {
    return usageError(`--namespace ${JSON.stringify(namespace)} is not a valid namespace name (a DNS-1123 label)`);
  }

  let objects: KubeObject[];
  try {
    objects = loadManifests(paths, { namespace });
  } catch (e) {
    err(`cdk8s-ossm: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  const result = analyze(objects, namespace === undefined ? {} : { defaultNamespace: namespace });
  out(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatText(result));
  return result.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}
