import { arr, rec, str } from '../kube';
import { Rule } from '../rule';
import { inMesh } from './ossm501-injection-label';

/** Protocol prefixes of Istio's protocol selection by Service port name. */
export const PORT_PROTOCOLS: ReadonlySet<string> = new Set([
  'grpc', 'grpc-web', 'http', 'http2', 'https', 'mongo', 'mysql', 'redis', 'tcp', 'tls', 'udp',
]);

/** Whether a Service port name selects a protocol: `<protocol>` or `<protocol>-<suffix>`. */
export function portNameSelectsProtocol(name: string): boolean {
  const lower = name.toLowerCase();
  for (const p of PORT_PROTOCOLS) {
    if (lower === p || lower.startsWith(`${p}-`)) return true;
  }
  return false;
}

/**
 * OSSM503 (warning): a port of a Service in a mesh namespace sets no `appProtocol` and its name does not follow
 * `<protocol>[-<suffix>]` (grpc, grpc-web, http, http2, https, mongo, mysql, redis, tcp, tls, udp). Istio then
 * sniffs the protocol, and HTTP routing, retries and metrics may not apply.
 */
export const portName: Rule = {
  code: 'OSSM503',
  severity: 'warning',
  title: 'Service port name does not select a protocol',
  reference: 'IST0118, KIA0601',
  fix: 'Name the port <protocol>[-<suffix>] (e.g. http, http-web, tcp-db) or set appProtocol.',
  check(ctx, report) {
    for (const svc of ctx.services.values()) {
      if (!inMesh(ctx, svc.namespace)) continue;
      arr(svc.spec.ports).forEach((p, i) => {
        const port = rec(p);
        if (!port || str(port.appProtocol)) return;
        const name = str(port.name);
        if (name && portNameSelectsProtocol(name)) return;
        report(svc, `port ${String(port.port ?? `#${i}`)} ${name ? `is named "${name}", which selects no protocol` : 'has no name and no appProtocol'}`);
      });
    }
  },
};
