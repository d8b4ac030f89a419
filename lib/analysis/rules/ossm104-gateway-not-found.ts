import { arr, rec, str } from '../kube';
import { ObjectRef } from '../context';
import { Rule } from '../rule';

/** `namespace/name` of a VirtualService gateway reference (`name` is in the VirtualService's namespace). */
export function gatewayKey(ref: string, vs: ObjectRef): string {
  return ref.includes('/') ? ref : `${vs.namespace}/${ref}`;
}

/** Gateway references of a VirtualService: `spec.gateways` and each `match[].gateways`, with where they are. */
function gatewayRefs(vs: ObjectRef): Array<{ ref: string; path: string }> {
  const out: Array<{ ref: string; path: string }> = [];
  arr(vs.spec.gateways).forEach((g, i) => {
    const ref = str(g);
    if (ref) out.push({ ref, path: `gateways[${i}]` });
  });
  for (const section of ['http', 'tcp', 'tls']) {
    arr(vs.spec[section]).forEach((r, i) => {
      arr(rec(r)?.match).forEach((m, j) => {
        arr(rec(m)?.gateways).forEach((g, k) => {
          const ref = str(g);
          if (ref) out.push({ ref, path: `${section}[${i}].match[${j}].gateways[${k}]` });
        });
      });
    });
  }
  return out;
}

/**
 * OSSM104 (error): a VirtualService (in `gateways` or a route's `match[].gateways`) references a Gateway that is not
 * in the set. `name` means the VirtualService's namespace, `ns/name` another one; `mesh` is the sidecars.
 */
export const gatewayNotFound: Rule = {
  code: 'OSSM104',
  severity: 'error',
  title: 'VirtualService references a Gateway that is not in the set',
  reference: 'IST0101, KIA1102',
  fix: 'Reference the Gateway as <namespace>/<name> (a bare name means the VirtualService\'s own namespace), or add the Gateway.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      const seen = new Set<string>();
      for (const { ref, path } of gatewayRefs(vs)) {
        if (ref === 'mesh') continue;
        const key = gatewayKey(ref, vs);
        if (seen.has(key)) continue;
        seen.add(key);
        if (!ctx.gateways.has(key)) {
          report(vs, `${path} references Gateway ${key}, which is not in the set`);
        }
      }
    }
  },
};
