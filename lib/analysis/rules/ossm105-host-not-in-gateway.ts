import { arr, hostsIntersect, rec, resolveHost, str } from '../kube';
import { ObjectRef } from '../context';
import { Rule } from '../rule';
import { objectKey } from './util';
import { gatewayKey } from './ossm104-gateway-not-found';

/**
 * Whether a Gateway server host entry (`host`, `ns/host`, `./host`, `*\/host`) admits `vsHost` of a VirtualService in
 * `vsNamespace`.
 */
export function gatewayHostAdmits(entry: string, gateway: ObjectRef, vsHost: string, vsNamespace: string): boolean {
  const slash = entry.indexOf('/');
  const nsPart = slash < 0 ? '*' : entry.slice(0, slash);
  const hostPart = slash < 0 ? entry : entry.slice(slash + 1);
  const nsOk = nsPart === '*' || (nsPart === '.' ? gateway.namespace === vsNamespace : nsPart === vsNamespace);
  return nsOk && (hostsIntersect(hostPart, vsHost) || hostsIntersect(hostPart, resolveHost(vsHost, vsNamespace)));
}

/**
 * OSSM105 (error): a VirtualService bound to a Gateway declares a host that none of the Gateway's servers serve
 * (for the VirtualService's namespace), so the route is never attached to that gateway: 404 at the ingress.
 */
export const hostNotInGateway: Rule = {
  code: 'OSSM105',
  severity: 'error',
  title: 'VirtualService host not served by the Gateway it is bound to',
  reference: 'IST0132',
  fix: 'Add the host to a server of the Gateway (or "*"), or bind the VirtualService to the Gateway that serves it.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      const hosts = arr(vs.spec.hosts).flatMap((h) => (str(h) ? [str(h) as string] : []));
      const refs = new Set(arr(vs.spec.gateways).flatMap((g) => (str(g) && g !== 'mesh' ? [gatewayKey(g as string, vs)] : [])));
      for (const key of refs) {
        const gw = ctx.gateways.get(key);
        if (!gw) continue; // OSSM104
        const entries = arr(gw.spec.servers).flatMap((s) => arr(rec(s)?.hosts).flatMap((h) => (str(h) ? [str(h) as string] : [])));
        for (const host of hosts) {
          if (!entries.some((e) => gatewayHostAdmits(e, gw, host, vs.namespace))) {
            report(vs, `host ${host} is not served by Gateway ${objectKey(gw)} (its hosts: ${entries.length ? entries.join(', ') : 'none'})`);
          }
        }
      }
    }
  },
};
