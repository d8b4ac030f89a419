import { ObjectRef } from '../context';
import { HostIndex, visibilitiesOverlap } from '../hosts';
import { formatList, MAX_LISTED, objectKey } from '../messages';
import { Rule } from '../rule';

interface Entry {
  readonly vs: ObjectRef;
  readonly host: string;
}

/**
 * OSSM103 (error): two VirtualServices declare the same host for the mesh gateway (sidecars) and some namespace
 * sees both (`exportTo`). Sidecars use only one of them (Istio does not merge VirtualServices for sidecars), so the
 * other's routes silently do nothing. When the hosts only overlap through a wildcard (`*.ns.svc.cluster.local`,
 * `*`), the finding is a warning: only the hosts both match are affected.
 */
export const conflictingMeshVirtualServices: Rule = {
  code: 'OSSM103',
  severity: 'error',
  title: 'Two VirtualServices for the same host on the mesh gateway (a warning when they only overlap through a wildcard)',
  reference: 'IST0109, KIA1106',
  fix: 'Merge the routes into one VirtualService per host (or bind one of them to a Gateway only, or narrow exportTo).',
  check(ctx, report) {
    const index = new HostIndex<Entry>();
    const entries: Entry[] = [];
    for (const ref of ctx.virtualServices) {
      const vs = ctx.virtualService(ref);
      if (!vs.boundToMesh) continue;
      for (const host of new Set(vs.hosts.map((h) => h.fqdn))) {
        const entry = { vs: ref, host };
        entries.push(entry);
        index.add(host, entry);
      }
    }
    for (const entry of entries) {
      const visibility = ctx.virtualService(entry.vs).visibility;
      const same: string[] = [];
      const overlapping: string[] = [];
      for (const other of index.overlapping(entry.host)) {
        if (other.vs === entry.vs || !visibilitiesOverlap(visibility, ctx.virtualService(other.vs).visibility)) continue;
        const list = other.host === entry.host ? same : overlapping;
        const name = `VirtualService ${objectKey(other.vs)}${other.host === entry.host ? '' : ` (${other.host})`}`;
        if (list.length <= MAX_LISTED && !list.includes(name)) list.push(name);
        if (same.length > MAX_LISTED) break; // enough to report; keeps a host shared by thousands linear
      }
      // listed by name, not in input order (beyond MAX_LISTED, those found first stand for the rest: "and more")
      same.sort();
      overlapping.sort();
      if (same.length > 0) {
        report(entry.vs, `host ${entry.host} on the mesh gateway is also declared by ${formatList(same, 'more')}; sidecars apply only one of them`);
      } else if (overlapping.length > 0) {
        report(entry.vs, `host ${entry.host} on the mesh gateway overlaps ${formatList(overlapping, 'more')}; for hosts both match, sidecars apply only one of them`,
          undefined, 'warning');
      }
    }
  },
};
