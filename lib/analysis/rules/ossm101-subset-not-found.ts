import { arr, hostsIntersect, rec, resolveHost, str } from '../kube';
import { ObjectRef } from '../context';
import { Rule } from '../rule';
import { addOnce, formatList, MAX_LISTED, objectKey } from './util';

function subsetNames(dr: ObjectRef): string[] {
  return arr(dr.spec.subsets).flatMap((s) => {
    const name = str(rec(s)?.name);
    return name ? [name] : [];
  });
}

/**
 * OSSM101 (error): a VirtualService route or mirror names a subset that no DestinationRule for its host defines.
 * Envoy has no cluster for it and answers 503 NR / "no healthy upstream".
 */
export const subsetNotFound: Rule = {
  code: 'OSSM101',
  severity: 'error',
  title: 'Route destination names a subset no DestinationRule for the host defines',
  reference: 'IST0101, KIA1107',
  fix: 'Define the subset in the DestinationRule of that host, or fix the subset name in the route.',
  check(ctx, report) {
    const seen = new Map<ObjectRef, Set<string>>();
    // per host: its DestinationRules (wildcard hosts included) and the subsets they define, computed once
    const byHost = new Map<string, { drs: ObjectRef[]; subsets: Set<string> }>();
    const forHost = (fqdn: string): { drs: ObjectRef[]; subsets: Set<string> } => {
      let entry = byHost.get(fqdn);
      if (!entry) {
        const drs = [
          ...(ctx.destinationRulesByHost.get(fqdn) ?? []),
          ...ctx.wildcardDestinationRules.filter((dr) => hostsIntersect(resolveHost(str(dr.spec.host) ?? '', dr.namespace), fqdn)),
        ];
        entry = { drs, subsets: new Set(drs.flatMap(subsetNames)) };
        byHost.set(fqdn, entry);
      }
      return entry;
    };
    for (const d of ctx.destinations) {
      if (d.subset === undefined) continue;
      if (!addOnce(seen, d.vs, `${d.fqdn}\n${d.subset}`)) continue;
      const { drs, subsets } = forHost(d.fqdn);
      if (subsets.has(d.subset)) continue;
      if (drs.length === 0) {
        report(d.vs, `${d.path} routes to subset "${d.subset}" of ${d.host}, but no DestinationRule for ${d.fqdn} is in the set`,
          `Add a DestinationRule with host ${d.fqdn} that defines subset "${d.subset}".`);
      } else {
        const names = formatList(drs.slice(0, MAX_LISTED).map(objectKey), drs.length);
        report(d.vs, `${d.path} routes to subset "${d.subset}" of ${d.host}, which DestinationRule ${names} does not define`
          + ` (defined: ${subsets.size ? [...subsets].join(', ') : 'none'})`);
      }
    }
  },
};
