/**
 * Host semantics of Istio 1.20 (OpenShift Service Mesh 2.6), written once for every rule: how a host written in a
 * VirtualService, DestinationRule, ServiceEntry or Gateway is read, which hosts overlap (wildcards included), which
 * namespaces see an object (`exportTo`), and how a VirtualService names its Gateways.
 */

import { addToList } from './kube';
import { SERVICE_DOMAIN, serviceFqdn } from '../core/mesh-conventions';

/** A Kubernetes Service named by a host: `<name>.<namespace>.svc.cluster.local`. */
export interface ServiceName {
  readonly name: string;
  readonly namespace: string;
}

/** A host as the analyzer reads it. */
export interface Host {
  /** The host as written. */
  readonly written: string;
  /**
   * The host as meant, lower-cased and without a trailing dot: a short name (`reviews`) is the Service of that name
   * in the object's namespace (`reviews.<namespace>.svc.cluster.local`); `name.ns` where `ns` is a namespace the
   * analyzed set knows, and `name.ns.svc`, are that Service's FQDN; anything else (an FQDN, an external name such as
   * `httpbin.org`, a wildcard) is kept as written.
   */
  readonly fqdn: string;
  /** `*` or `*.<suffix>`. */
  readonly wildcard: boolean;
  /** The in-cluster Service that {@link fqdn} names, if it has the form `<name>.<namespace>.svc.cluster.local`. */
  readonly service?: ServiceName;
  /**
   * True for `name.ns` and `name.ns.svc`: Istio expands only single-label names (`ResolveShortnameToFQDN`) and reads
   * these as written, so they do not name the Service they were meant for (rule OSSM603). The rules still check
   * them as meant, so that one spelling gives one finding.
   */
  readonly unexpanded: boolean;
}

/** `<name>.<namespace>.svc.cluster.local` → the Service it names; `undefined` for any other host. */
export function serviceOfHost(fqdn: string): ServiceName | undefined {
  const m = /^([^.*]+)\.([^.*]+)\.svc\.cluster\.local$/.exec(fqdn);
  return m ? { name: m[1], namespace: m[2] } : undefined;
}

function normalize(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Reads `host` written in an object of `namespace` (see {@link Host}).
 * @param namespaces the namespaces the analyzed set knows; `name.ns` is read as the Service `name` in `ns` only when
 *   `ns` is one of them (otherwise `httpbin.org` would be "a Service httpbin in namespace org")
 */
export function parseHost(host: string, namespace: string, namespaces?: ReadonlySet<string>): Host {
  const h = normalize(host);
  if (h.includes('*')) return { written: host, fqdn: h, wildcard: true, unexpanded: false };
  const labels = h.split('.');
  let fqdn = h;
  let unexpanded = false;
  if (labels.length === 1 && h !== '') {
    fqdn = serviceFqdn(h, namespace);
  } else if ((labels.length === 2 && namespaces?.has(labels[1])) || (labels.length === 3 && labels[2] === 'svc')) {
    fqdn = serviceFqdn(labels[0], labels[1]);
    unexpanded = true;
  }
  const service = fqdn.endsWith(SERVICE_DOMAIN) ? serviceOfHost(fqdn) : undefined;
  return service ? { written: host, fqdn, wildcard: false, unexpanded, service } : { written: host, fqdn, wildcard: false, unexpanded };
}

/**
 * Resolves a host the way a client in `namespace` reaches it: `x` → `x.<namespace>.svc.cluster.local`,
 * `x.ns.svc` → `x.ns.svc.cluster.local`, `x.ns` → `x.ns.svc.cluster.local` when `namespaces` holds `ns`, anything
 * else (FQDNs, external names such as `google.com`, wildcards) as written. Lower-cased, trailing dot removed.
 *
 * Istio itself expands only single-label names; see docs/ANALYZER.md (OSSM603).
 * @param namespaces known namespaces; without them a two-label host (`x.y`) is kept as written
 */
export function resolveHost(host: string, namespace: string, namespaces?: ReadonlySet<string>): string {
  return parseHost(host, namespace, namespaces).fqdn;
}

/** Whether host `pattern` (exact, `*` or `*.suffix`) matches `host`; both resolved. A wildcard `host` must be covered by `pattern`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  return pattern.startsWith('*.') && host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
}

/**
 * Whether two host patterns can match a common host: exact, `*`, or `*.suffix` on either side
 * (Istio's host intersection, without the port).
 */
export function hostsIntersect(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y || x === '*' || y === '*') return true;
  if (x.startsWith('*.') && y.endsWith(x.slice(1))) return true;
  return y.startsWith('*.') && x.endsWith(y.slice(1));
}

