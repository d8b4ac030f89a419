/**
 * How a request from outside the mesh enters it through an Istio Gateway: which Gateway, which of its servers takes
 * the host and port, which VirtualServices are bound to it for the host, and the gateway pods the request then
 * leaves from (the mesh hop to the destination).
 */
import { refName } from './virtual-services';
import { exportToOf, visibleIn } from './visibility';
import { AnalysisContext, GatewayWorkload, ObjectRef } from '../analysis/context';
import { hostMatches, parseGatewayRef, splitGatewayServerHost } from '../analysis/hosts';
import { arr, compareConfigAge, Json, num, rec, str, strings, stringMap } from '../analysis/kube';

/** The server of a Gateway that takes a request. */
export interface GatewayServer {
  readonly index: number;
  readonly server: Json;
  readonly port: number;
  /** `HTTP`, `HTTPS`, `HTTP2`, `GRPC`, `TCP`, `TLS` as written, upper-cased. */
  readonly protocol: string;
  readonly hosts: string[];
  readonly tlsMode: string | null;
}

/** The Gateway `namespace/name` of the set, or why there is none. */
export function findGateway(ctx: AnalysisContext, key: string): ObjectRef | string {
  const gw = ctx.gateways.get(key);
  if (gw) return gw;
  return `the set has no Gateway ${key} (networking.istio.io)${ctx.gateways.size > 0 ? `; its Gateways: ${[...ctx.gateways.keys()].sort().join(', ')}` : ''}`;
}

/** Whether a server host entry (`host`, `ns/host`, `*\/host`) admits the external `host`. */
function serverAdmits(entry: string, host: string): boolean {
  return hostMatches(splitGatewayServerHost(entry).host.toLowerCase(), host);
}

/** The servers of `gateway`, read. */
export function gatewayServers(gateway: ObjectRef): GatewayServer[] {
  const out: GatewayServer[] = [];
  arr(gateway.spec.servers).forEach((raw, index) => {
    const server = rec(raw);
    const port = num(rec(server?.port)?.number);
    if (!server || port === undefined) return;
    out.push({
      index, server, port,
      protocol: (str(rec(server.port)?.protocol) ?? 'HTTP').toUpperCase(),
      hosts: strings(server.hosts),
      tlsMode: str(rec(server.tls)?.mode)?.toUpperCase() ?? (rec(server.tls) ? 'SIMPLE' : null),
    });
  });
  return out;
}

/** The server that takes `host` on `port` (any port when unset, the first that admits the host), or why none does. */
export function chooseServer(gateway: ObjectRef, host: string, port: number | undefined): GatewayServer | string {
  const servers = gatewayServers(gateway);
  const admitting = servers.filter((s) => s.hosts.some((h) => serverAdmits(h, host)));
  const chosen = admitting.find((s) => port === undefined || s.port === port);
  if (chosen) return chosen;
  if (admitting.length === 0) {
    return `no server of Gateway ${refName(gateway)} admits host ${host} (its hosts: ${[...new Set(servers.flatMap((s) => s.hosts))].join(', ') || 'none'}): the gateway answers 404`;
  }
  return `no server of Gateway ${refName(gateway)} listens on port ${port} for host ${host} (its ports for the host: ${admitting.map((s) => s.port).join(', ')}): the connection is refused`;
}

/** The first Gateway of the set (by namespace and name) whose servers admit `host`: the external host of an ingress. */
export function gatewayForHost(ctx: AnalysisContext, host: string): ObjectRef | undefined {
  const keys = [...ctx.gateways.keys()].sort();
  for (const key of keys) {
    const gw = ctx.gateways.get(key)!;
    if (gatewayServers(gw).some((s) => s.hosts.some((h) => splitGatewayServerHost(h).host !== '*' && serverAdmits(h, host)))) return gw;
  }
  return undefined;
}

/** Whether a gateway reference written in a VirtualService of `vsNamespace` names `gateway`. */
export function namesGateway(written: string, vsNamespace: string, gateway: ObjectRef): boolean {
  return parseGatewayRef(written, vsNamespace).key === refName(gateway);
}

/**
 * The VirtualServices bound to `gateway` whose hosts match `host` and that are exported to the Gateway's namespace,
 * oldest first: Istio merges them on a gateway, trying their rules in that order.
 */
export function gatewayVirtualServices(ctx: AnalysisContext, gateway: ObjectRef, host: string, server: GatewayServer): ObjectRef[] {
  return ctx.virtualServices.filter((vs) => {
    if (!strings(vs.spec.gateways).some((g) => namesGateway(g, vs.namespace, gateway))) return false;
    if (!visibleIn(exportToOf(vs), vs.namespace, gateway.namespace)) return false;
    const hosts = strings(vs.spec.hosts).map((h) => h.toLowerCase());
    // the server's `ns/host` restricts the namespaces whose VirtualServices it takes
    const admitted = server.hosts.some((entry) => {
      const { namespace } = splitGatewayServerHost(entry);
      return namespace === '*' || (namespace === '.' ? vs.namespace === gateway.namespace : namespace === vs.namespace);
    });
    return admitted && hosts.some((h) => hostMatches(h, host));
  }).sort(compareConfigAge);
}

/** The pods that run `gateway` (its selector, in any namespace), with their namespace, labels and ServiceAccount. */
export interface GatewayPods {
  readonly workloads: readonly GatewayWorkload[];
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** `namespace/name` of each pod template, or `namespace/app=…` for the gateways the operator creates. */
  readonly names: string[];
}

/** The gateway pods `gateway` selects; the first found gives the namespace and identity of the mesh hop. */
export function gatewayPods(ctx: AnalysisContext, gateway: ObjectRef): GatewayPods {
  const selector = stringMap(gateway.spec.selector);
  const workloads = Object.keys(selector).length > 0 ? ctx.gatewayWorkloadsMatching(selector) : [];
  const first = workloads[0];
  const names = workloads.map((w) => (w.template ? `${w.template.owner.namespace}/${w.template.owner.name}` : `${w.namespace}/${w.labels.app ?? Object.entries(w.labels).map(([k, v]) => `${k}=${v}`).join(',')}`));
  return {
    workloads,
    namespace: first?.namespace ?? gateway.namespace,
    labels: first?.labels ?? selector,
    // the OSSM 2 operator runs its gateways as <name>-service-account
    serviceAccount: first?.template?.serviceAccount ?? `${first?.labels.app ?? 'istio-ingressgateway'}-service-account`,
    names: [...new Set(names)].sort(),
  };
}
