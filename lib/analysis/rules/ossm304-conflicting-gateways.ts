import { ObjectRef } from '../context';
import { HostIndex, splitGatewayServerHost } from '../hosts';
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
    // servers by selector and port, each host indexed so that overlapping hosts are found without comparing every pair
    const groups = new Map<string, { readonly servers: Server[]; readonly hosts: HostIndex<Server> }>();
    for (const gw of ctx.gateways.values()) {
      const selector = Object.entries(stringMap(gw.spec.selector)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',');
      arr(gw.spec.servers).forEach((raw, index) => {
        const s = rec(raw);
        const port = num(rec(s?.port)?.number);
        if (!s || port === undefined) return;
        const protocol = (str(rec(s.port)?.protocol) ?? 'HTTP').toUpperCase();
        const server: Server = { gateway: gw, index, port, tls: protocol === 'HTTPS' || protocol === 'TLS', hosts: strings(s.hosts).map((h) => splitGatewayServerHost(h).host.toLowerCase()) };
        const key = `${selector}\n${port}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { servers: [], hosts: new HostIndex<Server>() }));
        group.servers.push(server);
        for (const h of server.hosts) group.hosts.add(h, server);
      });
    }
    for (const { servers, hosts } of groups.values()) {
      for (const a of servers) {
        const others = new Map<ObjectRef, { server: Server; shared: Set<string> }>();
        for (const h of a.hosts) {
          for (const b of hosts.overlapping(h)) {
            if (b.gateway === a.gateway || others.has(b.gateway) && others.get(b.gateway)!.server !== b) continue;
            const entry = others.get(b.gateway) ?? { server: b, shared: new Set<string>() };
            entry.shared.add(h);
            others.set(b.gateway, entry);
          }
        }
        for (const { server: b, shared } of others.values()) {
          const tls = a.tls || b.tls;
          const selector = formatLabels(stringMap(a.gateway.spec.selector)) || 'none';
          report(a.gateway, `servers[${a.index}] serves ${[...shared].join(', ')} on port ${a.port}, as Gateway ${objectKey(b.gateway)} does on the same gateway pods (selector ${selector})`
            + (tls ? ': the pods use one TLS setting for the host, and the other Gateway\'s clients get the wrong certificate or 404' : ': Istio merges them, and which Gateway\'s VirtualServices serve the host is easy to misread'),
          undefined, tls ? 'error' : 'warning');
        }
      }
    }
  },
};
