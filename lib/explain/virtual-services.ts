import { describeExportTo, exportToOf, mostSpecificHostMatch, visibleIn } from './visibility';
import { hostMatches } from '../analysis/hosts';
import { AnalysisContext, ObjectRef } from '../analysis/context';
import { arr, compareConfigAge, str } from '../analysis/kube';

/** The gateway name of the sidecars (Istio's reserved `mesh`). */
export const MESH_GATEWAY = 'mesh';

/** The VirtualService the client's sidecar applies to a host, and why the others of that host do not count. */
export interface VirtualServiceChoice {
  readonly chosen?: ObjectRef;
  /** The host pattern of the chosen VirtualService that matched (the host itself or a wildcard). */
  readonly pattern?: string;
  /** Every other VirtualService naming the host, with the reason it is not the one applied. */
  readonly notes: string[];
}

/** `namespace/name` of an object. */
export function refName(ref: ObjectRef): string {
  return `${ref.namespace}/${ref.name}`;
}

/** The VirtualService's hosts resolved in its namespace. */
function hostsOf(ctx: AnalysisContext, vs: ObjectRef): string[] {
  return arr(vs.spec.hosts).map(str).filter((h): h is string => h !== undefined).map((h) => ctx.parseHost(h, vs.namespace).fqdn);
}

/**
 * The precedence of a visible VirtualService for a client in `namespace`, as Istio lists them for the sidecar
 * (`VirtualServicesForGateway`): 0 exported to its own namespace only and living in the client's, 1 exported to the
 * client's namespace by name, 2 exported everywhere (the default).
 */
function tier(vs: ObjectRef, namespace: string): number {
  const exportTo = exportToOf(vs);
  if (exportTo.length === 0 || exportTo.includes('*')) return 2;
  if (vs.namespace === namespace && (exportTo.includes('.') || exportTo.includes(namespace))) return 0;
  return 1;
}

/**
 * Which VirtualService routes `fqdn` for the sidecars of `namespace`. Only VirtualServices bound to the mesh
 * gateway (no `gateways`, or `mesh` listed) and exported to the namespace count. Among them Istio takes an exact
 * host over a wildcard and a more specific wildcard over a broader one; for the same host it keeps the first of its
 * list: private ones of the client's namespace, then those exported to it by name, then public ones, each oldest
 * first (by `creationTimestamp`, then name and namespace).
 */
export function selectVirtualService(ctx: AnalysisContext, fqdn: string, namespace: string): VirtualServiceChoice {
  const notes: string[] = [];
  const visible: ObjectRef[] = [];
  for (const vs of ctx.virtualServices) {
    if (!hostsOf(ctx, vs).some((h) => hostMatches(h, fqdn))) continue;
    const gateways = arr(vs.spec.gateways).map(str).filter((g): g is string => g !== undefined);
    if (gateways.length > 0 && !gateways.includes(MESH_GATEWAY)) {
      notes.push(`VirtualService ${refName(vs)} names this host but is bound to gateway${gateways.length === 1 ? '' : 's'} ${gateways.join(', ')}, not to the mesh: sidecars ignore it`);
      continue;
    }
    const exportTo = exportToOf(vs);
    if (!visibleIn(exportTo, vs.namespace, namespace)) {
      notes.push(`VirtualService ${refName(vs)} names this host but is exported to ${describeExportTo(exportTo, vs.namespace)}, not to ${namespace}`);
      continue;
    }
    visible.push(vs);
  }
  visible.sort((a, b) => tier(a, namespace) - tier(b, namespace) || compareConfigAge(a, b));
  const candidates = visible.flatMap((vs) => hostsOf(ctx, vs).map((pattern) => ({ pattern, item: vs })));
  const best = mostSpecificHostMatch(fqdn, candidates);
  if (!best) return { notes };
  for (const vs of visible) {
    if (vs === best.item) continue;
    const pattern = mostSpecificHostMatch(fqdn, hostsOf(ctx, vs).map((p) => ({ pattern: p, item: vs })))?.pattern ?? '';
    const why = best.pattern !== pattern
      ? (best.pattern === fqdn ? 'an exact host wins over a wildcard' : 'a more specific wildcard wins')
      : 'a sidecar applies one VirtualService per host: Istio keeps the first of the client\'s namespace, then of those '
        + 'exported to it by name, then the oldest (explain reads creationTimestamp, then name and namespace); see OSSM103';
    notes.push(`VirtualService ${refName(vs)} also routes this host (as ${pattern}) but ${refName(best.item)} (as ${best.pattern}) applies: ${why}`);
  }
  return { chosen: best.item, pattern: best.pattern, notes };
}
