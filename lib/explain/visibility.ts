import { ObjectRef } from '../analysis/context';
import { exportToVisibility, hostMatches, SERVICE_EXPORT_TO_ANNOTATION, visibleIn as visible } from '../analysis/hosts';
import { strings } from '../analysis/kube';

/** `exportTo` values: the object's own namespace, none. */
const PRIVATE = '.';
const NONE = '~';

/** The `exportTo` list of a VirtualService, DestinationRule or ServiceEntry (`spec.exportTo`), as written. */
export function exportToOf(ref: ObjectRef): string[] {
  return strings(ref.spec.exportTo);
}

/** The `exportTo` list of a Service: its `networking.istio.io/exportTo` annotation, comma-separated. */
export function serviceExportTo(ref: ObjectRef): string[] {
  const annotation = ref.annotations[SERVICE_EXPORT_TO_ANNOTATION];
  return annotation === undefined ? [] : annotation.split(',').map((e) => e.trim()).filter((e) => e !== '');
}

/**
 * Whether an object of `ownerNamespace` exported to `exportTo` is visible in `namespace` (see the analyzer's
 * `exportToVisibility`). An empty list means the mesh-wide default, which is `*` unless the mesh config says otherwise.
 */
export function visibleIn(exportTo: readonly string[], ownerNamespace: string, namespace: string): boolean {
  return visible(exportToVisibility(exportTo, ownerNamespace), namespace);
}

/** `exportTo` in words, for reasons: `namespace travel-agency only`, `namespaces a, b`, `no namespace`. */
export function describeExportTo(exportTo: readonly string[], ownerNamespace: string): string {
  if (exportTo.includes(NONE)) return 'no namespace';
  const namespaces = [...new Set(exportTo.map((e) => (e === PRIVATE ? ownerNamespace : e)))].sort();
  return namespaces.length === 1 ? `namespace ${namespaces[0]} only` : `namespaces ${namespaces.join(', ')}`;
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
