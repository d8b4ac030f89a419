import { gatewayHostAdmits } from '../hosts';
import { arr, rec, strings } from '../kube';
import { objectKey } from '../messages';
import { Rule } from '../rule';

/**
 * OSSM105 (error): a VirtualService is bound to a Gateway that serves none of its hosts (for the VirtualService's
 * namespace), so its routes are never attached there: 404 at the ingress. Like Istio (IST0132), a VirtualService
 * with several hosts bound to several Gateways is fine when each Gateway serves one of its hosts; a host that none of
 * its Gateways serves, while another host is served, is a warning. A Gateway without servers (which Istio's
 * validation rejects) gives a warning, since the Gateway is what needs fixing.
 */
export const hostNotInGateway: Rule = {
  code: 'OSSM105',
  severity: 'error',
  title: 'VirtualService bound to a Gateway that serves none of its hosts (a warning for one unserved host of several, or a Gateway without servers)',
  reference: 'IST0132',
  fix: 'Add the host to a server of the Gateway (or "*"), or bind the VirtualService to the Gateway that serves it.',
  check(ctx, report) {
    for (const ref of ctx.virtualServices) {
      const vs = ctx.virtualService(ref);
      const hosts = vs.hosts.map((h) => h.written);
      const served = new Set<string>();
      let gatewaysWithServers = 0;
      for (const key of new Set(vs.gateways.filter((g) => !g.mesh).map((g) => g.key))) {
        const gw = ctx.gateways.get(key);
        if (!gw) continue; // OSSM104
        const entries = arr(gw.spec.servers).flatMap((s) => strings(rec(s)?.hosts));
        if (entries.length === 0) {
          report(ref, `Gateway ${objectKey(gw)} has no server hosts (Istio's validation rejects a Gateway without servers), so it serves none of ${hosts.join(', ') || 'its hosts'}`,
            `Give Gateway ${objectKey(gw)} a server whose hosts include the VirtualService's hosts.`, 'warning');
          continue;
        }
        gatewaysWithServers++;
        const admitted = hosts.filter((h) => entries.some((e) => gatewayHostAdmits(e, gw, h, ref.namespace)));
        for (const h of admitted) served.add(h);
        if (admitted.length === 0) {
          report(ref, `none of its hosts (${hosts.join(', ') || 'none'}) is served by Gateway ${objectKey(gw)} (its hosts: ${entries.join(', ')})`);
        }
      }
      if (vs.boundToMesh || gatewaysWithServers === 0 || served.size === 0) continue;
      for (const h of hosts) {
        if (!served.has(h)) {
          report(ref, `host ${h} is served by none of its Gateways, so requests for it never reach this VirtualService`, undefined, 'warning');
        }
      }
    }
  },
};
