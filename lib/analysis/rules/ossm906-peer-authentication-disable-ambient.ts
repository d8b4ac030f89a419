import { API_GROUP } from '../../core/api-groups';
import { rec, str } from '../kube';
import { isAmbientNamespace } from '../ambient';
import { Rule } from '../rule';

/**
 * OSSM906 (warning): a PeerAuthentication in an ambient namespace sets mode DISABLE (for the workloads or a port):
 * ztunnel and HBONE always use mutual TLS, so ambient mode ignores DISABLE — the policy does not do what it says.
 */
export const peerAuthenticationDisableInAmbient: Rule = {
  code: 'OSSM906',
  severity: 'warning',
  title: 'A PeerAuthentication with mode DISABLE in an ambient namespace, where it is ignored',
  reference: '—',
  fix: 'Remove the DISABLE mode (use PERMISSIVE for plaintext clients from outside the mesh), or take the workloads out of ambient mode.',
  check(ctx, report) {
    for (const policy of ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'PeerAuthentication')) {
      if (!isAmbientNamespace(ctx, policy.namespace)) continue;
      const ports = Object.entries(rec(policy.spec.portLevelMtls) ?? {}).filter(([, v]) => str(rec(v)?.mode) === 'DISABLE').map(([p]) => p);
      const disabled = str(rec(policy.spec.mtls)?.mode) === 'DISABLE';
      if (!disabled && ports.length === 0) continue;
      report(policy, `sets mode DISABLE${disabled ? '' : ` for port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}`} in ambient namespace ${policy.namespace}: `
        + 'ztunnel and HBONE always use mutual TLS, so ambient mode ignores it');
    }
  },
};
