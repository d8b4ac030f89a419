import { arr, num, rec, str, strings } from '../kube';
import { Rule } from '../rule';

/**
 * OSSM606 (error): a ServiceEntry whose resolution cannot work:
 * - `resolution: DNS` (or `DNS_ROUND_ROBIN`) with a wildcard host and no endpoints: there is no name to resolve
 *   (Istio's validation asks for FQDN hosts there); a **warning**, as the peers' own fixtures use the form;
 * - `resolution: STATIC` without `endpoints` and without `workloadSelector`: Envoy has no endpoint, every request
 *   fails (503, no healthy upstream);
 * - two `ports` with the same number: Istio's validation rejects it.
 */
export const serviceEntryResolution: Rule = {
  code: 'OSSM606',
  severity: 'error',
  title: 'ServiceEntry whose resolution cannot work (STATIC without endpoints; DNS with a wildcard host: a warning) or with a repeated port',
  reference: '—',
  fix: 'Use resolution NONE for wildcard hosts, give STATIC entries endpoints or a workloadSelector, and number each port once.',
  check(ctx, report) {
    for (const { ref } of ctx.serviceEntries) {
      const resolution = (str(ref.spec.resolution) ?? 'NONE').toUpperCase();
      const endpoints = arr(ref.spec.endpoints);
      const wildcards = strings(ref.spec.hosts).filter((h) => h.startsWith('*'));
      if ((resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') && wildcards.length > 0 && endpoints.length === 0) {
        report(ref, `resolution ${resolution} with the wildcard host${wildcards.length === 1 ? '' : 's'} ${wildcards.join(', ')} and no endpoints: there is no name to resolve (Istio's validation asks for FQDN hosts here)`,
          'Use resolution: NONE for a wildcard host, or list the hosts (or endpoints) to resolve.', 'warning');
      }
      if (resolution === 'STATIC' && endpoints.length === 0 && rec(ref.spec.workloadSelector) === undefined) {
        report(ref, 'resolution STATIC without endpoints or workloadSelector: Envoy has no endpoint for the entry, and every request fails with 503 (no healthy upstream)',
          'List the endpoints (their addresses), select workloads with workloadSelector, or use resolution DNS or NONE.');
      }
      const seen = new Set<number>();
      for (const [i, p] of arr(ref.spec.ports).entries()) {
        const n = num(rec(p)?.number);
        if (n === undefined) continue;
        if (seen.has(n)) report(ref, `ports[${i}] repeats port number ${n}: Istio's validation rejects the entry`, 'Give each port number once.');
        seen.add(n);
      }
    }
  },
};
