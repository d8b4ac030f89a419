import { DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_INPUT_DOCUMENTS, loadManifests, STDIN_PATH } from '../analysis/load';
import { KubeObject } from '../core/kube-object';
import { isDnsLabel } from '../core/validation';
import { CommandContext, InputError, UsageError } from './command';

/** The options of every command that reads manifests, for node's `parseArgs`. */
export const INPUT_OPTIONS = {
  'namespace': { type: 'string', short: 'n' },
  'max-bytes': { type: 'string' },
  'max-documents': { type: 'string' },
} as const;

/** The input limits as the command line gives them (`--max-bytes`, `--max-documents`), unparsed. */
export interface InputLimitArgs {
  readonly 'max-bytes'?: unknown;
  readonly 'max-documents'?: unknown;
}

/** Help paragraph on the inputs {@link loadInputs} reads. */
export const INPUT_HELP = `Inputs: files, folders and "${STDIN_PATH}" (standard input). Folders are read recursively for .yaml, .yml and .json
files, following symbolic links; a YAML file in a folder that holds no Kubernetes object is skipped with a warning.
Named pipes, sockets and devices are refused: pipe a stream to "${STDIN_PATH}" instead. Input must be UTF-8 text; at most
${DEFAULT_MAX_INPUT_BYTES} bytes (1 GiB) and ${DEFAULT_MAX_INPUT_DOCUMENTS} YAML documents are read in all unless --max-bytes or
--max-documents allow more (or fewer); beyond that the command stops with exit status 2.`;
/** Help line of {@link INPUT_OPTIONS}. */
export const INPUT_OPTIONS_HELP = `  -n, --namespace NS     namespace of objects that have none (as "oc apply -n"); default: "default"
      --max-bytes N      read at most N bytes of input in all (suffixes K, M, G: KiB, MiB, GiB); default: 1G
      --max-documents N  read at most N YAML documents in all; default: ${DEFAULT_MAX_INPUT_DOCUMENTS}`;

const SIZE_SUFFIX: Readonly<Record<string, number>> = { '': 1, 'K': 1024, 'M': 1024 ** 2, 'G': 1024 ** 3 };

/** A `--max-bytes`/`--max-documents` value: a whole number of at least 1 (with a K, M or G suffix for bytes). */
function limitOf(option: string, value: unknown, suffixes: boolean): number | undefined {
  if (value === undefined) return undefined;
  const m = typeof value === 'string' ? /^(\d{1,16})([KMG]?)$/i.exec(value.trim()) : null;
  const n = m && (suffixes || m[2] === '') ? Number(m[1]) * SIZE_SUFFIX[m[2].toUpperCase()] : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${option} ${JSON.stringify(value)} is not valid; allowed: a whole number of at least 1${suffixes ? ', optionally with K, M or G' : ''}`);
  }
  return n;
}

/**
 * Loads the Kubernetes objects the command line names, as every command that reads manifests does: files, folders and
 * `-`; `--namespace` for objects without one; `--max-bytes` and `--max-documents` (`limits`) bound what is read. Warnings (skipped files, link loops) go to standard error.
 * @throws UsageError for no input or a bad `--namespace`; InputError for input that cannot be read or parsed, and
 * for input that holds no Kubernetes object at all
 */
export function loadInputs(paths: readonly string[], namespace: string | undefined, context: CommandContext, limits: InputLimitArgs = {}): KubeObject[] {
  if (paths.length === 0) throw new UsageError(`at least one file, folder or "${STDIN_PATH}" is needed`);
  if (namespace !== undefined && !isDnsLabel(namespace)) {
    throw new UsageError(`--namespace ${JSON.stringify(namespace)} is not a valid namespace name (a DNS-1123 label)`);
  }
  const maxBytes = limitOf('max-bytes', limits['max-bytes'], true);
  const maxDocuments = limitOf('max-documents', limits['max-documents'], false);
  let objects: KubeObject[];
  try {
    objects = loadManifests(paths, { namespace, maxBytes, maxDocuments, onWarning: (message) => context.err(`cdk8s-ossm: warning: ${message}\n`) });
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  if (objects.length === 0) {
    throw new InputError(`no Kubernetes object found in ${paths.join(', ')} (folders are read for .yaml, .yml and .json files; empty documents hold none)`);
  }
  return objects;
}
