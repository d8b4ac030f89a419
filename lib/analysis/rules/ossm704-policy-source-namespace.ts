import { API_GROUP } from '../../core/api-groups';
import { arr, rec, strings } from '../kube';
import { Rule } from '../rule';

/**
 * OSSM704 (warning): an AuthorizationPolicy source names a namespace (`from[].source.namespaces`, `notNamespaces`)
 * that the set knows nothing of — no object lives there, no Namespace object or member roll names it. An ALLOW rule
 * for it allows no caller (a typo locks the real callers out); a DENY rule denies none. Only checked when the set
 * declares its namespaces (holds a Namespace object or a member roll); patterns with `*` are not checked.
 */
export const policySourceNamespace: Rule = {
  code: 'OSSM704',
  severity: 'warning',
  title: 'AuthorizationPolicy source names a namespace the set does not have',
  reference: 'KIA0101',
  fix: 'Fix the namespace name, or add the namespace; suppress if it is deployed elsewhere.',
  check(ctx, report) {
    if (ctx.namespaceObjects.length === 0 && ctx.memberRolls.length === 0) return;
    for (const policy of ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'AuthorizationPolicy')) {
      arr(policy.spec.rules).forEach((r, i) => {
        arr(rec(r)?.from).forEach((f, j) => {
          const source = rec(rec(f)?.source);
          for (const field of ['namespaces', 'notNamespaces'] as const) {
            strings(source?.[field]).forEach((ns, k) => {
              if (ns.includes('*') || ctx.knownNamespaces.has(ns)) return;
              report(policy, `rules[${i}].from[${j}].source.${field}[${k}] names namespace ${ns}, which the set does not have: no caller comes from it`);
            });
          }
        });
      });
    }
  },
};
