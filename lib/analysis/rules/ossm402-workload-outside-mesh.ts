import { Rule } from '../rule';

/**
 * OSSM402 (warning): a long-running workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, DeploymentConfig,
 * Pod, ...) lives in a namespace that the ServiceMeshMemberRoll in the set does not list: it gets no sidecar and
 * mesh routing does not apply to its traffic. A warning because some workloads are meant to stay outside.
 * Same skips as OSSM401.
 */
export const workloadOutsideMesh: Rule = {
  code: 'OSSM402',
  severity: 'warning',
  title: 'Workload in a namespace that is not a mesh member',
  reference: '— (OSSM multitenancy)',
  fix: 'Add the namespace to spec.members of the ServiceMeshMemberRoll; suppress if the workload is meant to stay outside the mesh.',
  check(ctx, report) {
    for (const t of ctx.podTemplates) {
      if (t.longRunning && t.namespace && ctx.membership(t.namespace) === 'not-member') {
        report(t.owner, `namespace ${t.namespace} is not listed by the ServiceMeshMemberRoll, so this workload is not in the mesh`);
      }
    }
  },
};
