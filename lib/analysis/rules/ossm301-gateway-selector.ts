import { stringMap } from '../kube';
import { Rule } from '../rule';
import { formatLabels } from '../messages';

/**
 * OSSM301 (warning): a Gateway's selector matches no gateway workload: no pod template in the set (any namespace,
 * as Istio matches by default), and none of the gateways the operator creates for a ServiceMeshControlPlane in the
 * set (`istio-ingressgateway` → `app: istio-ingressgateway, istio: ingressgateway` in the control-plane namespace
 * while ingress is enabled, which it is by default; likewise egress and additional gateways). A warning because
 * the gateway may be deployed by something outside the set.
 */
export const gatewaySelector: Rule = {
  code: 'OSSM301',
  severity: 'warning',
  title: 'Gateway selector matches no gateway workload',
  reference: 'KIA0302, IST0101',
  fix: 'Use the labels of the gateway pods (istio: ingressgateway for the control plane\'s default ingress gateway), or deploy the gateway.',
  check(ctx, report) {
    for (const gw of ctx.gateways.values()) {
      const selector = stringMap(gw.spec.selector);
      if (Object.keys(selector).length === 0 || ctx.hasGatewayWorkload(selector)) continue;
      report(gw, `selector ${formatLabels(selector)} matches no gateway workload in the set`
        + (ctx.controlPlanes.length === 0 ? ' (the set holds no ServiceMeshControlPlane, whose operator-created gateways would count)' : ''));
    }
  },
};
