import { arr, rec, stringMap } from '../kube';
import { formatList, objectKey } from '../messages';
import { readPort } from '../protocols';
import { Rule } from '../rule';

/**
 * OSSM303 (warning): a Gateway server listens on a port that the Service of its gateway pods does not expose (as
 * `port` or `targetPort`), so no traffic reaches that server. Checked only for gateway pods of the set that have a
 * Service in the set; the gateways the operator creates are not.
 */
export const gatewayPort: Rule = {
  code: 'OSSM303',
  severity: 'warning',
  title: 'Gateway server port not exposed by the gateway\'s Service',
  reference: 'IST0162',
  fix: 'Use a server port the gateway Service exposes (its port or targetPort), or add the port to the Service.',
  check(ctx, report) {
    for (const gw of ctx.gateways.values()) {
      const selector = stringMap(gw.spec.selector);
      if (Object.keys(selector).length === 0) continue;
      const services = new Set(ctx.gatewayWorkloadsMatching(selector).flatMap((w) => (w.template ? ctx.servicesSelecting(w.template) : [])));
      if (services.size === 0) continue;
      const exposed = new Set<number>();
      for (const svc of services) {
        for (const p of svc.ports) {
          if ((p.protocol ?? 'TCP').toUpperCase() !== 'TCP') continue;
          if (p.number !== undefined) exposed.add(p.number);
          if (p.targetPort !== undefined) exposed.add(p.targetPort);
        }
      }
      arr(gw.spec.servers).forEach((s, i) => {
        const port = readPort(rec(s)?.port)?.number;
        if (port === undefined || exposed.has(port)) return;
        report(gw, `servers[${i}] listens on port ${port}, which ${formatList([...services].map((svc) => `Service ${objectKey(svc.ref)}`))} of its gateway pods does not expose`
          + ` (ports and target ports: ${[...exposed].sort((a, b) => a - b).join(', ') || 'none'})`);
      });
    }
  },
};
