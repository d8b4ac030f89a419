import { API_GROUP } from '../../core/api-groups';
import { arr, num, rec } from '../kube';
import { Rule } from '../rule';

/**
 * OSSM604 (warning): a field Istio 1.20 deprecates or ignores: a VirtualService's `http[].fault.delay.percent`
 * (replaced by `percentage.value`), a Sidecar's `outboundTrafficPolicy.egressProxy` (ignored).
 */
export const deprecatedField: Rule = {
  code: 'OSSM604',
  severity: 'warning',
  title: 'Deprecated or ignored Istio field (fault.delay.percent, Sidecar egressProxy)',
  reference: 'IST0002',
  fix: 'Use fault.delay.percentage.value instead of fault.delay.percent; drop outboundTrafficPolicy.egressProxy.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      arr(vs.spec.http).forEach((r, i) => {
        const percent = num(rec(rec(rec(r)?.fault)?.delay)?.percent);
        if (percent !== undefined && percent > 0) {
          report(vs, `http[${i}].fault.delay.percent is deprecated`, `Write http[${i}].fault.delay.percentage.value: ${percent}.`);
        }
      });
    }
    for (const sidecar of ctx.ofKind(API_GROUP.ISTIO_NETWORKING, 'Sidecar')) {
      if (rec(rec(sidecar.spec.outboundTrafficPolicy)?.egressProxy)) {
        report(sidecar, 'outboundTrafficPolicy.egressProxy is ignored by Istio', 'Remove outboundTrafficPolicy.egressProxy.');
      }
    }
  },
};
