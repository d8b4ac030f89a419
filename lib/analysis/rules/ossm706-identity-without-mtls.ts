import { API_GROUP } from '../../core/api-groups';
import { policySelector } from '../authorization';
import { PodTemplate } from '../context';
import { arr, rec } from '../kube';
import { objectKey } from '../messages';
import { PeerAuthenticationIndex } from '../peer-authentication';
import { Rule } from '../rule';

const IDENTITY_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'] as const;
const IDENTITY_KEYS = new Set(['source.principal', 'source.namespace']);

/**
 * OSSM706 (error): an AuthorizationPolicy rule uses the caller's identity (`source.principals`, `namespaces`, their
 * `not…` forms, or `when` keys `source.principal`/`source.namespace`), but every workload it applies to in the set
 * has mutual TLS disabled (PeerAuthentication mode DISABLE). Without mutual TLS there is no peer identity: an ALLOW
 * rule on it never matches, a DENY rule never denies.
 */
export const identityWithoutMtls: Rule = {
  code: 'OSSM706',
  severity: 'error',
  title: 'AuthorizationPolicy matches on the caller\'s identity (principals, namespaces) where mutual TLS is disabled',
  reference: 'KIA0105',
  fix: 'Enable mutual TLS for the workloads (PeerAuthentication PERMISSIVE or STRICT), or match on something else (ipBlocks, request principals).',
  check(ctx, report) {
    const policies = ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'AuthorizationPolicy');
    if (policies.length === 0) return;
    const peers = new PeerAuthenticationIndex(ctx);
    for (const policy of policies) {
      const paths: string[] = [];
      arr(policy.spec.rules).forEach((r, i) => {
        const rule = rec(r);
        arr(rule?.from).forEach((f, j) => {
          const source = rec(rec(f)?.source);
          for (const field of IDENTITY_FIELDS) if (source?.[field] !== undefined) paths.push(`rules[${i}].from[${j}].source.${field}`);
        });
        arr(rule?.when).forEach((w, j) => {
          const key = rec(w)?.key;
          if (typeof key === 'string' && IDENTITY_KEYS.has(key)) paths.push(`rules[${i}].when[${j}] (${key})`);
        });
      });
      if (paths.length === 0) continue;
      // the workloads the policy applies to: of its namespace, or of every namespace from the root namespace
      const selector = policySelector(policy) ?? {};
      const namespaces = policy.namespace === ctx.rootNamespace ? [...new Set(ctx.podTemplates.map((t) => t.namespace))] : [policy.namespace];
      const targets: PodTemplate[] = namespaces.flatMap((ns) => ctx.templatesMatching(ns, selector)).filter((t) => t.longRunning);
      if (targets.length === 0) continue;
      const modes = targets.map((t) => peers.modeFor(t));
      if (!modes.every((m) => m.mode === 'DISABLE')) continue;
      report(policy, `${paths.join(', ')} ${paths.length === 1 ? 'needs' : 'need'} the caller's mTLS identity, but mutual TLS is disabled for every workload the policy applies to `
        + `(${[...new Set(modes.map((m) => m.source))].join(', ')}): there is no peer identity, so ${policy.spec.action === 'DENY' ? 'the rule denies nothing' : 'the rule allows nobody'} (${objectKey(policy)})`);
    }
  },
};
