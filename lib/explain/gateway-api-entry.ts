/**
 * How a request from outside the mesh enters it through a Gateway API Gateway (`gateway.networking.k8s.io`, ingress):
 * which listener takes the host and port, which HTTPRoutes are attached to that listener for the host, and the
 * gateway pods Istio deploys for the Gateway (the mesh hop to the destination). The HTTPRoutes become one
 * VirtualService-like rule list in Gateway API precedence (lib/explain/http-routes.ts), so the rest of explain judges
 * them unchanged and answers in the same JSON shape as for an Istio Gateway.
 */
import { GatewayPods } from './gateway-entry';
import { GATEWAY_API_GROUP, httpRoutesAsVirtualService } from './http-routes';
import { refName } from './virtual-services';
import { AnalysisContext, ObjectRef } from '../analysis/context';
import { hostMatches } from '../analysis/hosts';
import { arr, compareConfigAge, Json, num, rec, str } from '../analysis/kube';

/** The label Istio puts on the pods it deploys for a Gateway API Gateway. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The classes whose Gateways Istio (OSSM 3) deploys: its own, and OpenShift's (which installs OSSM underneath). */
const ISTIO_CLASSES: ReadonlySet<string> = new Set(['istio', 'openshift-default']);

/** A listener of a Gateway API Gateway. */
export interface GatewayListener {
  readonly index: number;
  readonly name: string;
  readonly port: number;
  /** `HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP` as written. */
  readonly protocol: string;
  /** The listener's hostname; undefined: every host. */
  readonly hostname?: string;
  /** `tls.mode` as written (`Terminate`, `Passthrough`); an HTTPS listener without one terminates. */
  readonly tlsMode: string | null;
  readonly listener: Json;
}

/** Whether `ref` is a Gateway API Gateway. */
export function isGatewayApiGateway(ref: ObjectRef): boolean {
  return ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway';
}

/** The Gateway API Gateways of the set, by namespace and name. */
function gatewayApiGateways(ctx: AnalysisContext): ObjectRef[] {
  return [...ctx.ofKind(GATEWAY_API_GROUP, 'Gateway')].sort((a, b) => (refName(a) < refName(b) ? -1 : refName(a) > refName(b) ? 1 : 0));
}

/** The Gateway API Gateway `namespace/name` of the set, if any. */
export function findGatewayApiGateway(ctx: AnalysisContext, key: string): ObjectRef | undefined {
  return gatewayApiGateways(ctx).find((g) => refName(g) === key);
}

/** The listeners of `gateway`, read. */
export function gatewayListeners(gateway: ObjectRef): GatewayListener[] {
  const out: GatewayListener[] = [];
  arr(gateway.spec.listeners).forEach((raw, index) => {
    const listener = rec(raw);
    const port = num(listener?.port);
    if (!listener || port === undefined) return;
    const protocol = str(listener.protocol) ?? 'HTTP';
    const hostname = str(listener.hostname)?.toLowerCase();
    out.push({
      index, listener, port, protocol,
      name: str(listener.name) ?? `listeners[${index}]`,
      ...(hostname !== undefined ? { hostname } : {}),
      tlsMode: str(rec(listener.tls)?.mode) ?? (protocol === 'HTTPS' || protocol === 'TLS' ? 'Terminate' : null),
    });
  });
  return out;
}

/** How specifically a listener takes `host`: 2 its exact hostname, 1 a wildcard hostname, 0 no hostname; -1 not at all. */
function specificity(listener: GatewayListener, host: string): number {
  if (listener.hostname === undefined) return 0;
  if (listener.hostname === host) return 2;
  return listener.hostname.startsWith('*.') && hostMatches(listener.hostname, host) ? 1 : -1;
}

/**
 * The listener that takes `host` on `port` (any port when unset), or why none does. Like Envoy's listener and
 * virtual host choice: among the listeners on the port, the most specific hostname wins (exact, then wildcard, then
 * none); without a port, the first port (in listener order) with one that takes the host.
 */
export function chooseListener(gateway: ObjectRef, host: string, port: number | undefined): GatewayListener | string {
  const listeners = gatewayListeners(gateway);
  const taking = listeners.filter((l) => specificity(l, host) >= 0);
  const onPort = taking.filter((l) => port === undefined ? l.port === taking[0].port : l.port === port);
  if (onPort.length > 0) return onPort.slice().sort((a, b) => specificity(b, host) - specificity(a, host) || a.index - b.index)[0];
  if (taking.length === 0) {
    const names = listeners.map((l) => `${l.name} ${l.hostname ?? '*'}`).join(', ') || 'none';
    return `no listener of Gateway ${refName(gateway)} takes host ${host} (its listeners: ${names}): the gateway answers 404`;
  }
  return `no listener of Gateway ${refName(gateway)} is on port ${port} for host ${host} (its ports for the host: ${[...new Set(taking.map((l) => l.port))].join(', ')}): the connection is refused`;
}

/** The first Gateway API Gateway of the set (by namespace and name) with a listener whose hostname takes `host`: the external host of an ingress. */
export function gatewayApiGatewayForHost(ctx: AnalysisContext, host: string): ObjectRef | undefined {
  return gatewayApiGateways(ctx).find((g) => gatewayListeners(g).some((l) => specificity(l, host) > 0));
}

