import { compareConfigAge, exportToOf, hostMatches, mostSpecificHostMatch, resolveHostIn } from './visibility';
import { AnalysisContext, ObjectRef } from '../analysis/context';
import { arr, Json, labelsMatch, num, rec, str, stringMap } from '../analysis/kube';

/** Where the DestinationRule that applies was found, in Istio's lookup order. */
export type DestinationRuleSource = 'client namespace' | 'host namespace' | 'root namespace';

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

interface MergedRule {
  readonly rules: ObjectRef[];
  readonly subsets: Json[];
  trafficPolicy?: Json;
  exportTo: string[];
}

/** Merged rules of one namespace, by resolved host. */
type RulesByHost = Map<string, MergedRule>;

function merge(group: RulesByHost, host: string, dr: ObjectRef, exportTo: string[]): void {
  const subsets = arr(dr.spec.subsets).map(rec).filter((s): s is Json => s !== undefined);
  const trafficPolicy = rec(dr.spec.trafficPolicy);
  const existing = group.get(host);
  if (!existing) {
    group.set(host, { rules: [dr], subsets: [...subsets], trafficPolicy, exportTo });
    return;
  }
  existing.rules.push(dr);
  const names = new Set(existing.subsets.map((s) => str(s.name)));
  for (const s of subsets) if (!names.has(str(s.name))) existing.subsets.push(s);
  existing.trafficPolicy ??= trafficPolicy;
  if (existing.exportTo.length === 0) existing.exportTo = exportTo;
}

function lookupIn(group: RulesByHost | undefined, host: string): MergedRule | undefined {
  if (!group) return undefined;
  return mostSpecificHostMatch(host, [...group].map(([pattern, item]) => ({ pattern, item })))?.item;
}

function exportedTo(rule: MergedRule, namespace: string): boolean {
  return rule.exportTo.length === 0 || rule.exportTo.includes('*') || rule.exportTo.includes(namespace);
}

/**
 * Istio's DestinationRule index (`setDestinationRules`) and lookup (`PushContext.destinationRule`): the client's
 * namespace first (every rule defined there, unless exported only elsewhere), then the host's namespace, then the
 * root namespace (rules exported to the client's namespace). Within one namespace the exact host wins over the most
 * specific wildcard. Rules with a `workloadSelector` stay in their namespace and apply only to the pods they select.
 */
export class DestinationRuleIndex {
  private readonly namespaceLocal = new Map<string, RulesByHost>();
  private readonly exportedByNamespace = new Map<string, RulesByHost>();
  private readonly rootLocal: RulesByHost = new Map();
  /** Rules with a workloadSelector, by namespace, oldest first. */
  private readonly bySelector = new Map<string, { readonly host: string; readonly dr: ObjectRef; readonly selector: Record<string, string> }[]>();

  public constructor(ctx: AnalysisContext, private readonly rootNamespace: string) {
    const rules = [...ctx.destinationRules].sort(compareConfigAge);
    for (const dr of rules) {
      const host = str(dr.spec.host);
      if (!host) continue;
      const fqdn = resolveHostIn(host, dr.namespace, ctx.knownNamespaces);
      const selector = stringMap(rec(dr.spec.workloadSelector)?.matchLabels);
      if (rec(dr.spec.workloadSelector)) {
        const list = this.bySelector.get(dr.namespace) ?? [];
        list.push({ host: fqdn, dr, selector });
        this.bySelector.set(dr.namespace, list);
        continue;
      }
      const exportTo = exportToOf(dr);
      const ns = dr.namespace;
      if (exportTo.length === 0 || exportTo.includes('*') || exportTo.includes('.') || exportTo.includes(ns)) {
        merge(this.groupOf(this.namespaceLocal, ns), fqdn, dr, exportTo);
      }
      const privateOnly = exportTo.length === 1 && (exportTo[0] === '.' || exportTo[0] === ns);
      if (!privateOnly) merge(this.groupOf(this.exportedByNamespace, ns), fqdn, dr, exportTo);
      else if (ns === rootNamespace) merge(this.rootLocal, fqdn, dr, exportTo);
    }
  }

  private groupOf(map: Map<string, RulesByHost>, ns: string): RulesByHost {
    let group = map.get(ns);
    if (!group) map.set(ns, (group = new Map()));
    return group;
  }

  /**
   * The DestinationRule that applies to `host` (an FQDN whose Service or ServiceEntry lives in `hostNamespace`,
   * if known) for a client in `clientNamespace` with pod labels `clientLabels`.
   */
  public lookup(host: string, clientNamespace: string, hostNamespace: string | undefined, clientLabels: Readonly<Record<string, string>>): AppliedDestinationRule | undefined {
    const selected = (this.bySelector.get(clientNamespace) ?? [])
      .find((s) => Object.keys(s.selector).length > 0 && labelsMatch(s.selector, clientLabels) && hostMatches(s.host, host));
    if (selected) {
      const subsets = arr(selected.dr.spec.subsets).map(rec).filter((s): s is Json => s !== undefined);
      return { rules: [selected.dr], subsets, trafficPolicy: rec(selected.dr.spec.trafficPolicy), foundIn: 'client namespace' };
    }
    const local = clientNamespace !== this.rootNamespace
      ? lookupIn(this.namespaceLocal.get(clientNamespace), host)
      : lookupIn(this.rootLocal, host);
    if (local) return applied(local, 'client namespace');
    if (hostNamespace !== undefined) {
      const inHostNamespace = lookupIn(this.exportedByNamespace.get(hostNamespace), host);
      if (inHostNamespace && exportedTo(inHostNamespace, clientNamespace)) return applied(inHostNamespace, 'host namespace');
    }
    const inRoot = lookupIn(this.exportedByNamespace.get(this.rootNamespace), host);
    if (inRoot && exportedTo(inRoot, clientNamespace)) return applied(inRoot, 'root namespace');
    return undefined;
  }

  /** DestinationRules with a workloadSelector in `namespace` for `host` that the client's labels do not select. */
  public unselected(host: string, namespace: string, clientLabels: Readonly<Record<string, string>>): ObjectRef[] {
    return (this.bySelector.get(namespace) ?? [])
      .filter((s) => hostMatches(s.host, host) && !(Object.keys(s.selector).length > 0 && labelsMatch(s.selector, clientLabels)))
      .map((s) => s.dr);
  }
}

function applied(rule: MergedRule, foundIn: DestinationRuleSource): AppliedDestinationRule {
  return { rules: rule.rules, subsets: rule.subsets, trafficPolicy: rule.trafficPolicy, foundIn };
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
