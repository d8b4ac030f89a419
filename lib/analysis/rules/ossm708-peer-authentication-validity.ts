import { API_GROUP } from '../../core/api-groups';
import { rec, str, stringMap } from '../kube';
import { Rule } from '../rule';

const MODES = new Set(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']);

/**
 * OSSM708 (error): a PeerAuthentication Istio's validation rejects:
 * - `portLevelMtls` on a policy without `selector` (namespace- or mesh-wide): port-level modes need a workload selector;
 * - a `portLevelMtls` key that is no port number from 1 to 65535;
 * - an `mtls.mode` (or port-level mode) other than UNSET, DISABLE, PERMISSIVE, STRICT.
 */
export const peerAuthenticationValidity: Rule = {
  code: 'OSSM708',
  severity: 'error',
  title: 'PeerAuthentication that Istio rejects: portLevelMtls without selector, a bad port or an unknown mode',
  reference: '—',
  fix: 'Give a policy with portLevelMtls a selector (matchLabels of the workload), use port numbers as keys, and a mode of UNSET, DISABLE, PERMISSIVE or STRICT.',
  check(ctx, report) {
    for (const pa of ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'PeerAuthentication')) {
      const ports = rec(pa.spec.portLevelMtls);
      const selector = stringMap(rec(pa.spec.selector)?.matchLabels);
      if (ports && Object.keys(ports).length > 0 && Object.keys(selector).length === 0) {
        report(pa, `portLevelMtls (port${Object.keys(ports).length === 1 ? '' : 's'} ${Object.keys(ports).join(', ')}) on a policy without selector: Istio's validation rejects it, port-level modes apply only to selected workloads`);
      }
      for (const [port, value] of Object.entries(ports ?? {})) {
        if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) report(pa, `portLevelMtls key "${port}" is no port number from 1 to 65535: Istio's validation rejects it`);
        const mode = str(rec(value)?.mode);
        if (mode !== undefined && !MODES.has(mode)) report(pa, `portLevelMtls.${port}.mode "${mode}" is not UNSET, DISABLE, PERMISSIVE or STRICT: the API server rejects it`);
      }
      const mode = str(rec(pa.spec.mtls)?.mode);
      if (mode !== undefined && !MODES.has(mode)) report(pa, `mtls.mode "${mode}" is not UNSET, DISABLE, PERMISSIVE or STRICT: the API server rejects it`);
    }
  },
};
