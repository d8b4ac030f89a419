import { API_GROUP } from '../../core/api-groups';
import { arr, rec, strings } from '../kube';
import { Rule } from '../rule';

const PRINCIPAL = /^([^/*]+)\/ns\/([^/*]+)\/sa\/([^/*]+)$/;

/**
 * OSSM703 (error): an AuthorizationPolicy principal (`<trust domain>/ns/<namespace>/sa/<service account>`) names a
 * ServiceAccount that no ServiceAccount object and no pod template of the set has, in a namespace whose workloads
 * or ServiceAccounts are in the set. No caller carries that identity, so an ALLOW rule for it allows nobody (a typo
 * locks the real caller out) and a DENY rule denies nobody. `default` exists in every namespace; principals with
 * wildcards and namespaces the set holds nothing of are not checked.
 */
export const unknownPrincipal: Rule = {
  code: 'OSSM703',
  severity: 'error',
  title: 'AuthorizationPolicy principal names a ServiceAccount that does not exist',
  reference: 'KIA0106',
  fix: 'Use the ServiceAccount the calling workload runs as (spec.template.spec.serviceAccountName), e.g. with serviceAccountPrincipal().',
  check(ctx, report) {
    const policies = ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'AuthorizationPolicy');
    if (policies.length === 0) return;
    const accounts = new Set<string>();
    const checkable = new Set<string>();
    for (const sa of ctx.ofKind('', 'ServiceAccount')) {
      accounts.add(`${sa.namespace}/${sa.name}`);
      checkable.add(sa.namespace);
    }
    for (const t of ctx.podTemplates) {
      accounts.add(`${t.namespace}/${t.serviceAccount}`);
      checkable.add(t.namespace);
    }
    for (const policy of policies) {
      arr(policy.spec.rules).forEach((r, i) => {
        arr(rec(r)?.from).forEach((f, j) => {
          strings(rec(rec(f)?.source)?.principals).forEach((principal, k) => {
            const m = PRINCIPAL.exec(principal);
            if (!m) return;
            const [, , namespace, account] = m;
            if (account === 'default' || !checkable.has(namespace) || accounts.has(`${namespace}/${account}`)) return;
            report(policy, `rules[${i}].from[${j}].source.principals[${k}] "${principal}" names ServiceAccount ${namespace}/${account}, `
              + `which no ServiceAccount and no workload of namespace ${namespace} in the set has: no caller carries this identity`);
          });
        });
      });
    }
  },
};
