import { arr, Json, rec, str } from '../kube';
import { Rule } from '../rule';

/** Every `outlierDetection` of a DestinationRule with where it is. */
function outlierDetections(spec: Json): Array<{ path: string; od: Json }> {
  const out: Array<{ path: string; od: Json }> = [];
  const fromPolicy = (policy: unknown, path: string): void => {
    const p = rec(policy);
    const od = rec(p?.outlierDetection);
    if (od) out.push({ path: `${path}.outlierDetection`, od });
    arr(p?.portLevelSettings).forEach((pl, i) => {
      const pod = rec(rec(pl)?.outlierDetection);
      if (pod) out.push({ path: `${path}.portLevelSettings[${i}].outlierDetection`, od: pod });
    });
  };
  fromPolicy(spec.trafficPolicy, 'trafficPolicy');
  arr(spec.subsets).forEach((s, i) => {
    const name = str(rec(s)?.name);
    fromPolicy(rec(s)?.trafficPolicy, `subsets[${i}]${name ? ` (${name})` : ''}.trafficPolicy`);
  });
  return out;
}

/**
 * OSSM205 (warning): an `outlierDetection` sets only the deprecated `consecutiveErrors`, which Istio 1.20 ignores —
 * exactly what the Kiali 1.73 wizard writes. No host is ever ejected for 5xx errors.
 */
export const consecutiveErrorsOnly: Rule = {
  code: 'OSSM205',
  severity: 'warning',
  title: 'outlierDetection uses only the ignored consecutiveErrors',
  reference: '— (Istio 1.20 ignores the field)',
  fix: 'Replace consecutiveErrors with consecutive5xxErrors (and/or consecutiveGatewayErrors).',
  check(ctx, report) {
    for (const dr of ctx.destinationRules) {
      for (const { path, od } of outlierDetections(dr.spec)) {
        if (od.consecutiveErrors === undefined || od.consecutiveErrors === null) continue;
        if (od.consecutive5xxErrors !== undefined || od.consecutiveGatewayErrors !== undefined) continue;
        report(dr, `${path} sets only consecutiveErrors (${JSON.stringify(od.consecutiveErrors)}), which Istio 1.20 ignores: hosts are not ejected for consecutive errors`);
      }
    }
  },
};
