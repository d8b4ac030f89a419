import { DestinationRuleIndex, DestinationRuleSource } from '../analysis/destination-rules';
import { arr, Json, num, rec, str } from '../analysis/kube';
import type { ObjectRef } from '../analysis/context';

export { DestinationRuleSource };

/**
 * The DestinationRule in force for one host from one namespace: the first rule (by age) for that host in the
 * namespace where the lookup found it, with the subsets of later rules of the same host and namespace merged in
 * (Istio keeps the first top-level traffic policy and adds subsets whose names are new).
 */
export interface AppliedDestinationRule {
  /** The rules merged, the first one first. */
  readonly rules: readonly ObjectRef[];
  readonly subsets: readonly Json[];
  readonly trafficPolicy?: Json;
  readonly foundIn: DestinationRuleSource;
}

/**
 * The DestinationRule that applies to `host` (an FQDN whose Service or ServiceEntry lives in `hostNamespace`, if
 * known) for a client in `clientNamespace` with pod labels `clientLabels`, found by the analyzer's index (Istio's
 * lookup order and merge) and merged here into one rule.
 */
export function appliedDestinationRule(index: DestinationRuleIndex, host: string, clientNamespace: string, hostNamespace: string | undefined,
  clientLabels: Readonly<Record<string, string>>): AppliedDestinationRule | undefined {
  const found = index.lookup(host, clientNamespace, hostNamespace, clientLabels);
  if (!found) return undefined;
  const subsets: Json[] = [];
  const names = new Set<string | undefined>();
  let trafficPolicy: Json | undefined;
  for (const rule of found.group.rules) {
    for (const s of arr(rule.ref.spec.subsets).map(rec)) {
      if (s && !names.has(str(s.name))) {
        names.add(str(s.name));
        subsets.push(s);
      }
    }
    trafficPolicy ??= rec(rule.ref.spec.trafficPolicy);
  }
  return { rules: found.group.rules.map((r) => r.ref), subsets, trafficPolicy, foundIn: found.foundIn };
}

/** The four parts of a traffic policy that subsets and port-level settings override. */
export const POLICY_PARTS = ['connectionPool', 'loadBalancer', 'outlierDetection', 'tls'] as const;

/** A traffic policy reduced to what applies on one port, and where it came from. */
export interface EffectivePolicy {
  readonly policy: Json;
  readonly sources: string[];
}

/**
 * The policy that applies on `port`: a `portLevelSettings` entry for that port replaces all four parts
 * (connection pool, load balancer, outlier detection, TLS), even those it leaves out ("port-level settings do not
 * inherit"); other fields stay.
 */
function atPort(policy: Json, port: number | null, label: string): { effective: EffectivePolicy; portLevel: boolean } {
  const { portLevelSettings, ...rest } = policy;
  const setting = port === null ? undefined : arr(portLevelSettings).map(rec).find((s) => num(rec(s?.port)?.number) === port);
  if (!setting) return { effective: { policy: rest, sources: [label] }, portLevel: false };
  const out: Json = { ...rest };
  for (const part of POLICY_PARTS) out[part] = setting[part];
  return { effective: { policy: out, sources: [label, `${label === 'trafficPolicy' ? '' : `${label} `}portLevelSettings[port ${port}]`.trim()] }, portLevel: true };
}

/**
 * Istio's merge of a DestinationRule's top-level policy with a subset's policy on one port
 * (`MergeSubsetTrafficPolicy`): each side is first reduced to the port; then each part the subset sets replaces the
 * top-level one, and a subset port-level setting replaces all four parts.
 */
export function effectivePolicy(top: Json | undefined, subset: { readonly name: string; readonly policy?: Json } | undefined, port: number | null): EffectivePolicy | undefined {
  const original = top && atPort(top, port, 'trafficPolicy').effective;
  if (!subset?.policy) return original;
  const { effective: sub, portLevel } = atPort(subset.policy, port, `subset ${subset.name}`);
  if (!original) return sub;
  const merged: Json = { ...original.policy };
  for (const part of POLICY_PARTS) {
    if (sub.policy[part] !== undefined || portLevel) merged[part] = sub.policy[part];
  }
  for (const part of ['tunnel', 'proxyProtocol']) {
    if (sub.policy[part] !== undefined) merged[part] = sub.policy[part];
  }
  return { policy: merged, sources: [...original.sources, ...sub.sources] };
}
