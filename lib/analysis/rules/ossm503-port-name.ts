import { ObjectRef, ServiceInfo } from '../context';
import { arr, rec } from '../kube';
import { APP_PROTOCOLS, PortInfo, protocolOfPortName, readPort } from '../protocols';
import { Report, Rule } from '../rule';

function label(p: PortInfo, i: number): string {
  return `port ${p.number ?? `#${i}`}`;
}

/** A Service port: the protocol Istio selects from `appProtocol` (when it knows the value) or else the name. */
function checkServicePort(svc: ServiceInfo, p: PortInfo, i: number, report: Report): void {
  const byName = p.name ? protocolOfPortName(p.name) : undefined;
  const app = p.appProtocol?.toLowerCase();
  if (app !== undefined && !APP_PROTOCOLS.has(app)) {
    report(svc.ref, `${label(p, i)} sets appProtocol "${p.appProtocol}", which Istio does not know, so ${byName ? `the name selects ${byName}` : 'no protocol is selected'}`,
      `Set appProtocol to one of ${[...APP_PROTOCOLS].join(', ')}.`);
    return;
  }
  const protocol = app ?? byName;
  if (svc.type === 'ExternalName') {
    if (protocol === undefined || protocol === 'tcp') {
      report(svc.ref, `${label(p, i)} of this ExternalName Service ${p.name ? `is named "${p.name}"` : 'has no name'}, which selects ${protocol ?? 'no protocol'}:`
        + ' an ExternalName Service has no addresses to match plain TCP on, so sidecars may not forward such traffic (Istio IST0150)',
      'Name the port for its application protocol (http, https, tls, ...) or set appProtocol.');
    }
    return;
  }
  if (protocol !== undefined) return;
  report(svc.ref, `${label(p, i)} ${p.name ? `is named "${p.name}", which selects no protocol` : 'has no name and no appProtocol'}`);
}

/**
 * A Gateway server port or ServiceEntry port: its name should be `<protocol>[-<suffix>]` of its declared protocol, as
 * Kiali's KIA0601 reads it — except for TCP and UDP, whose port names Kiali leaves free (nothing is routed on them).
 */
function checkDeclaredPort(ref: ObjectRef, where: string, p: PortInfo | undefined, report: Report): void {
  if (!p?.name || !p.protocol) return;
  const name = p.name.toLowerCase();
  const protocol = p.protocol.toLowerCase();
  if (protocol === 'tcp' || protocol === 'udp') return;
  if (name === protocol || name.startsWith(`${protocol}-`)) return;
  report(ref, `${where} is named "${p.name}" but declares protocol ${p.protocol}; Istio uses the protocol, so one of the two is likely wrong`,
    `Name the port ${protocol} or ${protocol}-<suffix>, or fix its protocol.`);
}

/**
 * OSSM503 (warning): a port whose protocol is not what it says. A Service port in a mesh namespace sets no known
 * `appProtocol` and its name is not `<protocol>[-<suffix>]` (grpc, grpc-web, http, http2, https, mongo, mysql, redis,
 * tcp, tls, udp): Istio then sniffs the protocol, and HTTP routing, retries and metrics may not apply. An ExternalName
 * Service port must select a protocol other than `tcp`. A Gateway server port or ServiceEntry port that declares a
 * protocol other than TCP or UDP is not named `<protocol>[-<suffix>]` for it (Kiali's KIA0601 convention; `http2`
 * for HTTP breaks it too).
 */
export const portName: Rule = {
  code: 'OSSM503',
  severity: 'warning',
  title: 'Port name or appProtocol does not select the port\'s protocol (Service, ExternalName, Gateway server, ServiceEntry)',
  reference: 'IST0118, IST0150, KIA0601, KIA0602',
  fix: 'Name the port <protocol>[-<suffix>] (e.g. http, http-web, tcp-db) or set a known appProtocol.',
  check(ctx, report) {
    for (const ref of ctx.ofKind('', 'Service')) {
      const svc = ctx.service(ref.namespace, ref.name);
      if (!svc || !ctx.inMesh(ref.namespace)) continue;
      svc.ports.forEach((p, i) => checkServicePort(svc, p, i, report));
    }
    for (const gw of ctx.gateways.values()) {
      arr(gw.spec.servers).forEach((s, i) => checkDeclaredPort(gw, `servers[${i}].port`, readPort(rec(s)?.port), report));
    }
    for (const se of ctx.serviceEntries) {
      se.ports.forEach((p, i) => checkDeclaredPort(se.ref, `ports[${i}]`, p, report));
    }
  },
};
