import { arr, rec } from '../kube';
import { Rule } from '../rule';
import { ROUTE_SECTIONS } from '../matches';

function inRange(x: unknown, integer: boolean): boolean {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 100 && (!integer || Number.isInteger(x));
}

/**
 * OSSM107 (error): a route weight is not an integer in 0–100, or a percentage (`fault.abort.percentage.value`,
 * `fault.delay.percentage.value`, `mirrorPercentage.value`) is outside 0–100. Istio's validation rejects the object.
 */
export const outOfRange: Rule = {
  code: 'OSSM107',
  severity: 'error',
  title: 'Route weight or fault/mirror percentage outside 0–100',
  reference: '— (Istio validation webhook)',
  fix: 'Use integer weights from 0 to 100 and percentages from 0 to 100.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      for (const section of ROUTE_SECTIONS) {
        arr(vs.spec[section]).forEach((r, i) => {
          const rule = rec(r);
          arr(rule?.route).forEach((d, j) => {
            const weight = rec(d)?.weight;
            if (weight !== undefined && !inRange(weight, true)) {
              report(vs, `${section}[${i}].route[${j}].weight is ${JSON.stringify(weight)}, not an integer from 0 to 100`);
            }
          });
          if (section !== 'http') return;
          const fault = rec(rule?.fault);
          const percentages: Array<[string, unknown]> = [
            [`${section}[${i}].fault.abort.percentage.value`, rec(rec(fault?.abort)?.percentage)?.value],
            [`${section}[${i}].fault.delay.percentage.value`, rec(rec(fault?.delay)?.percentage)?.value],
            [`${section}[${i}].fault.delay.percent`, rec(fault?.delay)?.percent],
            [`${section}[${i}].mirrorPercentage.value`, rec(rule?.mirrorPercentage)?.value],
          ];
          for (const [path, value] of percentages) {
            if (value !== undefined && !inRange(value, false)) {
              report(vs, `${path} is ${JSON.stringify(value)}, outside 0–100`);
            }
          }
        });
      }
    }
  },
};
