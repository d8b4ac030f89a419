import { EXTERNAL_GATEWAYS_ANNOTATION } from '../../core/mesh-conventions';
import { Rule } from '../rule';

/**
 * OSSM104 (error): a VirtualService (in `gateways` or a route's `match[].gateways`) references a Gateway that is not
 * in the set. References are resolved as Istio does: `name` and `./name` mean the VirtualService's namespace,
 * `ns/name` another one, the legacy `name.ns` and `name.ns.svc.cluster.local` mean `ns/name`; `mesh` is the sidecars.
 * Only `networking.istio.io` Gateways count: Istio 1.20 does not bind a VirtualService to a Gateway API Gateway.
 * A Gateway the VirtualService declares as made elsewhere (`<namespace>/<name>` in its annotation
 * `analysis.cdk8s-ossm.io/external-gateways`, as `MeshIngress` writes for `existingGateway`) counts as present.
 */
export const gatewayNotFound: Rule = {
  code: 'OSSM104',
  severity: 'error',
  title: 'VirtualService references a Gateway that is not in the set',
  reference: 'IST0101, IST0165, KIA1102',
  fix: 'Reference the Gateway as <namespace>/<name> (a bare name means the VirtualService\'s own namespace), or add the Gateway.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      const seen = new Set<string>((vs.annotations[EXTERNAL_GATEWAYS_ANNOTATION] ?? '').split(',').map((g) => g.trim()).filter(Boolean));
      for (const { ref, path } of ctx.virtualService(vs).gatewayRefs) {
        if (ref.mesh || seen.has(ref.key)) continue;
        seen.add(ref.key);
        if (!ctx.gateways.has(ref.key)) {
          report(vs, `${path} references Gateway ${ref.key}${ref.written !== ref.key ? ` ("${ref.written}")` : ''}, which is not in the set`);
        }
      }
    }
  },
};
