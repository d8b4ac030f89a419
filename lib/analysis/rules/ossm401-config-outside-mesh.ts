import { Rule } from '../rule';

/**
 * OSSM401 (error): an Istio configuration object (networking, security, telemetry, extensions) lives in a
 * namespace that the ServiceMeshMemberRoll in the set does not list. The OSSM control plane only watches member
 * namespaces, so the object silently does nothing. Skipped when the set holds no member roll, or when the roll uses
 * memberSelectors (membership cannot be told offline).
 */
export const configOutsideMesh: Rule = {
  code: 'OSSM401',
  severity: 'error',
  title: 'Istio configuration in a namespace that is not a mesh member',
  reference: '— (OSSM multitenancy)',
  fix: 'Add the namespace to spec.members of the ServiceMeshMemberRoll, or move the object into a member namespace.',
  check(ctx, report) {
    for (const ref of ctx.istioConfig) {
      if (ref.namespace && ctx.membership(ref.namespace) === 'not-member') {
        report(ref, `namespace ${ref.namespace} is not listed by the ServiceMeshMemberRoll, so the control plane ignores this ${ref.kind}`);
      }
    }
  },
};
