import { SERVICE_DOMAIN } from '../../core/mesh-conventions';
import { DestinationRuleGroup, DestinationRuleInfo } from '../destination-rules';
import { rec, str } from '../kube';
import { formatList, formatOthers, MAX_LISTED, objectKey } from '../messages';
import { Report, Rule } from '../rule';

/** Hosts of a mesh-wide rule. */
const MESH_WIDE = new Set(['*', '*.local', '*.cluster.local', `*${SERVICE_DOMAIN}`]);

/**
 * Whether a rule is a mesh-wide (`*.local`) or namespace-wide (`*.<its namespace>.svc.cluster.local`) rule that sets
 * TLS: the usual way to turn on mTLS, meant to be overridden by host rules (Kiali exempts them too).
 */
function isWideTlsRule(rule: DestinationRuleInfo): boolean {
  const host = rule.host.fqdn;
  const wide = MESH_WIDE.has(host) || host === `*.${rule.ref.namespace}${SERVICE_DOMAIN}`;
  return wide && str(rec(rec(rule.ref.spec.trafficPolicy)?.tls)?.mode) !== undefined;
}

/** Whether a rule is exported to its own namespace only (`exportTo: ["."]`): a deliberate override for that namespace's clients. */
function ownNamespaceOnly(rule: DestinationRuleInfo): boolean {
  return !rule.visibility.all && rule.visibility.namespaces.size === 1 && rule.visibility.namespaces.has(rule.ref.namespace);
}

/** What two rules both configure, as Kiali counts it: a shared subset name, or one of them without subsets. */
function sharedConfig(a: DestinationRuleInfo, b: DestinationRuleInfo): string | undefined {
  if (a.subsets.length === 0 || b.subsets.length === 0) return 'one of them has no subsets (it applies to every subset)';
  const shared = a.subsets.filter((s) => b.subsets.includes(s));
  return shared.length ? `both define subset${shared.length > 1 ? 's' : ''} ${shared.join(', ')}` : undefined;
}

/**
 * Rules of one group (one namespace, one host): Istio merges them in creation order, keeping the first definition
 * of a subset name and the first top-level traffic policy; a repeated subset or a second policy is silently dropped.
 */
function checkGroup(group: DestinationRuleGroup, report: Report): void {
  if (group.rules.length < 2) return;
  const subsetOwners = new Map<string, number>();
  for (const r of group.rules) for (const s of new Set(r.subsets)) subsetOwners.set(s, (subsetOwners.get(s) ?? 0) + 1);
  const withPolicy = group.rules.filter((r) => r.hasPolicy);
  const withoutSubsets = group.rules.filter((r) => r.subsets.length === 0);
  const unexpanded = group.rules.some((r) => r.host.unexpanded);
  for (const rule of group.rules) {
    const others = formatOthers(group.rules, rule, (o) => `DestinationRule ${objectKey(o.ref)}`);
    const repeated = [...new Set(rule.subsets)].filter((s) => (subsetOwners.get(s) ?? 0) > 1);
    const dropped: string[] = [];
    if (repeated.length) dropped.push(`subset${repeated.length > 1 ? 's' : ''} ${repeated.join(', ')}`);
    if (rule.hasPolicy && withPolicy.length > 1) dropped.push('the top-level trafficPolicy');
    if (dropped.length) {
      report(rule.ref, `host ${group.host} is also configured by ${others} in namespace ${group.namespace}, and both set ${dropped.join(' and ')}:`
        + ' Istio merges the rules in creation order and silently drops the later definition'
        + (unexpanded ? ' (as meant: Istio reads a dotted host such as name.namespace as written, see OSSM603)' : ''),
      undefined, unexpanded ? 'warning' : 'error');
    } else if (withoutSubsets.length > 0 && (rule.subsets.length === 0 || withoutSubsets.length > 1 || withoutSubsets[0] !== rule)) {
      report(rule.ref, `host ${group.host} is also configured by ${others} in namespace ${group.namespace},`
        + ' and one of them has no subsets: Istio merges them in creation order, so what each contributes depends on that order', undefined, 'warning');
    }
  }
}

/**
 * OSSM201 (error): DestinationRules that compete for one host. Two rules of one namespace for the same host (and the
 * same or no `workloadSelector`) that both define a subset name, or both set a top-level traffic policy: Istio merges
 * them and silently drops the later definition — an error. Rules that only overlap — another namespace's rule for the
 * host (it replaces this one for that namespace's clients), or a wildcard host overlapping a specific one (the most
 * specific rule wins, the other's subsets do not apply) — and share a subset name, or where one has no subsets, are a
 * warning. Mesh-wide and namespace-wide rules that set TLS are meant to be overridden and are not reported, nor is a
 * rule of another namespace exported to its own namespace only (`exportTo: ["."]`): a client-side override by design.
 */
export const duplicateDestinationRule: Rule = {
  code: 'OSSM201',
  severity: 'error',
  title: 'DestinationRules competing for one host (a warning across namespaces or through a wildcard)',
  reference: 'KIA0201',
  fix: 'Keep one DestinationRule per host and namespace, and move all subsets and policies into it.',
  check(ctx, report) {
    const index = ctx.destinationRuleIndex;
    for (const group of index.groups) checkGroup(group, report);
    for (const group of index.groups) {
      if (group.selectorKey) continue; // a workloadSelector rule is meant to override for its workloads
      for (const rule of group.rules) {
        if (isWideTlsRule(rule)) continue;
        const partners: string[] = [];
        let reason: string | undefined;
        for (const other of index.overlapping(group.host)) {
          if (other === group || other.selectorKey) continue;
          for (const o of other.rules) {
            if (isWideTlsRule(o)) continue;
            // a rule of another namespace exported to its own namespace only overrides for its own clients, as meant
            if (o.ref.namespace !== rule.ref.namespace && (ownNamespaceOnly(rule) || ownNamespaceOnly(o))) continue;
            const shared = sharedConfig(rule, o);
            if (!shared) continue;
            reason ??= shared;
            if (partners.length <= MAX_LISTED) partners.push(`DestinationRule ${objectKey(o.ref)} (${o.host.fqdn})`);
          }
          if (partners.length > MAX_LISTED) break;
        }
        if (!reason) continue;
        report(rule.ref, `host ${group.host} overlaps ${formatList(partners, 'more')}, and ${reason}: for a client, Istio applies only the most specific rule`
          + ' of its own namespace (else of the host\'s namespace, else of the root namespace), so the other rule\'s subsets and policies do not apply there',
        undefined, 'warning');
      }
    }
  },
};
