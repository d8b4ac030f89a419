/**
 * DestinationRules as Istio 1.20 applies them: rules of one namespace for one host are merged (subsets concatenated,
 * the first top-level traffic policy kept), and a client in namespace C uses, for a host H, the most specific rule
 * for H of its own namespace, else of H's namespace (if exported to C), else of the root namespace (if exported to C).
 */

import { exportToVisibility, Host, HostIndex, visibilitiesOverlap, Visibility, visibleIn } from './hosts';
import { arr, configAgeKey, labelsMatch, rec, str, stringMap } from './kube';
import type { ObjectRef } from './context';

/** One DestinationRule, read once. */
export interface DestinationRuleInfo {
  readonly ref: ObjectRef;
  readonly host: Host;
  readonly visibility: Visibility;
  /** Subset names in order (unnamed subsets left out). */
  readonly subsets: readonly string[];
  /** Whether it sets a top-level `trafficPolicy`. */
  readonly hasPolicy: boolean;
  /** `workloadSelector.matchLabels`, when it applies to selected workloads only. */
  readonly selector?: Readonly<Record<string, string>>;
}

/**
 * The DestinationRules of one namespace for one host (same `workloadSelector`, or none), which Istio merges into one:
 * subsets are concatenated (a repeated subset name keeps the first definition), and the top-level traffic policy
 * and `exportTo` of the first rule win.
 */
export interface DestinationRuleGroup {
  readonly namespace: string;
  /** The resolved host pattern. */
  readonly host: string;
  readonly rules: DestinationRuleInfo[];
  /** Visibility of the merged rule (the first rule's `exportTo`). */
  readonly visibility: Visibility;
  /** Every subset name defined by the group. */
  readonly subsets: Set<string>;
  /** `workloadSelector` labels as `k=v,...`, `''` without one. */
  readonly selectorKey: string;
}

/**
 * Reads a DestinationRule; `undefined` without a host.
 * @param readHost reads a host in the rule's namespace (see {@link parseHost})
 */
export function readDestinationRule(ref: ObjectRef, readHost: (host: string) => Host): DestinationRuleInfo | undefined {
  const written = str(ref.spec.host);
  if (!written) return undefined;
  const selector = stringMap(rec(ref.spec.workloadSelector)?.matchLabels);
  const subsets = arr(ref.spec.subsets).flatMap((s) => {
    const name = str(rec(s)?.name);
    return name ? [name] : [];
  });
  return {
    ref,
    host: readHost(written),
    visibility: exportToVisibility(arr(ref.spec.exportTo).flatMap((e) => (str(e) ? [str(e) as string] : [])), ref.namespace),
    subsets,
    hasPolicy: rec(ref.spec.trafficPolicy) !== undefined,
    ...(rec(ref.spec.workloadSelector) ? { selector } : {}),
  };
}

function selectorKey(selector: Readonly<Record<string, string>> | undefined): string {
  return selector ? Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',') : '';
}

/** Where Istio found the DestinationRule a client uses, in its lookup order. */
export type DestinationRuleSource = 'client namespace' | 'host namespace' | 'root namespace';

/** Every DestinationRule of the set, grouped and indexed by host for Istio's lookups. */
export class DestinationRuleIndex {
  /** The merged groups, in input order of their first rule. */
  readonly groups: DestinationRuleGroup[] = [];
  private readonly byHost = new HostIndex<DestinationRuleGroup>();
  /** Groups without workloadSelector by namespace, for the per-namespace lookup. */
  private readonly byNamespace = new Map<string, HostIndex<DestinationRuleGroup>>();

  /**
   * @param rules the DestinationRules (any order: they are merged oldest first, as Istio does)
   * @param rootNamespace the mesh's root namespace (the control plane's): its exported rules apply to every client
   */
  constructor(rules: readonly DestinationRuleInfo[], readonly rootNamespace: string) {
    const byKey = new Map<string, DestinationRuleGroup>();
    for (const rule of byConfigAge(rules)) {
      const sel = selectorKey(rule.selector);
      const key = `${rule.ref.namespace}\n${rule.host.fqdn}\n${sel}`;
      let group = byKey.get(key);
      if (!group) {
        group = { namespace: rule.ref.namespace, host: rule.host.fqdn, rules: [], visibility: rule.visibility, subsets: new Set(), selectorKey: sel };
        byKey.set(key, group);
        this.groups.push(group);
        this.byHost.add(group.host, group);
        if (!sel) {
          let ns = this.byNamespace.get(group.namespace);
          if (!ns) this.byNamespace.set(group.namespace, (ns = new HostIndex()));
          ns.add(group.host, group);
        }
      }
      group.rules.push(rule);
      for (const s of rule.subsets) group.subsets.add(s);
    }
  }

  /** Groups whose host intersects `host` (wildcards included), in any namespace, `workloadSelector` ones included. */
  overlapping(host: string): Generator<DestinationRuleGroup> {
    return this.byHost.overlapping(host);
  }

