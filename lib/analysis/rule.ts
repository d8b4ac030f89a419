import { AnalysisContext, ObjectRef } from './context';
import { Severity } from './types';

/** What a rule checks, for documentation and for the CLI. */
export interface RuleInfo {
  /** Stable code, `OSSM` and three digits. */
  readonly code: string;
  /** The severity of its findings; a rule whose title says so reports some findings as warnings (see docs/ANALYZER.md). */
  readonly severity: Severity;
  /** What the rule finds, in a few words. */
  readonly title: string;
  /** The Istio analyzer (IST…) and/or Kiali validation (KIA…) code it corresponds to, or `—` for none. */
  readonly reference: string;
  /** The usual fix; a finding may give a more specific one. */
  readonly fix: string;
}

/**
 * Reports one finding of the running rule on `target`; `fix` defaults to the rule's, `severity` to the rule's (an
 * error rule reports a finding as a warning where the problem depends on something it cannot tell).
 */
export type Report = (target: ObjectRef, message: string, fix?: string, severity?: Severity) => void;

/** A rule: its description and a check over the indexed objects. */
export interface Rule extends RuleInfo {
  check(ctx: AnalysisContext, report: Report): void;
}

/** Annotation key prefix that suppresses one finding on one object: `suppress.analysis.cdk8s-ossm.io/<CODE>: <reason>`. */
export const SUPPRESS_ANNOTATION_PREFIX = 'suppress.analysis.cdk8s-ossm.io/';

/** The form of every rule code. */
export const RULE_CODE_PATTERN = /^OSSM\d{3}$/;
