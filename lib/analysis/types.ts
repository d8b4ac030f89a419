export { KubeObject } from '../core/kube-object';

/** How serious a finding is: errors fail synth and make the CLI exit 1; warnings are printed. */
export type Severity = 'error' | 'warning';

/** One problem the analyzer found on one object. */
export interface Finding {
  /** Stable rule code, e.g. `OSSM101`. */
  readonly code: string;
  /** The rule's severity, or `warning` where the rule cannot tell for sure; a suppressed finding keeps its severity. */
  readonly severity: Severity;
  /** The kind of the object the finding is about. */
  readonly kind: string;
  /** Its namespace; absent for cluster-scoped objects. */
  readonly namespace?: string;
  /** Its name. */
  readonly name: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** What to change. */
  readonly fix: string;
  /** Set when the object carries a suppression for this code; the reason is shown in the output. */
  readonly suppressedBecause?: string;
  /** The file the object was loaded from, when known (see {@link ManifestSource}). */
  readonly file?: string;
  /** The line (1-based) in `file` where the object starts. */
  readonly line?: number;
}

/** Where a loaded object was written: see {@link manifestSource}. */
export interface ManifestSource {
  /** The file as it was named (a folder's files as `folder/name`), or `<stdin>` for standard input. */
  readonly file: string;
  /** Line (1-based) where the object starts: its first key, or its entry in a `kind: List`. */
  readonly line: number;
}
