// explain follows Gateway API HTTPRoutes of the mesh (parentRef a Service, "GAMMA") the way istiod does: it turns the
// HTTPRoutes of a Service into one VirtualService-like rule list, one rule per match, sorted by Gateway API's
// precedence (exact path, then longer prefix, then regular expression; a method; more headers; more query
// parameters; ties keep the oldest route first and rule order), so that the rest of explain judges it unchanged and
// answers in the same JSON shape.
import { API_GROUP } from '../core/api-groups';
import { AnalysisContext, ObjectRef } from '../analysis/context';
import { arr, compareConfigAge, Json, num, rec, str } from '../analysis/kube';
import { serviceFqdn } from '../core/mesh-conventions';
import { comparePrecedence, escapeRe2, GatewayApiHttpMatch } from '../traffic/render-gateway-api/convert-http';

/** The Gateway API group. */
export const GATEWAY_API_GROUP: string = API_GROUP.GATEWAY_API;

/** The HTTPRoutes bound to a Service of the mesh, and the rule list istiod would build from them. @internal */
export interface MeshHttpRoutes {
  /** The HTTPRoutes, oldest first. */
  readonly routes: readonly ObjectRef[];
  /** A VirtualService-like object (`spec.http`) equivalent to them; its rule names say where each rule came from. */
  readonly asVirtualService: ObjectRef;
}


/** Whether a parentRef binds the route to Service `namespace/name` on `port` (a parentRef without port binds every port). */
function bindsService(ref: Json, route: ObjectRef, namespace: string, name: string, port: number | null): boolean {
  // read as written: the core group is the empty string
  const group = typeof ref.group === 'string' ? ref.group : GATEWAY_API_GROUP;
  const kind = typeof ref.kind === 'string' ? ref.kind : 'Gateway';
  if (group !== '' || kind !== 'Service') return false;
  if (str(ref.name) !== name || (str(ref.namespace) ?? route.namespace) !== namespace) return false;
  const refPort = num(ref.port);
  return refPort === undefined || port === null || refPort === port;
}

/**
 * The HTTPRoutes of the set bound to Service `namespace/name` (on `port`), as istiod would apply them for the mesh,
 * or undefined when there are none. @internal
 */
export function meshHttpRoutes(ctx: AnalysisContext, namespace: string, name: string, port: number | null): MeshHttpRoutes | undefined {
  const routes = [...ctx.ofKind(GATEWAY_API_GROUP, 'HTTPRoute'), ...ctx.ofKind(GATEWAY_API_GROUP, 'GRPCRoute')]
    .filter((r) => arr(r.spec.parentRefs).some((p) => rec(p) !== undefined && bindsService(rec(p)!, r, namespace, name, port)))
    .slice()
    .sort(compareConfigAge);
  if (routes.length === 0) return undefined;
  return { routes, asVirtualService: httpRoutesAsVirtualService(routes, [serviceFqdn(name, namespace)]) };
}

/**
 * HTTPRoutes (oldest first) as one VirtualService-like object with `hosts`: one rule per match, sorted by Gateway
 * API's precedence; equal precedence keeps the oldest route first, then rule and match order. Its `name` joins the
 * routes' names. @internal
 */
export function httpRoutesAsVirtualService(routes: readonly ObjectRef[], hosts: readonly string[]): ObjectRef {
  const entries: Array<{ match: GatewayApiHttpMatch; rule: Json }> = [];
  for (const route of routes) {
    arr(route.spec.rules).forEach((rawRule, i) => {
      const rule = rec(rawRule) ?? {};
      const matches = arr(rule.matches).length > 0 ? arr(rule.matches) : [{}];
      matches.forEach((rawMatch, j) => {
        const match = route.kind === 'GRPCRoute' ? grpcMatch(rec(rawMatch) ?? {}) : normalizedMatch(rec(rawMatch) ?? {});
        entries.push({ match, rule: istioRule(route, rule, match, `${route.kind} ${route.namespace}/${route.name} rules[${i}].matches[${j}]`) });
      });
    });
  }
  // a stable sort: equal precedence keeps the oldest route first, then rule and match order
  const sorted = entries.map((e, index) => ({ ...e, index })).sort((a, b) => comparePrecedence(b.match, a.match) || a.index - b.index);
  const first = routes[0];
  return {
    ...first,
    kind: routes.every((r) => r.kind === 'GRPCRoute') ? 'GRPCRoute' : 'HTTPRoute',
    name: routes.map((r) => (r.namespace === first.namespace ? r.name : `${r.namespace}/${r.name}`)).join(' + '),
    spec: { hosts: [...hosts], http: sorted.map((e) => e.rule) },
  };
}

/** A match with Gateway API's defaults (path PathPrefix "/", header and query types Exact). */
function normalizedMatch(m: Json): GatewayApiHttpMatch {
  const path = rec(m.path);
  const named = (list: unknown) => arr(list).map(rec).filter((x): x is Json => x !== undefined).map((x) => ({
    type: (str(x.type) === 'RegularExpression' ? 'RegularExpression' : 'Exact') as 'Exact' | 'RegularExpression',
    name: str(x.name) ?? '',
    value: str(x.value) ?? '',
  }));
  const type = str(path?.type) ?? 'PathPrefix';
  return {
    path: { type: type === 'Exact' || type === 'RegularExpression' ? type : 'PathPrefix', value: str(path?.value) ?? '/' },
    ...(m.headers !== undefined ? { headers: named(m.headers) } : {}),
    ...(m.queryParams !== undefined ? { queryParams: named(m.queryParams) } : {}),
    ...(str(m.method) !== undefined ? { method: str(m.method) } : {}),
  };
}