/** The proper label suffixes of `host`, longest first: `a.b.c` → `b.c`, `c`. */
function labelSuffixes(host: string): string[] {
  const out: string[] = [];
  for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) out.push(host.slice(i + 1));
  return out;
}

/**
 * Items keyed by host pattern (exact, `*.suffix` or `*`), with wildcard-aware lookups that cost the number of labels
 * of the queried host, not the number of items: exact hosts and wildcard suffixes are indexed under each of their
 * label suffixes.
 */
export class HostIndex<T> {
  private readonly exact = new Map<string, T[]>();
  /** `*.s` items by `s`. */
  private readonly wild = new Map<string, T[]>();
  /** Items whose host (or wildcard suffix) lies strictly below `s`, by `s`; built on the first wildcard query. */
  private below?: Map<string, T[]>;
  private readonly star: T[] = [];
  private readonly all: Array<{ readonly base: string; readonly item: T }> = [];

  /** Adds `item` under the resolved host `pattern`. */
  add(pattern: string, item: T): void {
    if (pattern === '*') {
      this.star.push(item);
      this.all.push({ base: '', item });
      return;
    }
    const wildcard = pattern.startsWith('*.');
    const base = wildcard ? pattern.slice(2) : pattern;
    addToList(wildcard ? this.wild : this.exact, base, item);
    this.all.push({ base, item });
    this.below = undefined;
  }

  private belowIndex(): Map<string, T[]> {
    if (!this.below) {
      this.below = new Map();
      for (const { base, item } of this.all) for (const s of labelSuffixes(base)) addToList(this.below, s, item);
    }
    return this.below;
  }

  /** Every item whose pattern intersects `pattern` (see {@link hostsIntersect}), the item itself included. */
  *overlapping(pattern: string): Generator<T> {
    if (pattern === '*') {
      for (const { item } of this.all) yield item;
      return;
    }
    if (pattern.startsWith('*.')) {
      const base = pattern.slice(2);
      yield* this.wild.get(base) ?? [];
      yield* this.belowIndex().get(base) ?? [];
      for (const s of labelSuffixes(base)) yield* this.wild.get(s) ?? [];
    } else {
      yield* this.exact.get(pattern) ?? [];
      for (const s of labelSuffixes(pattern)) yield* this.wild.get(s) ?? [];
    }
    yield* this.star;
  }

  /**
   * The items whose pattern matches the exact host `host`, most specific first: the exact host, then wildcards from
   * the longest suffix to the shortest, then `*` (the order in which Istio picks a DestinationRule or a Sidecar egress host).
   */
  *matching(host: string): Generator<T> {
    yield* this.exact.get(host) ?? [];
    for (const s of labelSuffixes(host)) yield* this.wild.get(s) ?? [];
    yield* this.star;
  }
}

/**
 * The namespaces that see an object (its `exportTo`). Istio's default is every namespace.
 */
export interface Visibility {
  /** Exported to every namespace (`*`, or no `exportTo`). */
  readonly all: boolean;
  /** The namespaces it is exported to when not {@link all}; empty for `~` (none). */
  readonly namespaces: ReadonlySet<string>;
}

/** Visible in every namespace. */
export const VISIBLE_EVERYWHERE: Visibility = { all: true, namespaces: new Set() };

/**
 * The visibility an `exportTo` list gives an object of `ownNamespace`: no list (or an empty one) and `*` mean every
 * namespace, `.` the object's own namespace, `~` none; any other entry is a namespace name.
 */
export function exportToVisibility(exportTo: readonly string[] | undefined, ownNamespace: string): Visibility {
  const entries = (exportTo ?? []).map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0 || entries.includes('*')) return VISIBLE_EVERYWHERE;
  const namespaces = new Set<string>();
  for (const e of entries) {
    if (e === '.') namespaces.add(ownNamespace);
    else if (e !== '~') namespaces.add(e);
  }
  return { all: false, namespaces };
}