  /** The most specific group (without workloadSelector) of `namespace` whose host matches `host` and that `accept`s. */
  private mostSpecific(namespace: string, host: string, accept: (g: DestinationRuleGroup) => boolean): DestinationRuleGroup | undefined {
    const index = this.byNamespace.get(namespace);
    if (!index) return undefined;
    for (const g of host.includes('*') ? index.overlapping(host) : index.matching(host)) {
      if (accept(g)) return g;
    }
    return undefined;
  }

  /**
   * The group of `namespace` a client in namespace `client` uses for `host`: the most specific rule for the host
   * among those exported to the client (a client's own namespace included: Istio keeps a rule exported elsewhere only
   * out of its own namespace's lookup).
   */
  inNamespace(namespace: string, host: string, client: string = namespace): DestinationRuleGroup | undefined {
    return this.mostSpecific(namespace, host, (g) => visibleIn(g.visibility, client));
  }

  /**
   * The group Istio applies to traffic from a sidecar in `clientNamespace` (with pod labels `clientLabels`) to
   * `host`, whose Service (or ServiceEntry) lives in `hostNamespace`: a `workloadSelector` rule of the client's
   * namespace that selects the client, else the client namespace's own rule, else the host namespace's rule if
   * exported to the client, else the root namespace's rule if exported to the client.
   */
  lookup(host: string, clientNamespace: string, hostNamespace?: string, clientLabels: Readonly<Record<string, string>> = {}):
  { readonly group: DestinationRuleGroup; readonly foundIn: DestinationRuleSource } | undefined {
    const selected = this.selectorGroups(host, clientNamespace).find((g) => selects(g, clientLabels));
    if (selected) return { group: selected, foundIn: 'client namespace' };
    const steps: Array<[string | undefined, DestinationRuleSource]> = [
      [clientNamespace, 'client namespace'], [hostNamespace, 'host namespace'], [this.rootNamespace, 'root namespace']];
    for (const [ns, foundIn] of steps) {
      if (ns === undefined) continue;
      const group = this.inNamespace(ns, host, clientNamespace);
      if (group) return { group, foundIn };
    }
    return undefined;
  }

  /** {@link lookup}'s group, for a client without pod labels. */
  forClient(host: string, clientNamespace: string, hostNamespace?: string): DestinationRuleGroup | undefined {
    return this.lookup(host, clientNamespace, hostNamespace)?.group;
  }

  /** The `workloadSelector` rules of `namespace` for `host` that do not select a client with `clientLabels`. */
  unselected(host: string, namespace: string, clientLabels: Readonly<Record<string, string>>): DestinationRuleInfo[] {
    return this.selectorGroups(host, namespace).filter((g) => !selects(g, clientLabels)).flatMap((g) => g.rules);
  }

  private selectorGroups(host: string, namespace: string): DestinationRuleGroup[] {
    const out: DestinationRuleGroup[] = [];
    for (const g of host.includes('*') ? this.byHost.overlapping(host) : this.byHost.matching(host)) {
      if (g.selectorKey && g.namespace === namespace) out.push(g);
    }
    return out;
  }

  /**
   * The groups that may apply to `host` for a client in a namespace of `clients` (e.g. where a VirtualService is
   * visible): each such namespace's own most specific rule, the most specific rules of the host's and the root
   * namespace exported to those clients, and the `workloadSelector` rules of those namespaces.
   */
  applicable(host: string, clients: Visibility, hostNamespace?: string): DestinationRuleGroup[] {
    const namespaces = new Set<string>();
    const out = new Set<DestinationRuleGroup>();
    for (const g of this.overlapping(host)) {
      if (g.selectorKey) {
        if (visibleIn(clients, g.namespace)) out.add(g);
        continue;
      }
      if (namespaces.has(g.namespace)) continue;
      namespaces.add(g.namespace);
      if (visibleIn(clients, g.namespace)) {
        const local = this.inNamespace(g.namespace, host);
        if (local) out.add(local);
      }
      if (g.namespace === hostNamespace || g.namespace === this.rootNamespace) {
        const exported = this.mostSpecific(g.namespace, host, (x) => visibilitiesOverlap(x.visibility, clients));
        if (exported) out.add(exported);
      }
    }
    return [...out];
  }
}

/** Whether a `workloadSelector` group selects a client with `labels` (an empty selector selects nothing). */
function selects(group: DestinationRuleGroup, labels: Readonly<Record<string, string>>): boolean {
  const selector = group.rules[0].selector ?? {};
  return Object.keys(selector).length > 0 && labelsMatch(selector, labels);
}

/** `rules` oldest first, as Istio merges them (each rule's key computed once). */
function byConfigAge(rules: readonly DestinationRuleInfo[]): DestinationRuleInfo[] {
  const keyed = rules.map((rule) => ({ rule, key: configAgeKey(rule.ref) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.rule);
}
