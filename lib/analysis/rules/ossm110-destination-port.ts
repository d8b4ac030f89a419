import { ObjectRef } from '../context';
import { addOnce, formatList } from '../messages';
import { Rule } from '../rule';

/**
 * OSSM110 (warning): a route destination's port does not fit its host. Either `port.number` is not a port of the
 * host's Service (or ServiceEntry) — Envoy has no cluster for that port and answers 503 — or the destination names no
 * port although the host has several, where the port cannot be taken from the request: on a Gateway (the gateway's
 * listener port is used) or when the destination is another host than the VirtualService's (the port the client
 * called on that host is used). Only checked when the host's Service or ServiceEntry lists its ports.
 */
export const destinationPort: Rule = {
  code: 'OSSM110',
  severity: 'warning',
  title: 'Route destination port not exposed by the host, or missing for a multi-port host',
  reference: 'IST0101, IST0112',
  fix: 'Set destination.port.number to a port the host\'s Service (or ServiceEntry) exposes.',
  check(ctx, report) {
    const seen = new Map<ObjectRef, Set<string>>();
    for (const d of ctx.destinations) {
      if (!addOnce(seen, d.vs, `${d.fqdn}\n${d.port ?? ''}`)) continue;
      const target = ctx.targetOf(d.target);
      const owner = target.service ? `Service ${target.service.ref.namespace}/${target.service.ref.name}`
        : target.serviceEntries[0] ? `ServiceEntry ${target.serviceEntries[0].ref.namespace}/${target.serviceEntries[0].ref.name}` : undefined;
      const ports = [...new Set((target.service ? target.service.ports : target.serviceEntries.flatMap((e) => e.ports))
        .flatMap((p) => (p.number !== undefined ? [p.number] : [])))].sort((a, b) => a - b);
      if (!owner || ports.length === 0) continue;
      const listed = formatList(ports.map(String));
      if (d.port !== undefined) {
        if (!ports.includes(d.port)) {
          report(d.vs, `${d.path} routes to port ${d.port} of ${d.host}, which ${owner} does not expose (its ports: ${listed})`,
            `Use one of the ports ${listed}.`);
        }
        continue;
      }
      if (ports.length < 2) continue;
      const vs = ctx.virtualService(d.vs);
      const onGateway = vs.gateways.some((g) => !g.mesh);
      const otherHost = !vs.hosts.some((h) => h.fqdn === d.fqdn);
      if (!onGateway && !otherHost) continue;
      report(d.vs, `${d.path} routes to ${d.host} without a port, but ${owner} has ports ${listed}`
        + (onGateway ? ' and on a Gateway the gateway\'s listener port is used' : ' and the port the client called on another host is used'),
      `Set destination.port.number to one of ${listed}.`);
    }
  },
};
