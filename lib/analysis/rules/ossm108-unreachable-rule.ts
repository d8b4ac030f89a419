import { arr, rec, str } from '../kube';
import { analyzeRules, ROUTE_SECTIONS } from '../matches';
import { Rule } from '../rule';

/**
 * OSSM108 (warning): a route rule (http, tcp or tls) that no request reaches: it comes after a rule that matches
 * every request (no `match`, an empty match entry, or only `uri.prefix: /`), or every one of its match entries is
 * already matched by an earlier entry. Istio evaluates rules in order, so the rule — typically a header match — is
 * never used.
 */
export const unreachableRule: Rule = {
  code: 'OSSM108',
  severity: 'warning',
  title: 'Route rule after a catch-all rule, or whose matches earlier rules already take, is never reached',
  reference: 'IST0130',
  fix: 'Move the catch-all rule (no match) to the end of the section, and remove or reorder rules whose matches an earlier rule already takes.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      for (const section of ROUTE_SECTIONS) {
        const rules = arr(vs.spec[section]);
        for (const u of analyzeRules(rules, section).unreachable) {
          const name = str(rec(rules[u.rule])?.name);
          const label = `${section}[${u.rule}]${name ? ` (${name})` : ''}`;
          report(vs, u.afterCatchAll !== undefined
            ? `${label} is never reached: ${section}[${u.afterCatchAll}] before it matches every request`
            : `${label} is never reached: each of its matches is already taken by an earlier rule`);
        }
      }
    }
  },
};
