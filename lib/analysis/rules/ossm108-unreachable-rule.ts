import { arr, rec, str } from '../kube';
import { Rule } from '../rule';

const NON_CONDITIONS = new Set(['name', 'ignoreUriCase']);

/** Whether an HTTP match entry matches every request: empty, or only `uri` prefix `/` (or regex `.*`). */
function matchesEverything(entry: unknown): boolean {
  const m = rec(entry);
  if (!m) return false;
  const conditions = Object.keys(m).filter((k) => !NON_CONDITIONS.has(k) && m[k] !== undefined && m[k] !== null);
  if (conditions.length === 0) return true;
  if (conditions.length !== 1 || conditions[0] !== 'uri') return false;
  const uri = rec(m.uri);
  return (uri?.prefix === '/' && Object.keys(uri).length === 1) || (uri?.regex === '.*' && Object.keys(uri).length === 1);
}

/** Whether an HTTP route rule catches every request: no `match`, an empty `match`, or a match entry that matches everything. */
export function catchesAll(rule: unknown): boolean {
  const r = rec(rule);
  if (!r) return false;
  const match = arr(r.match);
  return match.length === 0 || match.some(matchesEverything);
}

/**
 * OSSM108 (warning): an HTTP route rule comes after a rule that matches every request (no `match`, an empty match
 * entry, or only `uri.prefix: /`). Istio evaluates rules in order, so the later rule — typically a header match —
 * is never used.
 */
export const unreachableRule: Rule = {
  code: 'OSSM108',
  severity: 'warning',
  title: 'HTTP route rule after a catch-all rule is never reached',
  reference: 'IST0130',
  fix: 'Move the catch-all rule (no match) to the end of spec.http.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      const rules = arr(vs.spec.http);
      const first = rules.findIndex(catchesAll);
      if (first < 0) continue;
      for (let i = first + 1; i < rules.length; i++) {
        const name = str(rec(rules[i])?.name);
        report(vs, `http[${i}]${name ? ` (${name})` : ''} is never reached: http[${first}] before it matches every request`);
      }
    }
  },
};
