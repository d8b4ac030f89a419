import { API_GROUP } from '../../core/api-groups';
import { DEFAULT_ROOT_NAMESPACE } from '../context';
import { hostMatches, visibleIn } from '../hosts';
import { arr, rec, strings } from '../kube';
import { Rule } from '../rule';

/**
 * OSSM802 (warning): a Sidecar's `egress[].hosts` entry (`namespace/dnsName`) names a host that no Service or
 * ServiceEntry of the set provides in that namespace (`*` any, `.` the Sidecar's, `~` none), or a namespace the set
 * holds nothing of. The sidecar then knows no such host; requests to the host the entry was meant for fail (502 with
 * REGISTRY_ONLY, or bypass the mesh). Wildcard host parts match any host below them; `*\/*`, `~/*` and `istio-system/*`
 * style entries of a namespace with objects are fine.
 */
export const sidecarEgressHost: Rule = {
  code: 'OSSM802',
  severity: 'warning',
  title: 'Sidecar egress host that no Service or ServiceEntry of the set provides',
  reference: 'KIA1004',
  fix: 'Fix the host or namespace part of the entry (namespace/FQDN), or add the Service or ServiceEntry; suppress if it is deployed elsewhere.',
  check(ctx, report) {
    const provided: Array<{ fqdn: string; namespace: string; visible: (ns: string) => boolean }> = [];
    for (const svc of ctx.ofKind('', 'Service')) {
      const info = ctx.service(svc.namespace, svc.name);
      if (info) provided.push({ fqdn: info.fqdn, namespace: svc.namespace, visible: (ns) => visibleIn(info.visibility, ns) });
    }
    for (const se of ctx.serviceEntries) {
      for (const h of se.hosts) provided.push({ fqdn: h.fqdn, namespace: se.ref.namespace, visible: (ns) => visibleIn(se.visibility, ns) });
    }
    for (const sidecar of ctx.ofKind(API_GROUP.ISTIO_NETWORKING, 'Sidecar')) {
      arr(sidecar.spec.egress).forEach((e, i) => {
        strings(rec(e)?.hosts).forEach((entry, j) => {
          const slash = entry.indexOf('/');
          if (slash < 0) return;
          const nsPart = entry.slice(0, slash);
          const host = entry.slice(slash + 1).toLowerCase();
          if (nsPart === '~') return;
          const namespace = nsPart === '.' ? sidecar.namespace : nsPart;
          const where = `egress[${i}].hosts[${j}] "${entry}"`;
          // the control plane's namespace (Istio's usual `istio-system/*` entry) is fine even when the set does not hold it
          const controlPlane = namespace === ctx.rootNamespace || namespace === DEFAULT_ROOT_NAMESPACE || ctx.controlPlaneNamespaces.has(namespace);
          if (controlPlane && host === '*') return;
          if (namespace !== '*' && !controlPlane && !ctx.knownNamespaces.has(namespace)) {
            report(sidecar, `${where} names namespace ${namespace}, which the set holds nothing of: the sidecar imports no host from it`);
            return;
          }
          if (host === '*') return;
          const found = provided.some((p) => (namespace === '*' || p.namespace === namespace) && p.visible(sidecar.namespace)
            && (hostMatches(host, p.fqdn) || hostMatches(p.fqdn, host)));
          if (!found) report(sidecar, `${where}: no Service or ServiceEntry of ${namespace === '*' ? 'any namespace' : `namespace ${namespace}`} visible to ${sidecar.namespace} provides ${host}, so the sidecar knows no such host`);
        });
      });
    }
  },
};