/** Whether a parentRef of `route` attaches it to `listener` of `gateway` (sectionName and port, when set, must name it). */
function attachesTo(ref: Json, route: ObjectRef, gateway: ObjectRef, listener: GatewayListener): boolean {
  const group = typeof ref.group === 'string' ? ref.group : GATEWAY_API_GROUP;
  const kind = typeof ref.kind === 'string' ? ref.kind : 'Gateway';
  if (group !== GATEWAY_API_GROUP || kind !== 'Gateway') return false;
  if (str(ref.name) !== gateway.name || (str(ref.namespace) ?? route.namespace) !== gateway.namespace) return false;
  const section = str(ref.sectionName);
  if (section !== undefined && section !== listener.name) return false;
  const port = num(ref.port);
  return port === undefined || port === listener.port;
}

/** Whether the listener's `allowedRoutes` lets a route of `namespace` attach; `undefined` when it cannot be told (a namespace selector). */
function allowsNamespace(gateway: ObjectRef, listener: GatewayListener, namespace: string): boolean | undefined {
  const from = str(rec(rec(listener.listener.allowedRoutes)?.namespaces)?.from) ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return namespace === gateway.namespace;
  return undefined;
}

/** Whether an HTTPRoute's `hostnames` (none: every host) take `host`. */
function routeTakesHost(route: ObjectRef, host: string): boolean {
  const hostnames = arr(route.spec.hostnames).map(str).filter((h): h is string => h !== undefined).map((h) => h.toLowerCase());
  return hostnames.length === 0 || hostnames.some((h) => hostMatches(h, host));
}

/** The HTTPRoutes attached to a listener for one host, and the rule list Istio builds from them. @internal */
export interface GatewayApiRoutes {
  /** The HTTPRoutes, oldest first. */
  readonly routes: readonly ObjectRef[];
  /** A VirtualService-like object (`spec.http`) equivalent to them. */
  readonly asVirtualService: ObjectRef;
  /** What explain noted while choosing them. */
  readonly notes: readonly string[];
}

/**
 * The HTTPRoutes attached to `listener` of `gateway` that take `host` (their `hostnames`), allowed by the listener's
 * `allowedRoutes`, oldest first, or why there are none. @internal
 */
export function gatewayApiRoutes(ctx: AnalysisContext, gateway: ObjectRef, listener: GatewayListener, host: string): GatewayApiRoutes | string {
  const notes: string[] = [];
  const attached = [...ctx.ofKind(GATEWAY_API_GROUP, 'HTTPRoute'), ...ctx.ofKind(GATEWAY_API_GROUP, 'GRPCRoute')]
    .filter((r) => arr(r.spec.parentRefs).some((p) => rec(p) !== undefined && attachesTo(rec(p)!, r, gateway, listener)));
  const routes = attached.filter((r) => {
    const allowed = allowsNamespace(gateway, listener, r.namespace);
    if (allowed === false) {
      notes.push(`HTTPRoute ${refName(r)} names Gateway ${refName(gateway)}, but listener ${listener.name} allows routes of namespace ${gateway.namespace} only (allowedRoutes): it is not attached`);
    } else if (allowed === undefined) {
      notes.push(`listener ${listener.name} chooses route namespaces by a label selector, which explain does not evaluate: HTTPRoute ${refName(r)} is taken as attached`);
    }
    return allowed !== false && routeTakesHost(r, host);
  }).slice().sort(compareConfigAge);
  if (routes.length === 0) {
    return `no HTTPRoute attached to listener ${listener.name} of Gateway ${refName(gateway)} takes host ${host}${notes.length ? ` (${notes.join('; ')})` : ''}: the gateway answers 404`;
  }
  const kinds = [...new Set(routes.map((r) => r.kind))].join(' and ');
  notes.push(`routed by Gateway API ${kinds} ${routes.map(refName).join(', ')} (parentRef the Gateway): explain lists one rule per match${kinds.includes('GRPCRoute') ? ' (a gRPC method as the path /<service>/<method>)' : ''}, `
    + 'in the order Istio tries them (Gateway API precedence: exact path, longer prefix, regular expression, method, more headers, more query parameters)');
  return { routes, asVirtualService: httpRoutesAsVirtualService(routes, [host]), notes };
}

/**
 * The pods Istio deploys for `gateway`: a Deployment and Service `<name>-<class>` in the Gateway's namespace, whose pods
 * carry `gateway.networking.k8s.io/gateway-name: <name>` and run as ServiceAccount `<name>-<class>`. Pod templates of
 * the set with that label count too (a Gateway deployed by hand).
 */
export function gatewayApiPods(ctx: AnalysisContext, gateway: ObjectRef): GatewayPods {
  const className = str(gateway.spec.gatewayClassName) ?? 'istio';
  const labels = { [GATEWAY_NAME_LABEL]: gateway.name };
  const found = ctx.gatewayWorkloadsMatching(labels).filter((w) => w.namespace === gateway.namespace);
  const workloads = found.length > 0 ? found : [{ namespace: gateway.namespace, labels }];
  const template = found.find((w) => w.template)?.template;
  return {
    workloads,
    namespace: gateway.namespace,
    labels: found[0]?.labels ?? labels,
    serviceAccount: template?.serviceAccount ?? `${gateway.name}-${className}`,
    names: template ? [`${template.owner.namespace}/${template.owner.name}`] : [`${gateway.namespace}/${gateway.name}-${className}`],
  };
}

/** Notes on a Gateway no controller of the mesh deploys. */
export function gatewayApiClassNotes(gateway: ObjectRef): string[] {
  const className = str(gateway.spec.gatewayClassName);
  if (className !== undefined && ISTIO_CLASSES.has(className)) return [];
  return [`Gateway ${refName(gateway)} has class ${className ?? '(none)'}: OSSM 3 deploys Gateways of class istio or openshift-default only; explain assumes Istio serves it`];
}
