import { loadManifests, STDIN_PATH } from '../analysis/load';
import { KubeObject } from '../core/kube-object';
import { isDnsLabel } from '../core/validation';
import { CommandContext, InputError, UsageError } from './command';

/** The options of every command that reads manifests, for node's `parseArgs`. */
export const INPUT_OPTIONS = {
  namespace: { type: 'string', short: 'n' },
} as const;

/** Help paragraph on the inputs {@link loadInputs} reads. */
export const INPUT_HELP = `Inputs: files, folders and "${STDIN_PATH}" (standard input). Folders are read recursively for .yaml, .yml and .json
files, following symbolic links; a YAML file in a folder that holds no Kubernetes object is skipped with a warning.
Named pipes, sockets and devices are refused: pipe a stream to "${STDIN_PATH}" instead.`;
/** Help line of {@link INPUT_OPTIONS}. */
export const INPUT_OPTIONS_HELP = `  -n, --namespace NS     namespace of objects that have none (as "oc apply -n"); default: "default"`;

/**
 * Loads the Kubernetes objects the command line names, as every command that reads manifests does: files, folders and
 * `-`; `--namespace` for objects without one. Warnings (skipped files, link loops) go to standard error.
 * @throws UsageError for no input or a bad `--namespace`; InputError for input that cannot be read or parsed, and
 * for input that holds no Kubernetes object at all
 */
export function loadInputs(paths: readonly string[], namespace: string | undefined, context: CommandContext): KubeObject[] {
  if (paths.length === 0) throw new UsageError(`at least one file, folder or "${STDIN_PATH}" is needed`);
  if (namespace !== undefined && !isDnsLabel(namespace)) {
    throw new UsageError(`--namespace ${JSON.stringify(namespace)} is not a valid namespace name (a DNS-1123 label)`);
  }
  let objects: KubeObject[];
  try {
    objects = loadManifests(paths, { namespace, onWarning: (message) => context.err(`cdk8s-ossm: warning: ${message}\n`) });
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  if (objects.length === 0) {
    throw new InputError(`no Kubernetes object found in ${paths.join(', ')} (folders are read for .yaml, .yml and .json files; empty documents hold none)`);
  }
  return objects;
}
