import { serviceOfHost, resolveHost, str } from '../kube';
import { AnalysisContext, ObjectRef } from '../context';
import { Report, Rule } from '../rule';
import { addOnce } from './util';

/**
 * Whether `fqdn` (written as `host`) names an in-cluster Service that is not in the set. A two-label host (`x.y`) is
 * only taken as `x.y.svc.cluster.local` when `y` is a namespace the set knows: otherwise it is much more likely an
 * external name such as `httpbin.org`.
 */
function missingService(ctx: AnalysisContext, host: string, fqdn: string): boolean {
  const svc = serviceOfHost(fqdn);
  if (!svc) return false;
  if (ctx.services.has(`${svc.namespace}/${svc.name}`) || ctx.serviceEntryHosts.has(fqdn)) return false;
  const labels = host.replace(/\.$/, '').split('.');
  return !(labels.length === 2 && !ctx.knownNamespaces.has(labels[1].toLowerCase()));
}

function check(ctx: AnalysisContext, report: Report): void {
  const seen = new Map<ObjectRef, Set<string>>();
  for (const d of ctx.destinations) {
    if (!missingService(ctx, d.host, d.fqdn) || !addOnce(seen, d.vs, d.fqdn)) continue;
    report(d.vs, `${d.path} routes to ${d.host} (${d.fqdn}), but no Service of that name is in the set`);
  }
  for (const dr of ctx.destinationRules) {
    const host = str(dr.spec.host);
    if (!host) continue;
    const fqdn = resolveHost(host, dr.namespace);
    if (missingService(ctx, host, fqdn)) {
      report(dr, `host ${host} (${fqdn}) has no Service in the set`);
    }
  }
}

/**
 * OSSM102 (warning): a VirtualService destination host or a DestinationRule host resolves to an in-cluster Service
 * (`*.svc.cluster.local`) that the set does not hold. It may be deployed by something else, hence a warning; a
 * typo makes Envoy answer 503 NR. Hosts outside `.svc.cluster.local` and ServiceEntry hosts are skipped.
 */
export const hostNotFound: Rule = {
  code: 'OSSM102',
  severity: 'warning',
  title: 'Route destination or DestinationRule host has no Service in the set',
  reference: 'IST0101, KIA1101, KIA0202',
  fix: 'Fix the host (short name, name.namespace or the FQDN name.namespace.svc.cluster.local), or add the Service; suppress if it is deployed elsewhere.',
  check,
};
