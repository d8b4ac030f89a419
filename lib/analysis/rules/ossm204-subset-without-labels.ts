import { arr, rec, str, stringMap } from '../kube';
import { Rule } from '../rule';

/**
 * OSSM204 (warning): a DestinationRule subset has no labels. Istio accepts it and the subset then means every
 * endpoint of the host — legal, and occasionally meant (a subset only to carry a traffic policy), so a warning; but
 * usually the labels were forgotten and a "v2" subset silently sends traffic to all versions.
 */
export const subsetWithoutLabels: Rule = {
  code: 'OSSM204',
  severity: 'warning',
  title: 'DestinationRule subset without labels',
  reference: 'KIA0209',
  fix: 'Add the labels that select the subset\'s pods (typically version: vN); suppress if the subset is meant to cover all pods.',
  check(ctx, report) {
    for (const dr of ctx.destinationRules) {
      for (const s of arr(dr.spec.subsets)) {
        const subset = rec(s);
        if (Object.keys(stringMap(subset?.labels)).length > 0) continue;
        report(dr, `subset "${str(subset?.name) ?? '(unnamed)'}" has no labels, so it selects every pod of the host`);
      }
    }
  },
};
