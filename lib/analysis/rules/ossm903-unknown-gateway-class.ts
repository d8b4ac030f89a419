import { API_GROUP } from '../../core/api-groups';
import { str } from '../kube';
import { Rule } from '../rule';


/**
 * The GatewayClasses an OpenShift cluster with OSSM 3 has without a GatewayClass object of the set: OSSM 3's own
 * (`istio`, the waypoints' `istio-waypoint`, `istio-remote` for multi-cluster) and OpenShift's `openshift-default`
 * (which exists once a cluster admin creates it; OpenShift documents that name).
 */
const KNOWN_CLASSES: readonly string[] = ['istio', 'istio-waypoint', 'istio-remote', 'openshift-default'];

/**
 * OSSM903 (error): a Gateway API Gateway names a `gatewayClassName` that neither OSSM 3 nor OpenShift provides and
 * no GatewayClass of the set defines: no controller programs it, so it stays unaccepted and its routes go nowhere.
 */
export const unknownGatewayClass: Rule = {
  code: 'OSSM903',
  severity: 'error',
  title: 'A Gateway API Gateway of a class that neither OSSM 3, OpenShift nor the set provides',
  reference: '—',
  fix: `Use gatewayClassName ${KNOWN_CLASSES.map((c) => `"${c}"`).join(', ')}, or add the GatewayClass.`,
  check(ctx, report) {
    const defined = new Set(ctx.ofKind(API_GROUP.GATEWAY_API, 'GatewayClass').map((c) => c.name));
    for (const gateway of ctx.ofKind(API_GROUP.GATEWAY_API, 'Gateway')) {
      const name = str(gateway.spec.gatewayClassName);
      if (name === undefined || KNOWN_CLASSES.includes(name) || defined.has(name)) continue;
      report(gateway, `gatewayClassName "${name}" is no class of OSSM 3 (${KNOWN_CLASSES.slice(0, 3).join(', ')}) or OpenShift (openshift-default), and no GatewayClass of the set defines it: no controller will program this Gateway`);
    }
  },
};
