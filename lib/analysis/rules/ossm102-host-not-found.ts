import { AnalysisContext, HostTarget, ObjectRef, ServiceEntryInfo } from '../context';
import { describeVisibility, Host, visibleIn } from '../hosts';
import { addOnce } from '../messages';
import { Rule } from '../rule';

/** Why `host` has nothing to refer to in the set, or `undefined` when it has a Service or a ServiceEntry. */
function missing(host: Host, target: HostTarget): string | undefined {
  if (target.service || target.serviceEntries.length > 0) return undefined;
  if (host.service) return 'no Service of that name is in the set';
  if (/\.svc(\.|$)/.test(host.fqdn)) return 'it is not an in-cluster name (name.namespace.svc.cluster.local) and no ServiceEntry declares it';
  return `no ServiceEntry in the set declares it (a host outside the cluster needs one)`;
}

/**
 * The namespaces in which a VirtualService's destinations must be visible, as Istio's analyzer reads `exportTo`:
 * its own namespace without `exportTo`, else each listed namespace (`.` its own, `*` every namespace).
 */
function scopes(ctx: AnalysisContext, vs: ObjectRef): string[] {
  const exportTo = ctx.virtualService(vs).exportTo;
  return exportTo.length === 0 ? [vs.namespace] : exportTo.map((e) => (e === '.' ? vs.namespace : e));
}

function visibleInScope(target: HostTarget, scope: string): boolean {
  const visible = (v: ServiceEntryInfo['visibility']): boolean => (scope === '*' ? v.all : visibleIn(v, scope));
  return (target.service !== undefined && visible(target.service.visibility)) || target.serviceEntries.some((e) => visible(e.visibility));
}

function exportedTo(target: HostTarget): string {
  const parts = [
    ...(target.service ? [`Service ${target.service.ref.namespace}/${target.service.ref.name} is exported to ${describeVisibility(target.service.visibility)}`] : []),
    ...target.serviceEntries.map((e) => `ServiceEntry ${e.ref.namespace}/${e.ref.name} is exported to ${describeVisibility(e.visibility)}`),
  ];
  return parts.join('; ');
}

/**
 * OSSM102 (warning): a VirtualService destination host, or a DestinationRule host, refers to nothing in the set: no
 * Service for an in-cluster name, no ServiceEntry for a host outside the cluster — or the Service/ServiceEntry is
 * not exported (`exportTo`, annotation `networking.istio.io/exportTo`) to the namespaces where the VirtualService
 * applies. Envoy then has no cluster for it and answers 503 NR; a DestinationRule for it applies to nothing. A warning
 * because the Service may be deployed by something outside the set.
 */
export const hostNotFound: Rule = {
  code: 'OSSM102',
  severity: 'warning',
  title: 'Route destination or DestinationRule host refers to no Service or ServiceEntry visible there',
  reference: 'IST0101, IST0174, KIA1101, KIA0202',
  fix: 'Fix the host (short name or name.namespace.svc.cluster.local), add the Service (or a ServiceEntry for an external host), or export it to the namespace; suppress if it is deployed elsewhere.',
  check(ctx, report) {
    const seen = new Map<ObjectRef, Set<string>>();
    for (const d of ctx.destinations) {
      if (!addOnce(seen, d.vs, d.fqdn)) continue;
      const target = ctx.targetOf(d.target);
      const why = missing(d.target, target);
      if (why) {
        report(d.vs, `${d.path} routes to ${d.host}${d.fqdn !== d.host ? ` (${d.fqdn})` : ''}, but ${why}`);
        continue;
      }
      const where = scopes(ctx, d.vs);
      if (!where.some((s) => visibleInScope(target, s))) {
        report(d.vs, `${d.path} routes to ${d.host}, which is not visible where this VirtualService applies (${where.join(', ')}): ${exportedTo(target)}`,
          'Export the Service (annotation networking.istio.io/exportTo) or ServiceEntry (exportTo) to the namespace, or move the VirtualService (exportTo) where the host is visible.');
      }
    }
    for (const dr of ctx.destinationRuleInfos) {
      if (dr.host.wildcard) continue;
      const why = missing(dr.host, ctx.targetOf(dr.host));
      if (why) report(dr.ref, `host ${dr.host.written}${dr.host.fqdn !== dr.host.written ? ` (${dr.host.fqdn})` : ''}: ${why}, so this DestinationRule applies to nothing`);
    }
  },
};
