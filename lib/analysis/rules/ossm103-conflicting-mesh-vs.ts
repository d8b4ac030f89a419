import { arr, resolveHost, str } from '../kube';
import { ObjectRef } from '../context';
import { Rule } from '../rule';
import { formatOthers, objectKey } from './util';

/** Whether a VirtualService applies to sidecars: no `gateways`, or `gateways` lists `mesh`. */
export function boundToMesh(vs: ObjectRef): boolean {
  const gateways = arr(vs.spec.gateways).map(str);
  return gateways.length === 0 || gateways.includes('mesh');
}

/**
 * OSSM103 (error): two VirtualServices declare the same host (resolved FQDN) for the mesh gateway. Sidecars use
 * only one of them (Istio does not merge them), so the other's routes silently do nothing.
 */
export const conflictingMeshVirtualServices: Rule = {
  code: 'OSSM103',
  severity: 'error',
  title: 'Two VirtualServices for the same host on the mesh gateway',
  reference: 'IST0109, KIA1106',
  fix: 'Merge the routes into one VirtualService per host (or bind one of them to a Gateway only).',
  check(ctx, report) {
    const byHost = new Map<string, ObjectRef[]>();
    for (const vs of ctx.virtualServices) {
      if (!boundToMesh(vs)) continue;
      const hosts = new Set(arr(vs.spec.hosts).flatMap((h) => (str(h) ? [resolveHost(str(h) as string, vs.namespace)] : [])));
      for (const host of hosts) {
        const list = byHost.get(host);
        if (list) list.push(vs);
        else byHost.set(host, [vs]);
      }
    }
    for (const [host, list] of byHost) {
      if (list.length < 2) continue;
      for (const vs of list) {
        const others = formatOthers(list, vs, (o) => `VirtualService ${objectKey(o)}`);
        report(vs, `host ${host} on the mesh gateway is also declared by ${others}; sidecars apply only one of them`);
      }
    }
  },
};
