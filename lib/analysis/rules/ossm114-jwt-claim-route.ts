import { API_GROUP } from '../../core/api-groups';
import { GatewayWorkload, ObjectRef } from '../context';
import { arr, labelsMatch, rec, stringMap } from '../kube';
import { formatLabels } from '../messages';
import { Rule } from '../rule';

const CLAIM_HEADER = /^@request\.auth\.claims[.[]/;

/**
 * OSSM114 (error): a VirtualService bound to a Gateway routes on a JWT claim (a `headers` match on
 * `@request.auth.claims.…`), but no RequestAuthentication applies to the gateway's pods (one in their namespace
 * without selector or with a selector their labels carry, or a mesh-wide one in the root namespace). Without it no
 * token is validated, the claim is never there, and the rule never matches. Gateways whose pods the set does not
 * hold are not checked.
 */
export const jwtClaimRoute: Rule = {
  code: 'OSSM114',
  severity: 'error',
  title: 'JWT-claim route on a Gateway whose pods no RequestAuthentication applies to: the claim is never set',
  reference: 'IST0149',
  fix: 'Add a RequestAuthentication (jwtRules) that selects the gateway pods, in their namespace.',
  check(ctx, report) {
    const authns = ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'RequestAuthentication');
    const covered = (w: GatewayWorkload): boolean => authns.some((ra) => {
      const selector = stringMap(rec(ra.spec.selector)?.matchLabels);
      const empty = Object.keys(selector).length === 0;
      if (ra.namespace === w.namespace) return empty || labelsMatch(selector, w.labels);
      return ra.namespace === ctx.rootNamespace && (empty || labelsMatch(selector, w.labels));
    });
    for (const vs of ctx.virtualServices) {
      const claims = new Set<string>();
      arr(vs.spec.http).forEach((r) => arr(rec(r)?.match).forEach((m) => {
        for (const name of Object.keys(rec(rec(m)?.headers) ?? {})) if (CLAIM_HEADER.test(name)) claims.add(name);
      }));
      if (claims.size === 0) continue;
      const gateways = ctx.virtualService(vs).gateways.filter((g) => !g.mesh).map((g) => ctx.gateways.get(g.key)).filter((g): g is ObjectRef => g !== undefined);
      for (const gw of gateways) {
        const selector = stringMap(gw.spec.selector);
        if (Object.keys(selector).length === 0) continue;
        const pods = ctx.gatewayWorkloadsMatching(selector);
        const bare = pods.filter((w) => !covered(w));
        if (pods.length === 0 || bare.length === 0) continue;
        report(vs, `routes on the JWT claim ${[...claims].sort().join(', ')} through Gateway ${gw.namespace}/${gw.name}, but no RequestAuthentication applies to its pods `
          + `(${[...new Set(bare.map((w) => `${w.namespace}: ${formatLabels(w.labels)}`))].join('; ')}): no token is validated, so the claim is never set and the rule never matches`);
      }
    }
  },
};
