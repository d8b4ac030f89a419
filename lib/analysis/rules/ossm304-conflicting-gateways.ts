import { ObjectRef } from '../context';
import { hostsIntersect, splitGatewayServerHost } from '../hosts';
import { arr, num, rec, str, stringMap, strings } from '../kube';
import { formatLabels, objectKey } from '../messages';
import { Rule } from '../rule';

interface Server { readonly gateway: ObjectRef; readonly index: number; readonly port: number; readonly tls: boolean; readonly hosts: string[] }

/**
 * OSSM304 (error): two Gateways with the same workload selector have servers on the same port whose hosts overlap.
 * On an HTTPS/TLS port the gateway pods serve one of them (one certificate, one TLS setting) and the other's clients
 * get the wrong certificate or 404 (Istio's IST0145); on a plain HTTP port Istio merges the servers, so the overlap is
 * reported as a **warning** (Kiali's KIA0301): which Gateway's VirtualServices win for the host is easy to misread.
 */
export const conflictingGateways: Rule = {
  code: 'OSSM304',
  severity: 'error',
  title: 'Two Gateways with the same selector serve overlapping hosts on one port (HTTPS/TLS; a warning on plain HTTP)',
  reference: 'IST0145, KIA0301',
  fix: 'Serve the host from one Gateway (put both servers in it), or give the hosts of the two Gateways no overlap.',
  check(ctx, report) {
    const bySelector = new Map<string, Server[]>();
    for (const gw of ctx.gateways.values()) {
      const selector = stringMap(gw.spec.selector);
      const key = Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',');
      arr(gw.spec.servers).forEach((raw, index) => {
        const s = rec(raw);
        const port = num(rec(s?.port)?.number);
        if (!s || port === undefined) return;
        const protocol = (str(rec(s.port)?.protocol) ?? 'HTTP').toUpperCase();
        const list = bySelector.get(key) ?? [];
        list.push({ gateway: gw, index, port, tls: protocol === 'HTTPS' || protocol === 'TLS', hosts: strings(s.hosts).map((h) => splitGatewayServerHost(h).host.toLowerCase()) });
        bySelector.set(key, list);
      });
    }
    for (const [selector, servers] of bySelector) {
      const reported = new Set<string>();
      for (const a of servers) {
        for (const b of servers) {
          if (a.gateway === b.gateway || a.port !== b.port) continue;
          const shared = a.hosts.filter((h) => b.hosts.some((o) => hostsIntersect(h, o)));
          if (shared.length === 0 || reported.has(`${objectKey(a.gateway)}\n${a.index}\n${objectKey(b.gateway)}`)) continue;
          reported.add(`${objectKey(a.gateway)}\n${a.index}\n${objectKey(b.gateway)}`);
          const tls = a.tls || b.tls;
          report(a.gateway, `servers[${a.index}] serves ${shared.join(', ')} on port ${a.port}, as Gateway ${objectKey(b.gateway)} does on the same gateway pods (selector ${selector ? formatLabels(stringMap(a.gateway.spec.selector)) : 'none'})`
            + (tls ? ': the pods use one TLS setting for the host, and the other Gateway\'s clients get the wrong certificate or 404' : ': Istio merges them, and which Gateway\'s VirtualServices serve the host is easy to misread'),
          undefined, tls ? 'error' : 'warning');
        }
      }
    }
  },
};
