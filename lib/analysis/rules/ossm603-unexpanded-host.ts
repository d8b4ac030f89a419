import { ObjectRef } from '../context';
import { Host } from '../hosts';
import { addOnce } from '../messages';
import { Rule } from '../rule';

/**
 * OSSM603 (warning): a host written `name.namespace` or `name.namespace.svc` (in a VirtualService's hosts or
 * destinations, or a DestinationRule). DNS resolves it to the Service, and Kiali reads it so, but Istio expands only
 * single-label names (`ResolveShortnameToFQDN`) and matches these as written: a DestinationRule for it applies to no
 * Service, a destination gets no Envoy cluster (503), and a VirtualService host catches only requests whose Host
 * header is exactly that. The other rules check such a host as the Service it was meant for.
 */
export const unexpandedHost: Rule = {
  code: 'OSSM603',
  severity: 'warning',
  title: 'Host written name.namespace (or name.namespace.svc), which Istio does not expand',
  reference: '—',
  fix: 'Write the Service\'s FQDN, name.namespace.svc.cluster.local (or the short name in the Service\'s own namespace).',
  check(ctx, report) {
    const seen = new Map<ObjectRef, Set<string>>();
    const check = (ref: ObjectRef, host: Host, where: string, effect: string): void => {
      if (!host.unexpanded || !addOnce(seen, ref, `${where}\n${host.written}`)) return;
      report(ref, `${where} "${host.written}" is read by Istio as written, not as ${host.fqdn}: ${effect}`, `Write ${host.fqdn}.`);
    };
    for (const ref of ctx.virtualServices) {
      for (const h of ctx.virtualService(ref).hosts) check(ref, h, 'host', `the VirtualService catches only requests whose Host header is exactly ${h.written}`);
    }
    for (const d of ctx.destinations) check(d.vs, d.target, 'destination host', 'Envoy has no cluster for it (503)');
    for (const dr of ctx.destinationRuleInfos) check(dr.ref, dr.host, 'host', 'this DestinationRule applies to no Service');
  },
};
