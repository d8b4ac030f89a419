// HTTPRoute rules (the one translation of the routing intent, convert-http.ts) as GRPCRoute rules, for a service whose
// port Istio takes as gRPC (port name `grpc` or `grpc-<suffix>`, Istio's protocol selection). A gRPC call is a POST
// to `/<package.Service>/<Method>`: an exact path of that form becomes a method match, a match on every path none;
// headers and the header and mirror filters carry over, weights and backends unchanged. What a GRPCRoute of Gateway API
// v1.2.1 (standard channel) cannot express is reported with the intent field, as convert-http reports its own.
import { protocolOfPortName } from '../../analysis/protocols';
import { GatewayApiBackendRef, GatewayApiHttpRule } from './convert-http';

/** A GRPCRoute rule (`gateway.networking.k8s.io/v1`). @internal */
export interface GatewayApiGrpcRule {
  readonly matches?: Array<{
    readonly method?: { readonly type: 'Exact'; readonly service: string; readonly method: string };
    readonly headers?: Array<{ readonly type: 'Exact' | 'RegularExpression'; readonly name: string; readonly value: string }>;
  }>;
  readonly backendRefs: GatewayApiBackendRef[];
  readonly filters?: Array<Record<string, unknown>>;
}

/** What could not be converted: the field of the intent (`http[0].match[1].uri`) and why. @internal */
export interface GrpcRefusal {
  readonly field: string;
  readonly detail: string;
}

/** Whether Istio takes a Service port of this name as gRPC (`grpc`, `grpc-<suffix>`; `grpc-web` is HTTP). @internal */
export function isGrpcPortName(name: string | undefined): boolean {
  return name !== undefined && protocolOfPortName(name) === 'grpc';
}

/** A gRPC method path: `/<service>/<method>`, the service a dotted name, the method an identifier. */
const METHOD_PATH = /^\/([A-Za-z_][A-Za-z0-9_.]*)\/([A-Za-z_][A-Za-z0-9_]*)$/;

/** The filters a GRPCRoute rule of v1.2.1 takes. */
const GRPC_FILTERS: ReadonlySet<string> = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror']);

/**
 * The GRPCRoute rules of HTTPRoute rules written for the intent `http` (rule i is `http[i]`, match j `match[j]`), or
 * the first field a GRPCRoute cannot express. @internal
 */
export function grpcRulesOf(rules: readonly GatewayApiHttpRule[]): GatewayApiGrpcRule[] | GrpcRefusal {
  const out: GatewayApiGrpcRule[] = [];
  for (const [i, rule] of rules.entries()) {
    if (rule.timeouts !== undefined) return { field: `http[${i}].timeout`, detail: 'a GRPCRoute of Gateway API v1.2.1 has no timeouts' };
    const matches: NonNullable<GatewayApiGrpcRule['matches']>[number][] = [];
    for (const [j, m] of rule.matches.entries()) {
      if (m.queryParams !== undefined) return { field: `http[${i}].match[${j}].queryParams`, detail: 'a gRPC call has no query parameters to match' };
      if (m.method !== undefined) return { field: `http[${i}].match[${j}].method`, detail: 'every gRPC call is a POST: a GRPCRoute matches the gRPC method (path /<service>/<method>) instead' };
      let method: { type: 'Exact'; service: string; method: string } | undefined;
      const path = m.path;
      if (path !== undefined && !(path.type === 'PathPrefix' && path.value === '/')) {
        const parts = path.type === 'Exact' ? METHOD_PATH.exec(path.value) : null;
        if (!parts) {
          return {
            field: `http[${i}].match[${j}].uri`,
            detail: `a GRPCRoute matches a gRPC method exactly (path /<package.Service>/<Method>) or every call, not ${path.type} "${path.value}"`,
          };
        }
        method = { type: 'Exact', service: parts[1], method: parts[2] };
      }
      matches.push({
        ...(method ? { method } : {}),
        ...(m.headers !== undefined ? { headers: m.headers.map((h) => ({ type: h.type, name: h.name, value: h.value })) } : {}),
      });
    }
    const unsupported = (rule.filters ?? []).find((f) => !GRPC_FILTERS.has(String(f.type)));
    if (unsupported) return { field: `http[${i}]`, detail: `a GRPCRoute rule takes no ${String(unsupported.type)} filter` };
    out.push({
      // a rule without matches takes every call
      ...(matches.some((x) => Object.keys(x).length > 0) ? { matches } : {}),
      backendRefs: rule.backendRefs,
      ...(rule.filters !== undefined && rule.filters.length > 0 ? { filters: rule.filters } : {}),
    });
  }
  return out;
}
