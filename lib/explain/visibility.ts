import { ObjectRef } from '../analysis/context';
import { hostsIntersect, resolveHost } from '../analysis/hosts';
import { arr, rec, str } from '../analysis/kube';

/** `exportTo` values: every namespace, the object's own, none. */
const PUBLIC = '*';
const PRIVATE = '.';
const NONE = '~';

/** The `exportTo` list of a VirtualService, DestinationRule or ServiceEntry (`spec.exportTo`), as written. */
export function exportToOf(ref: ObjectRef): string[] {
  return arr(ref.spec.exportTo).map(str).filter((e): e is string => e !== undefined);
}

/** The `exportTo` list of a Service: its `networking.istio.io/exportTo` annotation, comma-separated. */
export function serviceExportTo(ref: ObjectRef): string[] {
  const annotation = ref.annotations['networking.istio.io/exportTo'];
  return annotation === undefined ? [] : annotation.split(',').map((e) => e.trim()).filter((e) => e !== '');
}

/**
 * Whether an object of `ownerNamespace` exported to `exportTo` is visible in `namespace`. An empty list means the
 * mesh-wide default, which is `*` unless the mesh config says otherwise.
 */
export function visibleIn(exportTo: readonly string[], ownerNamespace: string, namespace: string): boolean {
  if (exportTo.length === 0 || exportTo.includes(PUBLIC)) return true;
  if (exportTo.includes(NONE)) return false;
  return exportTo.includes(namespace) || (exportTo.includes(PRIVATE) && ownerNamespace === namespace);
}

/** `exportTo` in words, for reasons: `namespace travel-agency only`, `namespaces a, b`, `no namespace`. */
export function describeExportTo(exportTo: readonly string[], ownerNamespace: string): string {
  if (exportTo.includes(NONE)) return 'no namespace';
  const namespaces = [...new Set(exportTo.map((e) => (e === PRIVATE ? ownerNamespace : e)))].sort();
  return namespaces.length === 1 ? `namespace ${namespaces[0]} only` : `namespaces ${namespaces.join(', ')}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Istio's order between configurations that compete: the oldest (`metadata.creationTimestamp`) first, then by name
 * and namespace. Manifests rarely carry a timestamp, so the name decides.
 */
export function compareConfigAge(a: ObjectRef, b: ObjectRef): number {
  const ta = str(rec(a.obj.metadata)?.creationTimestamp) ?? '';
  const tb = str(rec(b.obj.metadata)?.creationTimestamp) ?? '';
  return cmp(ta, tb) || cmp(a.name, b.name) || cmp(a.namespace, b.namespace);
}

/**
 * A host as written in an object (or by a client) of `namespace`, resolved as {@link resolveHost} does, except that
 * a two-label host `x.y` stays as written unless `y` is one of `namespaces`: `httpbin.org` is an external name, not
 * the Service `httpbin` of a namespace `org`.
 */
export function resolveHostIn(host: string, namespace: string, namespaces: ReadonlySet<string>): string {
  const written = host.toLowerCase().replace(/\.$/, '');
  const labels = written.split('.');
  if (labels.length === 2 && !written.includes('*') && !namespaces.has(labels[1])) return written;
  return resolveHost(written, namespace, namespaces);
}

/** Whether a host pattern (a host, `*` or `*.suffix`) matches a concrete host. */
export function hostMatches(pattern: string, host: string): boolean {
  return pattern === host || (pattern.startsWith('*') && hostsIntersect(pattern, host));
}

/**
 * Istio's `MostSpecificHostMatch`: among `candidates` (in precedence order), the first whose pattern equals `host`,
 * else the first with the most specific (longest) wildcard pattern that matches it.
 */
export function mostSpecificHostMatch<T>(host: string, candidates: readonly { readonly pattern: string; readonly item: T }[]): { pattern: string; item: T } | undefined {
  const exact = candidates.find((c) => c.pattern === host);
  if (exact) return exact;
  let best: { pattern: string; item: T } | undefined;
  for (const c of candidates) {
    if (!c.pattern.startsWith('*') || !hostMatches(c.pattern, host)) continue;
    if (!best || c.pattern.length > best.pattern.length) best = c;
  }
  return best;
}
