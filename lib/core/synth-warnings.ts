import { IConstruct } from 'constructs';

/** A warning a construct attached for synth to print: the input is accepted, but someone should know. */
export interface SynthWarning {
  /** The construct path of the construct that warns. */
  readonly path: string;
  /** What to know, and what to do about it. */
  readonly message: string;
}

/** The construct metadata type under which synth warnings are kept. */
const SYNTH_WARNING = 'cdk8s-ossm:synth-warning';

/**
 * Attaches a warning to a construct. `writeDist` collects the warnings of every construct it synthesizes into
 * its report (`DistReport.warnings`), and `npm run synth` prints them. Never put a secret in the message.
 */
export function addSynthWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(SYNTH_WARNING, message);
}

/** The construct metadata type under which uses of deprecated APIs are kept. */
const DEPRECATION = 'cdk8s-ossm:deprecation';

/**
 * Records that a construct uses a deprecated API: `<api> is deprecated; <replacement>`. Synth reports each such
 * message once (at the first construct that uses it), however many constructs use the API. @internal
 */
export function addDeprecationWarning(scope: IConstruct, api: string, replacement: string): void {
  const message = `${api} is deprecated; ${replacement}`;
  if (!scope.node.metadata.some((m) => m.type === DEPRECATION && m.data === message)) scope.node.addMetadata(DEPRECATION, message);
}

/**
 * The synth warnings of every construct under `root` (itself included), in construct order; each deprecated API once,
 * at the first construct that uses it.
 */
export function synthWarningsOf(root: IConstruct): SynthWarning[] {
  const deprecations = new Set<string>();
  return root.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === SYNTH_WARNING || (m.type === DEPRECATION && !deprecations.has(String(m.data)) && deprecations.add(String(m.data))))
    .map((m) => ({ path: c.node.path, message: String(m.data) })));
}

/** One line for a terminal: `WARNING <path>: <message>`. */
export function formatSynthWarning(warning: SynthWarning): string {
  return `WARNING ${warning.path}: ${warning.message}`;
}
