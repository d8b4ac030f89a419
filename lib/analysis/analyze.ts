import { AnalysisContext, AnalyzeOptions, ObjectRef } from './context';
import { SUPPRESS_ANNOTATION_PREFIX } from './rule';
import { ANALYZER_RULES } from './rules';
import { KubeObject } from '../core/kube-object';
import { Finding, Severity } from './types';

/** The outcome of {@link analyze}. */
export interface AnalysisResult {
  /** All findings, suppressed ones included, sorted by severity, code, kind, namespace, name and message. */
  readonly findings: Finding[];
  /** Unsuppressed errors. */
  readonly errors: number;
  /** Unsuppressed warnings. */
  readonly warnings: number;
  /** Findings silenced by a suppression annotation. */
  readonly suppressed: number;
  /** How many objects were analyzed. */
  readonly objects: number;
}

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The deterministic order of findings: severity (errors first), code, kind, namespace, name, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    cmp(a.code, b.code) ||
    cmp(a.kind, b.kind) ||
    cmp(a.namespace ?? '', b.namespace ?? '') ||
    cmp(a.name, b.name) ||
    cmp(a.message, b.message)
  );
}

/**
 * Analyzes plain Kubernetes objects (a synthesized cdk8s app, or YAML loaded with {@link loadManifests}) for the
 * OpenShift Service Mesh mistakes listed in docs/ANALYZER.md. Offline and deterministic; runs in time linear in the
 * number of objects.
 *
 * A finding on an object that carries the annotation `suppress.analysis.cdk8s-ossm.io/<CODE>: "<reason>"` is kept
 * with `suppressedBecause` and counts neither as error nor as warning. A finding on an object whose place is known
 * (`options.locate`; by default, objects from {@link loadManifests}) carries `file` and `line`.
 */
export function analyze(objects: readonly KubeObject[], options: AnalyzeOptions = {}): AnalysisResult {
  const ctx = new AnalysisContext(objects, options);
  const locate = ctx.locate;
  const findings: Finding[] = [];
  for (const rule of ANALYZER_RULES) {
    rule.check(ctx, (target: ObjectRef, message: string, fix?: string, severity?: Severity) => {
      const reason = target.annotations[SUPPRESS_ANNOTATION_PREFIX + rule.code]?.trim();
      const source = locate(target.obj);
      findings.push({
        code: rule.code,
        severity: severity ?? rule.severity,
        kind: target.kind,
        namespace: target.namespace || undefined,
        name: target.name,
        message,
        fix: fix ?? rule.fix,
        ...(reason ? { suppressedBecause: reason } : {}),
        ...(source ? { file: source.file, line: source.line } : {}),
      });
    });
  }
  findings.sort(compareFindings);
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressedBecause !== undefined) suppressed++;
    else if (f.severity === 'error') errors++;
    else warnings++;
  }
  return { findings, errors, warnings, suppressed, objects: objects.length };
}
