import { API_GROUP } from '../../core/api-groups';
import { ObjectRef, PodTemplate } from '../context';
import { rec, stringMap } from '../kube';
import { formatLabels } from '../messages';
import { Rule } from '../rule';

/**
 * OSSM702 (error): an AuthorizationPolicy or PeerAuthentication whose `selector` matches no pod template: it applies
 * to nothing, so the access it means to allow, deny or protect is not what happens (a DENY that denies nothing, a
 * STRICT that secures nothing). An AuthorizationPolicy in the root namespace selects pods of every namespace. A
 * **warning** when the set holds no pod template where the policy looks (the workloads may be deployed elsewhere).
 */
export const policySelectsNoPods: Rule = {
  code: 'OSSM702',
  severity: 'error',
  title: 'AuthorizationPolicy or PeerAuthentication selector matches no pod template (a warning when the set has no workload there)',
  reference: 'KIA0004',
  fix: 'Use the labels of the workload\'s pod template (typically app: <name>), deploy the workload, or remove the selector for a namespace-wide policy.',
  check(ctx, report) {
    const policies: ObjectRef[] = [
      ...ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'AuthorizationPolicy'), ...ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'PeerAuthentication'),
    ];
    for (const policy of policies) {
      const selector = stringMap(rec(policy.spec.selector)?.matchLabels);
      if (Object.keys(selector).length === 0) continue;
      const everywhere = policy.kind === 'AuthorizationPolicy' && policy.namespace === ctx.rootNamespace;
      const namespaces = everywhere ? [...ctx.knownNamespaces] : [policy.namespace];
      if (namespaces.some((ns) => ctx.templatesMatching(ns, selector).length > 0)) continue;
      const candidates: PodTemplate[] = everywhere ? ctx.podTemplates : ctx.templatesMatching(policy.namespace, {});
      const where = everywhere ? 'any namespace (a policy of the root namespace selects in all of them)' : `namespace ${policy.namespace}`;
      report(policy, `selector ${formatLabels(selector)} matches no pod template of ${where}, so the policy applies to no workload`
        + (candidates.length === 0 ? ' (the set has no workload there: it may be deployed elsewhere)' : ''),
      undefined, candidates.length === 0 ? 'warning' : 'error');
    }
  },
};
