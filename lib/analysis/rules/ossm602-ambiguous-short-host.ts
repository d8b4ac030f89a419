import { serviceFqdn } from '../../core/mesh-conventions';
import { arr, str } from '../kube';
import { ObjectRef } from '../context';
import { Rule } from '../rule';
import { addOnce, formatList } from '../messages';

/**
 * OSSM602 (warning): a VirtualService host or destination host, or a DestinationRule host, is a short name
 * (`travels`) while Services of that name exist in two or more namespaces of the set, none of them the object's own.
 * The short name resolves in the object's own namespace, where there is no such Service, which is easy to misread
 * (the Travels demo has `travels` in travel-portal and travel-agency). A short name of a Service of the object's own
 * namespace is what Istio documents, and is not reported.
 */
export const ambiguousShortHost: Rule = {
  code: 'OSSM602',
  severity: 'warning',
  title: 'Short host naming no Service of its own namespace, while Services of that name exist in several others',
  reference: '—',
  fix: 'Write the host as the FQDN name.namespace.svc.cluster.local.',
  check(ctx, report) {
    const seen = new Map<ObjectRef, Set<string>>();
    const listed = new Map<string, string>(); // host → its namespaces, formatted once
    const namespacesOf = (host: string, namespaces: ReadonlySet<string>): string => {
      let text = listed.get(host);
      if (text === undefined) {
        text = formatList([...namespaces].sort());
        listed.set(host, text);
      }
      return text;
    };
    const check = (ref: ObjectRef, host: string | undefined, where: string): void => {
      if (!host || host.includes('.') || host.includes('*')) return;
      const namespaces = ctx.serviceNamespaces.get(host);
      // a short name of a Service of the object's own namespace is Istio's documented convention: not ambiguous
      if (!namespaces || namespaces.size < 2 || namespaces.has(ref.namespace) || !addOnce(seen, ref, host)) return;
      report(ref, `${where} "${host}" means ${serviceFqdn(host, ref.namespace)} here, where no Service ${host} exists, but Services named ${host} exist in ${namespacesOf(host, namespaces)}`,
        `Write ${serviceFqdn(host, ref.namespace)} (or the FQDN of the Service you mean).`);
    };
    for (const vs of ctx.virtualServices) {
      for (const h of arr(vs.spec.hosts)) check(vs, str(h), 'host');
    }
    for (const d of ctx.destinations) check(d.vs, d.host, `${d.path} host`);
    for (const dr of ctx.destinationRules) check(dr, str(dr.spec.host), 'host');
  },
};
