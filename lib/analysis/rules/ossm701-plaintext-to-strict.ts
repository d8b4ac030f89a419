import { API_GROUP } from '../../core/api-groups';
import { SIDECAR_INJECT_LABEL } from '../../core/mesh-conventions';
import { AnalysisContext, ServiceInfo } from '../context';
import { DestinationRuleInfo } from '../destination-rules';
import { hostMatches } from '../hosts';
import { arr, num, rec, str, stringMap } from '../kube';
import { formatList, objectKey } from '../messages';
import { PeerAuthenticationIndex } from '../peer-authentication';
import { Rule } from '../rule';

/** A place in a DestinationRule that sends plain text: to which pods (subset labels) and Service port. */
interface PlainText {
  readonly where: string;
  readonly subsetLabels: Readonly<Record<string, string>>;
  /** The Service port it applies to; `undefined` for every port but `exceptPorts`. */
  readonly servicePort?: number;
  readonly exceptPorts: ReadonlySet<number>;
}

const tlsMode = (policy: unknown) => str(rec(rec(policy)?.tls)?.mode)?.toUpperCase();

/** Where a DestinationRule's traffic policies set TLS `DISABLE`. */
function plainTextUses(dr: DestinationRuleInfo): PlainText[] {
  const uses: PlainText[] = [];
  const scan = (policy: unknown, where: string, subsetLabels: Readonly<Record<string, string>>) => {
    const overridden = new Set<number>();
    arr(rec(policy)?.portLevelSettings).forEach((s, i) => {
      const port = num(rec(rec(s)?.port)?.number);
      const mode = tlsMode(s);
      if (port === undefined || mode === undefined) return;
      if (mode === 'DISABLE') uses.push({ where: `${where}.portLevelSettings[${i}].tls`, subsetLabels, servicePort: port, exceptPorts: new Set() });
      else overridden.add(port);
    });
    if (tlsMode(policy) === 'DISABLE') uses.push({ where: `${where}.tls`, subsetLabels, exceptPorts: overridden });
  };
  scan(dr.ref.spec.trafficPolicy, 'trafficPolicy', {});
  arr(dr.ref.spec.subsets).forEach((s, i) => {
    const subset = rec(s);
    scan(subset?.trafficPolicy, `subsets[${i}].trafficPolicy`, stringMap(subset?.labels));
  });
  return uses;
}

/** The Services a DestinationRule's host configures: its own, or every Service of the set a wildcard host covers. */
function servicesOf(ctx: AnalysisContext, dr: DestinationRuleInfo): ServiceInfo[] {
  if (!dr.host.wildcard) {
    const svc = ctx.targetOf(dr.host).service;
    return svc ? [svc] : [];
  }
  return ctx.ofKind('', 'Service').flatMap((ref) => {
    const svc = ctx.service(ref.namespace, ref.name);
    return svc && hostMatches(dr.host.fqdn, svc.fqdn) ? [svc] : [];
  });
}

/**
 * OSSM701 (error): a DestinationRule sends plain text (`tls.mode: DISABLE`, top level, port level or per subset) to
 * workloads whose PeerAuthentication is STRICT on that port (workload, namespace or mesh policy, or a control plane
 * with `spec.security.dataPlane.mtls: true`). Their sidecars refuse the connections: requests fail with 503.
 */
export const plainTextToStrict: Rule = {
  code: 'OSSM701',
  severity: 'error',
  title: 'DestinationRule TLS DISABLE toward a workload whose PeerAuthentication is STRICT',
  reference: 'KIA0207, KIA0208',
  fix: 'Use tls.mode ISTIO_MUTUAL (or leave tls out: auto mTLS), or make the workload\'s PeerAuthentication PERMISSIVE.',
  check(ctx, report) {
    if (ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'PeerAuthentication').length === 0
      && !ctx.controlPlanes.some((cp) => rec(rec(cp.spec.security)?.dataPlane)?.mtls === true)) return;
    const policies = new PeerAuthenticationIndex(ctx);
    for (const dr of ctx.destinationRuleInfos) {
      const uses = plainTextUses(dr);
      if (uses.length === 0) continue;
      const services = servicesOf(ctx, dr);
      for (const use of uses) {
        const refused: string[] = [];
        let source = '';
        for (const svc of services) {
          if (Object.keys(svc.selector).length === 0) continue;
          const pods = ctx.templatesMatching(svc.ref.namespace, { ...svc.selector, ...use.subsetLabels })
            .filter((t) => t.labels[SIDECAR_INJECT_LABEL] !== 'false' && t.annotations[SIDECAR_INJECT_LABEL] !== 'false');
          for (const p of arr(svc.ref.spec.ports)) {
            const port = num(rec(p)?.port);
            if (port === undefined || use.exceptPorts.has(port) || (use.servicePort !== undefined && use.servicePort !== port)) continue;
            const target = rec(p)?.targetPort;
            const containerPort = typeof target === 'number' ? target : target === undefined ? port : undefined;
            for (const pod of pods) {
              const mtls = policies.modeFor(pod, containerPort);
              if (mtls.mode !== 'STRICT') continue;
              source ||= mtls.source;
              refused.push(`${objectKey(pod.owner)} (port ${port})`);
            }
          }
        }
        if (refused.length === 0) continue;
        report(dr.ref, `${use.where}.mode DISABLE sends plain text to ${formatList([...new Set(refused)])}, which accept${refused.length > 1 ? '' : 's'}`
          + ` only mutual TLS (${source}): the sidecars refuse the connections and requests fail with 503`);
      }
    }
  },
};
