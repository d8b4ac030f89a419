import { API_GROUP } from '../../core/api-groups';
import { Rule } from '../rule';

/** API groups that gained a `v1` version in Istio 1.22. */
const V1_SINCE_1_22 = new Set<string>([API_GROUP.ISTIO_NETWORKING, API_GROUP.ISTIO_SECURITY, API_GROUP.ISTIO_TELEMETRY]);

/**
 * OSSM601 (error): an object uses `networking.istio.io/v1`, `security.istio.io/v1` or `telemetry.istio.io/v1`,
 * which Istio serves only from 1.22 on, while the control plane runs an older Istio: every `maistra.io/v2` control
 * plane (OSSM 2.6 = Istio 1.20), or, with no ServiceMeshControlPlane in the set, the `assumeIstio` option.
 * The API server rejects the object ("no matches for kind").
 */
export const v1Api: Rule = {
  code: 'OSSM601',
  severity: 'error',
  title: 'Istio v1 API on a control plane older than Istio 1.22',
  reference: '— (API not served)',
  fix: 'Use apiVersion networking.istio.io/v1beta1 (or security.istio.io/v1beta1, telemetry.istio.io/v1alpha1).',
  check(ctx, report) {
    if (ctx.istio.order >= 1022) return;
    for (const ref of ctx.istioConfig) {
      if (ref.version === 'v1' && V1_SINCE_1_22.has(ref.group)) {
        report(ref, `${ref.group}/v1 is served from Istio 1.22 on, but the control plane runs Istio ${ctx.istio.version} (${ctx.istio.source})`,
          `Use apiVersion ${ref.group}/${ref.group === API_GROUP.ISTIO_TELEMETRY ? 'v1alpha1' : 'v1beta1'}.`);
      }
    }
  },
};
