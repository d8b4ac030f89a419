import { Rule } from '../rule';

/**
 * OSSM402 (warning): a long-running workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, DeploymentConfig,
 * Pod, ...) lives in a namespace that is not in the mesh (not listed by the ServiceMeshMemberRoll, not selected by
 * the discovery selectors of an `Istio`): it gets no sidecar and mesh routing does not apply to its traffic. A
 * warning because some workloads are meant to stay outside.
 * Same skips as OSSM401.
 */
export const workloadOutsideMesh: Rule = {
  code: 'OSSM402',
  severity: 'warning',
  title: 'Workload in a namespace that is not a mesh member',
  reference: '— (OSSM multitenancy, discovery selectors)',
  fix: 'Add the namespace to the mesh (OSSM 2: spec.members of the ServiceMeshMemberRoll; OSSM 3: the labels the Istio\'s discoverySelectors select); suppress if the workload is meant to stay outside the mesh.',
  check(ctx, report) {
    for (const t of ctx.podTemplates) {
      if (t.longRunning && t.namespace && ctx.membership(t.namespace) === 'not-member') {
        report(t.owner, `namespace ${ctx.whyNotMember(t.namespace)}, so this workload is not in the mesh`);
      }
    }
  },
};
