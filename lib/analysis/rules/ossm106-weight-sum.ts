import { arr, num, rec } from '../kube';
import { ROUTE_SECTIONS } from '../matches';
import { Rule } from '../rule';

/**
 * OSSM106 (warning): the weights of one route do not sum to 100. Istio normalizes them, but the split is not what
 * the numbers say, and Kiali's wizards refuse to edit such a route. A single destination without a weight is fine.
 */
export const weightSum: Rule = {
  code: 'OSSM106',
  severity: 'warning',
  title: 'Route weights do not sum to 100',
  reference: 'KIA1104 (Kiali wizard)',
  fix: 'Give every destination of the route a weight so that they sum to 100.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      for (const section of ROUTE_SECTIONS) {
        arr(vs.spec[section]).forEach((r, i) => {
          const route = arr(rec(r)?.route);
          const weights = route.map((d) => rec(d)?.weight);
          if (route.length === 0 || (route.length === 1 && weights[0] === undefined)) return;
          const sum = weights.reduce<number>((acc, w) => acc + (num(w) ?? 0), 0);
          if (sum !== 100) {
            const missing = weights.filter((w) => w === undefined).length;
            report(vs, `${section}[${i}].route weights sum to ${sum}, not 100`
              + (missing ? ` (${missing} of ${route.length} destinations have no weight, which counts as 0)` : ''));
          }
        });
      }
    }
  },
};
