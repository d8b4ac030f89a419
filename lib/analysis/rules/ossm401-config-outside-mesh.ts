import { Rule } from '../rule';

/**
 * OSSM401 (error): an Istio configuration object (networking, security, telemetry, extensions) lives in a
 * namespace that is not in the mesh: the ServiceMeshMemberRoll in the set does not list it (OSSM 2), and no `Istio`
 * of the set selects its Namespace object with `discoverySelectors` (OSSM 3). The control plane only watches mesh
 * namespaces, so the object silently does nothing. Skipped when the set holds neither, when the roll uses
 * memberSelectors, or when the Namespace object is not in the set (membership cannot be told offline).
 */
export const configOutsideMesh: Rule = {
  code: 'OSSM401',
  severity: 'error',
  title: 'Istio configuration in a namespace that is not a mesh member',
  reference: '— (OSSM multitenancy, discovery selectors)',
  fix: 'Add the namespace to the mesh (OSSM 2: spec.members of the ServiceMeshMemberRoll; OSSM 3: the labels the Istio\'s discoverySelectors select), or move the object into a mesh namespace.',
  check(ctx, report) {
    for (const ref of ctx.istioConfig) {
      if (ref.namespace && ctx.membership(ref.namespace) === 'not-member') {
        report(ref, `namespace ${ctx.whyNotMember(ref.namespace)}, so the control plane ignores this ${ref.kind}`);
      }
    }
  },
};
