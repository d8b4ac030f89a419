import { API_GROUP } from '../core/api-groups';
import { DATAPLANE_MODE_LABEL, USE_WAYPOINT_LABEL, WAYPOINT_GATEWAY_CLASS } from '../core/data-plane';
import { AnalysisContext, ObjectRef } from './context';
import { arr, rec, str } from './kube';

/** The label with which a namespace or Service names the namespace of its waypoint, when not its own. @internal */
export const USE_WAYPOINT_NAMESPACE_LABEL = 'istio.io/use-waypoint-namespace';


/** Whether the set's Namespace object of `namespace` puts it in ambient mode (unknown namespaces are not). @internal */
export function isAmbientNamespace(ctx: AnalysisContext, namespace: string): boolean {
  return ctx.namespaceObject(namespace)?.labels[DATAPLANE_MODE_LABEL] === 'ambient';
}

/** A waypoint binding: the waypoint's name and namespace, and the object whose label binds it. @internal */
export interface WaypointBinding {
  readonly name: string;
  readonly namespace: string;
  readonly by: ObjectRef;
}

/**
 * The waypoint that serves a Service, as istiod resolves it: the Service's own `istio.io/use-waypoint` label first,
 * then its namespace's; `none` opts out. Undefined when neither binds one. @internal
 */
export function waypointOfService(ctx: AnalysisContext, namespace: string, serviceName: string | undefined): WaypointBinding | undefined {
  const service = serviceName === undefined ? undefined : ctx.services.get(`${namespace}/${serviceName}`);
  const ns = ctx.namespaceObject(namespace);
  for (const by of [service, ns]) {
    const name = by?.labels[USE_WAYPOINT_LABEL];
    if (by === undefined || name === undefined) continue;
    if (name === 'none') return undefined;
    return { name, namespace: by.labels[USE_WAYPOINT_NAMESPACE_LABEL] ?? namespace, by };
  }
  return undefined;
}

/** The Gateways of class istio-waypoint of the set, by `namespace/name`. @internal */
export function waypointGateways(ctx: AnalysisContext): Map<string, ObjectRef> {
  return new Map(ctx.ofKind(API_GROUP.GATEWAY_API, 'Gateway')
    .filter((g) => str(g.spec.gatewayClassName) === WAYPOINT_GATEWAY_CLASS)
    .map((g) => [`${g.namespace}/${g.name}`, g]));
}

/** Whether an AuthorizationPolicy's rules use L7 (HTTP) attributes, which ztunnel cannot see. @internal */
export function usesL7Attributes(policy: ObjectRef): boolean {
  const L7_TO = ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];
  const L7_FROM = ['requestPrincipals', 'notRequestPrincipals'];
  return arr(policy.spec.rules).some((raw) => {
    const rule = rec(raw);
    const to = arr(rule?.to).some((t) => L7_TO.some((k) => rec(rec(t)?.operation)?.[k] !== undefined));
    const from = arr(rule?.from).some((f) => L7_FROM.some((k) => rec(rec(f)?.source)?.[k] !== undefined));
    const when = arr(rule?.when).some((w) => {
      const key = str(rec(w)?.key) ?? '';
      return key.startsWith('request.') || key.startsWith('experimental.');
    });
    return to || from || when;
  });
}
