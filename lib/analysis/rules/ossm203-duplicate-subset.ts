import { arr, rec, str } from '../kube';
import { Rule } from '../rule';

/** OSSM203 (error): one DestinationRule defines two subsets of the same name; Istio's validation rejects it. */
export const duplicateSubset: Rule = {
  code: 'OSSM203',
  severity: 'error',
  title: 'Duplicate subset name in a DestinationRule',
  reference: '— (Istio validation webhook)',
  fix: 'Rename or remove one of the subsets.',
  check(ctx, report) {
    for (const dr of ctx.destinationRules) {
      const seen = new Set<string>();
      const reported = new Set<string>();
      for (const s of arr(dr.spec.subsets)) {
        const name = str(rec(s)?.name);
        if (name === undefined) continue;
        if (seen.has(name) && !reported.has(name)) {
          reported.add(name);
          report(dr, `subset "${name}" is defined more than once`);
        }
        seen.add(name);
      }
    }
  },
};
