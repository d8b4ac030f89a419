import { Rule } from '../rule';
import { formatList } from '../messages';

/**
 * OSSM403 (error): a ServiceMeshMemberRoll is not named `default`, or (when the set holds a ServiceMeshControlPlane)
 * is not in a control-plane namespace. The operator reads only `default` in the control plane's namespace, so the
 * roll adds no member.
 */
export const memberRollPlacement: Rule = {
  code: 'OSSM403',
  severity: 'error',
  title: 'ServiceMeshMemberRoll not named default or not in the control-plane namespace',
  reference: '— (OSSM operator)',
  fix: 'Name the ServiceMeshMemberRoll "default" and create it in the namespace of the ServiceMeshControlPlane.',
  check(ctx, report) {
    for (const roll of ctx.memberRolls) {
      if (roll.name !== 'default') {
        report(roll, `the member roll is named "${roll.name}"; the operator only reads the one named "default"`);
      }
      if (ctx.controlPlanes.length > 0 && !ctx.controlPlaneNamespaces.has(roll.namespace)) {
        report(roll, `the member roll is in namespace ${roll.namespace}, but the ServiceMeshControlPlane is in ${formatList([...ctx.controlPlaneNamespaces].sort())}`);
      }
    }
  },
};
