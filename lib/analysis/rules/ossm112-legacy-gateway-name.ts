import { Rule } from '../rule';

/**
 * OSSM112 (warning): a VirtualService names a Gateway in a legacy form, `name.namespace` or
 * `name.namespace.svc.cluster.local`. Istio still resolves both to `namespace/name` (OSSM104 checks that the Gateway
 * exists), but the form reads like a host, and Istio's documentation gives only `namespace/name`.
 */
export const legacyGatewayName: Rule = {
  code: 'OSSM112',
  severity: 'warning',
  title: 'Gateway referenced in the legacy name.namespace or FQDN form',
  reference: 'KIA1108',
  fix: 'Write the Gateway reference as <namespace>/<name>.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      for (const { ref, path } of ctx.virtualService(vs).gatewayRefs) {
        if (ref.spelling === 'name.namespace' || ref.spelling === 'fqdn') {
          report(vs, `${path} "${ref.written}" is the legacy spelling of Gateway ${ref.key}`, `Write "${ref.key}".`);
        }
      }
    }
  },
};
