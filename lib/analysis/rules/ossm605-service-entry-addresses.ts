import { arr, rec, str, strings } from '../kube';
import { Rule } from '../rule';

/**
 * OSSM605 (warning): a ServiceEntry without `addresses` declares a TCP port (protocol `TCP` or unset). A sidecar
 * cannot tell TCP connections apart by host, so without an address Istio listens on `0.0.0.0:<port>` and takes every
 * connection to that port, whatever its destination, for this entry (or for another entry of the same port).
 */
export const serviceEntryAddresses: Rule = {
  code: 'OSSM605',
  severity: 'warning',
  title: 'ServiceEntry with a TCP port and no addresses: sidecars catch every connection to that port',
  reference: 'IST0134',
  fix: 'Add spec.addresses (the service\'s IPs or CIDR), or name the port protocol (HTTP, HTTPS, TLS) when it is not plain TCP.',
  check(ctx, report) {
    for (const { ref } of ctx.serviceEntries) {
      if (strings(ref.spec.addresses).length > 0) continue;
      const tcp = arr(ref.spec.ports).map(rec).filter((p) => {
        const protocol = str(p?.protocol)?.toUpperCase();
        return p && (protocol === undefined || protocol === 'TCP');
      });
      if (tcp.length === 0) continue;
      report(ref, `port${tcp.length === 1 ? '' : 's'} ${tcp.map((p) => String(p!.number)).join(', ')} ${tcp.length === 1 ? 'is' : 'are'} TCP (protocol ${str(tcp[0]!.protocol) ?? 'unset'}) and the entry has no addresses: `
        + 'the sidecars cannot tell its connections from any other to that port');
    }
  },
};
