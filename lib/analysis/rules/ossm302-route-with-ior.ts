import { API_GROUP } from '../../core/api-groups';
import { splitGatewayServerHost } from '../hosts';
import { arr, rec, str } from '../kube';
import { Rule } from '../rule';
import { smcpRunsIor } from '../smcp-gateways';

/**
 * OSSM302 (warning): an OpenShift Route for a host that a Gateway of the set serves, while a control plane of the
 * set runs Istio OpenShift Routing (IOR). IOR creates its own Route for every Gateway host, so there are two
 * Routes for one host and the router admits only the older one.
 */
export const routeWithIor: Rule = {
  code: 'OSSM302',
  severity: 'warning',
  title: 'Route for a Gateway host that IOR already routes',
  reference: '— (OSSM IOR)',
  fix: 'Remove this Route, or turn IOR off (spec.gateways.openshiftRoute.enabled: false; IOR is deprecated).',
  check(ctx, report) {
    const ior = ctx.controlPlanes.find((cp) => cp.version === 'v2' && smcpRunsIor(cp.spec));
    if (!ior) return;
    const gatewayHosts = new Set<string>();
    for (const gw of ctx.gateways.values()) {
      for (const server of arr(gw.spec.servers)) {
        for (const host of arr(rec(server)?.hosts)) {
          const h = str(host);
          if (h) gatewayHosts.add(splitGatewayServerHost(h).host);
        }
      }
    }
    for (const route of ctx.objects) {
      if (route.group !== API_GROUP.ROUTE || route.kind !== 'Route') continue;
      const host = str(route.spec.host);
      if (host && gatewayHosts.has(host)) {
        report(route, `host ${host} is served by a Gateway, and ServiceMeshControlPlane ${ior.namespace}/${ior.name} runs IOR, which creates a Route for it too: two Routes for one host`);
      }
    }
  },
};