/**
 * A GRPCRoute match as the HTTP match Istio builds from it: a gRPC call is a request to `/<service>/<method>`; a method
 * match with only a service (or only a method) matches that part, no method match every call.
 */
function grpcMatch(m: Json): GatewayApiHttpMatch {
  const method = rec(m.method);
  const headers = normalizedMatch({ headers: m.headers }).headers;
  const base = { ...(m.headers !== undefined ? { headers } : {}) };
  if (!method) return { path: { type: 'PathPrefix', value: '/' }, ...base };
  const regex = str(method.type) === 'RegularExpression';
  const part = (v: string | undefined) => (v === undefined ? '[^/]+' : regex ? v : escapeRe2(v));
  const service = str(method.service);
  const name = str(method.method);
  if (!regex && service !== undefined && name !== undefined) return { path: { type: 'Exact', value: `/${service}/${name}` }, ...base };
  return { path: { type: 'RegularExpression', value: `/${part(service)}/${part(name)}` }, ...base };
}

/** The Istio form of one HTTPRoute (or GRPCRoute) rule for one of its matches. */
function istioRule(route: ObjectRef, rule: Json, match: GatewayApiHttpMatch, name: string): Json {
  const uri = match.path.type === 'Exact' ? { exact: match.path.value }
    : match.path.type === 'RegularExpression' ? { regex: match.path.value }
    // PathPrefix matches whole path segments: "/api" takes "/api" and "/api/x", not "/apis"; a trailing "/" is ignored
    : match.path.value === '/' ? { prefix: '/' } : { regex: `${escapeRe2(match.path.value.replace(/\/+$/, ''))}(/.*)?` };
  const stringMap = (list: GatewayApiHttpMatch['headers'], lower: boolean) => (list === undefined ? undefined : Object.fromEntries(
    list.map((h) => [lower ? h.name.toLowerCase() : h.name, h.type === 'Exact' ? { exact: h.value } : { regex: h.value }])));
  const backendHost = (ref: Json) => serviceFqdn(str(ref.name) ?? '', str(ref.namespace) ?? route.namespace);
  const backends = arr(rule.backendRefs).map(rec).filter((b): b is Json => b !== undefined);
  const filters = arr(rule.filters).map(rec).filter((f): f is Json => f !== undefined);
  const mirror = filters.map((f) => rec(rec(f.requestMirror)?.backendRef)).find((b) => b !== undefined);
  const headerOps = (key: 'requestHeaderModifier' | 'responseHeaderModifier') => {
    const modifier = filters.map((f) => rec(f[key])).find((x) => x !== undefined);
    if (!modifier) return undefined;
    const pairs = (v: unknown) => Object.fromEntries(arr(v).map(rec).filter((p): p is Json => p !== undefined).map((p) => [str(p.name) ?? '', str(p.value) ?? '']));
    return { set: modifier.set === undefined ? undefined : pairs(modifier.set), add: modifier.add === undefined ? undefined : pairs(modifier.add), remove: modifier.remove };
  };
  const request = headerOps('requestHeaderModifier');
  const response = headerOps('responseHeaderModifier');
  // without the fields left undefined, as a VirtualService read from YAML would be
  return JSON.parse(JSON.stringify({
    name,
    match: [{ uri, headers: stringMap(match.headers, true), queryParams: stringMap(match.queryParams, false), method: match.method === undefined ? undefined : { exact: match.method } }],
    route: backends.map((b) => ({
      destination: { host: backendHost(b), port: num(b.port) === undefined ? undefined : { number: num(b.port) } },
      // a backendRef's weight defaults to 1
      weight: num(b.weight) ?? 1,
    })),
    timeout: str(rec(rule.timeouts)?.request),
    mirror: mirror && { host: backendHost(mirror), port: num(mirror.port) === undefined ? undefined : { number: num(mirror.port) } },
    headers: request || response ? { request, response } : undefined,
  })) as Json;
}

/** What explain notes when HTTPRoutes route the host (and a VirtualService also does). @internal */
export function httpRouteNotes(routes: MeshHttpRoutes, virtualService: ObjectRef | undefined): string[] {
  const names = routes.routes.map((r) => `${r.namespace}/${r.name}`).join(', ');
  const kinds = [...new Set(routes.routes.map((r) => r.kind))].join(' and ');
  const notes = [`routed by Gateway API ${kinds} ${names} (parentRef the Service): explain lists one rule per match${kinds.includes('GRPCRoute') ? ' (a gRPC method as the path /<service>/<method>)' : ''}, `
    + 'in the order istiod tries them (Gateway API precedence: exact path, longer prefix, regular expression, method, more headers, more query parameters)'];
  if (virtualService) {
    notes.push(`VirtualService ${virtualService.namespace}/${virtualService.name} also routes this host: mixing a VirtualService and an HTTPRoute on one host is undefined behaviour in Istio; explain follows the HTTPRoute`);
  }
  return notes;
}
