import { API_GROUP } from '../../core/api-groups';
import { arr, num, rec, str } from '../kube';
import { Rule } from '../rule';


/**
 * OSSM902 (error): an HTTPRoute (or GRPCRoute) names a Service (a parentRef of kind Service, a backendRef, a RequestMirror) that is
 * not in the set, or a port that Service does not have. istiod drops the route for a missing parent, and answers 500
 * for the share of a backend that does not exist. A **warning** when the set holds nothing of that namespace (it may be
 * deployed elsewhere).
 */
export const httpRouteBackend: Rule = {
  code: 'OSSM902',
  severity: 'error',
  title: 'An HTTPRoute parent or backend Service (or its port) not in the set (a warning when the set has nothing of its namespace)',
  reference: '—',
  fix: 'Add the Service (a per-version one is `<service>-<version>` selecting app and version), or fix its name or port.',
  check(ctx, report) {
    const namespacesWithServices = new Set(ctx.ofKind('', 'Service').map((s) => s.namespace));
    // GRPCRoutes bind and send alike
    for (const route of [...ctx.ofKind(API_GROUP.GATEWAY_API, 'HTTPRoute'), ...ctx.ofKind(API_GROUP.GATEWAY_API, 'GRPCRoute')]) {
      const check = (where: string, raw: unknown, portRequired: boolean) => {
        const ref = rec(raw);
        if (!ref) return;
        const group = typeof ref.group === 'string' ? ref.group : (where.startsWith('parentRefs') ? API_GROUP.GATEWAY_API : '');
        const kind = str(ref.kind) ?? (where.startsWith('parentRefs') ? 'Gateway' : 'Service');
        if (group !== '' || kind !== 'Service') return;
        const name = str(ref.name) ?? '';
        const namespace = str(ref.namespace) ?? route.namespace;
        const service = ctx.services.get(`${namespace}/${name}`);
        const severity = namespacesWithServices.has(namespace) ? undefined : 'warning';
        if (!service) {
          report(route, `${where} names Service ${namespace}/${name}, which is not in the set`, undefined, severity);
          return;
        }
        const port = num(ref.port);
        const ports = arr(service.spec.ports).map((p) => num(rec(p)?.port)).filter((p): p is number => p !== undefined);
        if (port !== undefined && !ports.includes(port)) {
          report(route, `${where} names port ${port} of Service ${namespace}/${name}, which has ${ports.join(', ') || 'no ports'}`);
        } else if (port === undefined && portRequired) {
          report(route, `${where} names Service ${namespace}/${name} without a port: the API server refuses a Service backend without one`);
        }
      };
      arr(route.spec.parentRefs).forEach((p, i) => check(`parentRefs[${i}]`, p, false));
      arr(route.spec.rules).forEach((rawRule, i) => {
        const rule = rec(rawRule) ?? {};
        arr(rule.backendRefs).forEach((b, j) => check(`rules[${i}].backendRefs[${j}]`, b, true));
        arr(rule.filters).forEach((f, j) => check(`rules[${i}].filters[${j}].requestMirror.backendRef`, rec(rec(f)?.requestMirror)?.backendRef, true));
      });
    }
  },
};
