import { API_GROUP } from '../../core/api-groups';
import { arr, rec } from '../kube';
import { objectKey } from '../messages';
import { Rule } from '../rule';


/**
 * OSSM901 (error): a Service is routed for the mesh both by a VirtualService (mesh gateway) and by an HTTPRoute (or
 * GRPCRoute) whose parentRef is the Service (Gateway API for the mesh, "GAMMA"). Istio documents mixing the two on one host as
 * undefined behaviour: which one the sidecars apply is not defined.
 */
export const virtualServiceAndHttpRoute: Rule = {
  code: 'OSSM901',
  severity: 'error',
  title: 'A host routed by both a VirtualService and an HTTPRoute for the mesh',
  reference: '—',
  fix: 'Route each host with one API: remove the VirtualService (cdk8s-ossm migrate --to gateway-api converts it) or the HTTPRoute.',
  check(ctx, report) {
    const byHost = new Map<string, string[]>();
    for (const ref of ctx.virtualServices) {
      const vs = ctx.virtualService(ref);
      if (!vs.boundToMesh) continue;
      for (const host of new Set(vs.hosts.map((h) => h.fqdn))) byHost.set(host, [...byHost.get(host) ?? [], objectKey(ref)]);
    }
    // GRPCRoutes bind and send alike
    for (const route of [...ctx.ofKind(API_GROUP.GATEWAY_API, 'HTTPRoute'), ...ctx.ofKind(API_GROUP.GATEWAY_API, 'GRPCRoute')]) {
      const services = new Set<string>();
      for (const raw of arr(route.spec.parentRefs)) {
        const ref = rec(raw);
        if (!ref || ref.group !== '' || ref.kind !== 'Service' || typeof ref.name !== 'string') continue;
        const namespace = typeof ref.namespace === 'string' ? ref.namespace : route.namespace;
        services.add(ctx.parseHost(`${ref.name}.${namespace}.svc.cluster.local`, route.namespace).fqdn);
      }
      for (const host of services) {
        const vss = byHost.get(host);
        if (vss) report(route, `Service ${host} is its parent, and VirtualService ${vss.join(', ')} also routes it on the mesh gateway: mixing the two on one host is undefined behaviour in Istio`);
      }
    }
  },
};
