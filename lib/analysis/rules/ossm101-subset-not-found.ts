import { ObjectRef } from '../context';
import { DestinationRuleGroup } from '../destination-rules';
import { describeVisibility } from '../hosts';
import { addOnce, formatList, MAX_LISTED, objectKey } from '../messages';
import { Rule } from '../rule';

/**
 * OSSM101 (error): a VirtualService route or mirror names a subset that no DestinationRule applying to its host
 * defines. Envoy has no cluster for it and answers 503 NR / "no healthy upstream".
 *
 * The DestinationRules considered are those Istio would apply for some client of the VirtualService: each
 * namespace's most specific rule for the host (a wildcard rule's subsets do not apply to a host with a more specific
 * rule of its own), for namespaces where the VirtualService is visible, plus the host's and root namespace's rules
 * exported there.
 */
export const subsetNotFound: Rule = {
  code: 'OSSM101',
  severity: 'error',
  title: 'Route destination names a subset no DestinationRule for the host defines',
  reference: 'IST0101, KIA1107',
  fix: 'Define the subset in the DestinationRule of that host, or fix the subset name in the route.',
  check(ctx, report) {
    const seen = new Map<ObjectRef, Set<string>>();
    const groupsFor = new Map<string, DestinationRuleGroup[]>(); // per VS visibility and host, computed once
    for (const d of ctx.destinations) {
      if (d.subset === undefined) continue;
      if (!addOnce(seen, d.vs, `${d.fqdn}\n${d.subset}`)) continue;
      const vs = ctx.virtualService(d.vs);
      const key = `${vs.visibility.all ? '*' : [...vs.visibility.namespaces].join(',')}\n${d.fqdn}`;
      let groups = groupsFor.get(key);
      if (!groups) {
        groups = ctx.destinationRuleIndex.applicable(d.fqdn, vs.visibility, ctx.hostNamespace(d.target));
        groupsFor.set(key, groups);
      }
      if (groups.some((g) => g.subsets.has(d.subset as string))) continue;
      if (groups.length === 0) {
        const hidden = ctx.destinationRuleInfos.filter((r) => r.host.fqdn === d.fqdn);
        if (hidden.length > 0) {
          const names = formatList(hidden.slice(0, MAX_LISTED).map((r) => objectKey(r.ref)), hidden.length);
          report(d.vs, `${d.path} routes to subset "${d.subset}" of ${d.host}: DestinationRule ${names} exists but is not visible where the VirtualService applies (${describeVisibility(vs.visibility)}; exportTo of the rule, or a rule of the client's namespace that takes precedence)`,
            `Export the DestinationRule to the VirtualService's namespaces (exportTo), or define subset "${d.subset}" in a rule they see.`);
        } else {
          report(d.vs, `${d.path} routes to subset "${d.subset}" of ${d.host}, but no DestinationRule for ${d.fqdn} is in the set`,
            `Add a DestinationRule with host ${d.fqdn} that defines subset "${d.subset}".`);
        }
      } else {
        const rules = groups.flatMap((g) => g.rules.map((r) => r.ref));
        const defined = [...new Set(groups.flatMap((g) => [...g.subsets]))];
        report(d.vs, `${d.path} routes to subset "${d.subset}" of ${d.host}, which DestinationRule ${formatList(rules.slice(0, MAX_LISTED).map(objectKey), rules.length)} does not define`
          + ` (defined: ${defined.length ? defined.join(', ') : 'none'})`);
      }
    }
  },
};