/** The Service annotation that restricts where a Service is visible, as a comma-separated `exportTo` list. */
export const SERVICE_EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/** Whether an object of visibility `v` is seen from `namespace`. */
export function visibleIn(v: Visibility, namespace: string): boolean {
  return v.all || v.namespaces.has(namespace);
}

/** Whether some namespace sees both objects. */
export function visibilitiesOverlap(a: Visibility, b: Visibility): boolean {
  if (a.all) return b.all || b.namespaces.size > 0;
  if (b.all) return a.namespaces.size > 0;
  for (const ns of a.namespaces) if (b.namespaces.has(ns)) return true;
  return false;
}

/** `every namespace`, `no namespace` or the listed namespaces, for messages. */
export function describeVisibility(v: Visibility): string {
  if (v.all) return 'every namespace';
  if (v.namespaces.size === 0) return 'no namespace';
  return [...v.namespaces].sort().join(', ');
}

/** How a VirtualService names a Gateway. */
export type GatewaySpelling = 'mesh' | 'name' | 'namespace/name' | './name' | 'name.namespace' | 'fqdn';

/** A gateway reference of a VirtualService (`spec.gateways` or `match[].gateways`), resolved as Istio does. */
export interface GatewayRef {
  readonly written: string;
  /** The reserved name `mesh`: the sidecars. */
  readonly mesh: boolean;
  /** `namespace/name` of the Gateway (`mesh` for the sidecars). */
  readonly key: string;
  readonly spelling: GatewaySpelling;
}

/**
 * Resolves a gateway reference of a VirtualService in `vsNamespace` like Istio's `resolveGatewayName`: `mesh`;
 * `ns/name`; `./name` and `name` in the VirtualService's namespace; and the legacy forms `name.ns` and
 * `name.ns.svc.cluster.local`, which mean `ns/name`.
 */
export function parseGatewayRef(ref: string, vsNamespace: string): GatewayRef {
  const written = ref;
  if (ref === 'mesh') return { written, mesh: true, key: 'mesh', spelling: 'mesh' };
  const slash = ref.indexOf('/');
  if (slash >= 0) {
    if (ref.slice(0, slash) === '.') return { written, mesh: false, key: `${vsNamespace}/${ref.slice(slash + 1)}`, spelling: './name' };
    return { written, mesh: false, key: ref, spelling: 'namespace/name' };
  }
  const dot = ref.indexOf('.');
  if (dot < 0) return { written, mesh: false, key: `${vsNamespace}/${ref}`, spelling: 'name' };
  const rest = ref.slice(dot + 1);
  const nextDot = rest.indexOf('.');
  const namespace = nextDot < 0 ? rest : rest.slice(0, nextDot);
  return { written, mesh: false, key: `${namespace}/${ref.slice(0, dot)}`, spelling: nextDot < 0 ? 'name.namespace' : 'fqdn' };
}

/**
 * A Gateway server host entry (`host`, `ns/host`, `./host`, `*\/host`) as its namespace part (`*` when it has none)
 * and its host.
 */
export function splitGatewayServerHost(entry: string): { readonly namespace: string; readonly host: string } {
  const slash = entry.indexOf('/');
  return slash < 0 ? { namespace: '*', host: entry } : { namespace: entry.slice(0, slash), host: entry.slice(slash + 1) };
}

/**
 * Whether a Gateway server host entry (`host`, `ns/host`, `./host`, `*\/host`) of a Gateway in `gateway.namespace`
 * admits host `vsHost` of a VirtualService in `vsNamespace` (compared as written and as resolved).
 */
export function gatewayHostAdmits(entry: string, gateway: { readonly namespace: string }, vsHost: string, vsNamespace: string): boolean {
  const { namespace: nsPart, host: hostPart } = splitGatewayServerHost(entry);
  const nsOk = nsPart === '*' || (nsPart === '.' ? gateway.namespace === vsNamespace : nsPart === vsNamespace);
  return nsOk && (hostsIntersect(hostPart, vsHost) || hostsIntersect(hostPart, resolveHost(vsHost, vsNamespace)));
}
