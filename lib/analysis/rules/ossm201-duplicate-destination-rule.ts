import { rec } from '../kube';
import { Rule } from '../rule';
import { formatOthers, objectKey } from './util';

/**
 * OSSM201 (error): two DestinationRules (without `workloadSelector`) have the same host (resolved FQDN). Istio
 * keeps only one traffic policy per host and merges subsets only in narrow cases, so one rule's settings are
 * silently lost.
 */
export const duplicateDestinationRule: Rule = {
  code: 'OSSM201',
  severity: 'error',
  title: 'Two DestinationRules for one host',
  reference: 'KIA0201',
  fix: 'Keep one DestinationRule per host and move all subsets and policies into it.',
  check(ctx, report) {
    for (const [host, all] of ctx.destinationRulesByHost) {
      const drs = all.filter((dr) => !rec(dr.spec.workloadSelector));
      if (drs.length < 2) continue;
      for (const dr of drs) {
        report(dr, `host ${host} is also configured by ${formatOthers(drs, dr, (o) => `DestinationRule ${objectKey(o)}`)}`);
      }
    }
  },
};
