import { arr } from '../kube';
import { analyzeRules, ROUTE_SECTIONS } from '../matches';
import { Rule } from '../rule';

/**
 * OSSM111 (warning): a match entry of a route rule matches nothing that an earlier entry (of the same rule or an
 * earlier one) does not already match — a repeated match, or one covered by a broader earlier one (`prefix:
 * /api/v1/product` before `prefix: /api/v1/products`). The entry does nothing; usually the rules are in the wrong
 * order or a condition is missing.
 */
export const ineffectiveMatch: Rule = {
  code: 'OSSM111',
  severity: 'warning',
  title: 'Match entry already covered by an earlier match',
  reference: 'IST0131',
  fix: 'Remove the covered match entry, or put the more specific match in an earlier rule.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      for (const section of ROUTE_SECTIONS) {
        for (const m of analyzeRules(arr(vs.spec[section]), section).ineffective) {
          const where = m.coveredBy.rule === m.rule ? `match[${m.coveredBy.match}] of the same rule` : `${section}[${m.coveredBy.rule}].match[${m.coveredBy.match}]`;
          report(vs, `${section}[${m.rule}].match[${m.match}] never takes effect: ${where} already matches everything it matches`);
        }
      }
    }
  },
};
