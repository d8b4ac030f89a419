import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidInput } from '../core/validation';
import { RULE_CODE_PATTERN, SUPPRESS_ANNOTATION_PREFIX } from './rule';
import { RULE_CODES } from './rules';

/**
 * Silences one analyzer finding on one object, with a reason that the analyzer's output shows. Adds the annotation
 * `suppress.analysis.cdk8s-ossm.io/<code>: <reason>` to the object's metadata.
 *
 * @param obj an `ApiObject`, or any construct whose `ApiObject.of()` is the object (e.g. a cdk8s-plus Deployment)
 * @param code a rule code such as `OSSM501` (see docs/ANALYZER.md)
 * @param reason why the finding does not apply; must not be empty
 * @throws ValidationError naming the construct path, the bad value and what is allowed, for an unknown code or an
 * empty reason
 */
export function suppressFinding(obj: IConstruct, code: string, reason: string): void {
  if (!RULE_CODE_PATTERN.test(code) || !RULE_CODES.has(code)) {
    throw invalidInput(obj, 'suppressFinding rule code', code, `Allowed: one of the analyzer's rule codes, ${[...RULE_CODES].join(', ')}.`);
  }
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw invalidInput(obj, `suppressFinding(${code}) reason`, reason, 'Allowed: a non-empty text that says why the finding does not apply.');
  }
  ApiObject.of(obj).metadata.addAnnotation(SUPPRESS_ANNOTATION_PREFIX + code, reason.trim());
}
