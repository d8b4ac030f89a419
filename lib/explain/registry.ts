import { API_GROUP } from '../core/api-groups';
import { describeExportTo, exportToOf, mostSpecificHostMatch, serviceExportTo, visibleIn } from './visibility';
import { AnalysisContext, ObjectRef } from '../analysis/context';
import { hostMatches, serviceOfHost } from '../analysis/hosts';
import { arr, Json, labelsMatch, num, rec, str, stringMap } from '../analysis/kube';
import { APP_PROTOCOLS, KUBERNETES_APP_PROTOCOLS, protocolOfPortName } from '../analysis/protocols';
import { objectIdentity } from '../core/kube-object';

/** Which routes of a VirtualService apply on a port, by the port's protocol. */
export type RouteProtocol = 'http' | 'tcp' | 'tls' | 'udp';

/** A port of a Service or ServiceEntry, with the protocol Istio gives it. */
export interface RegistryPort {
  readonly number: number;
  readonly name?: string;
  /** Istio's protocol name (`http`, `grpc`, `tcp`, …); `''` when Istio sniffs it. */
  readonly protocol: string;
}

/** A host of the service registry as the sidecar sees it: a Kubernetes Service or a ServiceEntry. */
export interface RegistryEntry {
  readonly ref: ObjectRef;
  readonly kind: 'Service' | 'ServiceEntry';
  readonly ports: readonly RegistryPort[];
  /**
   * Labels that select the entry's pods: the Service's selector, or the ServiceEntry's `workloadSelector`;
   * `undefined` when it selects none (a Service without selector, ExternalName, a ServiceEntry of addresses).
   */
  readonly selector?: Readonly<Record<string, string>>;
}

/** Istio's protocols and the routes that apply to them. */
const ROUTES_OF_PROTOCOL: Readonly<Record<string, RouteProtocol>> = {
  'http': 'http', 'http2': 'http', 'grpc': 'http', 'grpc-web': 'http', 'http_proxy': 'http',
  'https': 'tls', 'tls': 'tls',
  'tcp': 'tcp', 'mongo': 'tcp', 'mysql': 'tcp', 'redis': 'tcp',
  'udp': 'udp',
};

/** The routes (`http`, `tcp`, `tls`) that apply on a port of this protocol; unknown protocols are sniffed, and a request explained is HTTP. */
export function routesOfProtocol(protocol: string): RouteProtocol {
  return ROUTES_OF_PROTOCOL[protocol] ?? 'http';
}

/**
 * Istio's protocol of a Service port: a known `appProtocol`, else the port name's `<protocol>[-suffix]` (Istio
 * ignores an `appProtocol` it does not know); UDP ports are `udp`.
 */
function serviceProtocol(port: Json): string {
  if (str(port.protocol)?.toUpperCase() === 'UDP') return 'udp';
  const appProtocol = str(port.appProtocol)?.toLowerCase();
  if (appProtocol !== undefined && APP_PROTOCOLS.has(appProtocol)) return KUBERNETES_APP_PROTOCOLS[appProtocol] ?? appProtocol;
  return protocolOfPortName(str(port.name) ?? '') ?? '';
}

/** The ports of `spec.ports`: a Service numbers them `port`, a ServiceEntry `number`. */
function portsOf(ref: ObjectRef, numberField: 'port' | 'number', protocolOf: (port: Json) => string): RegistryPort[] {
  const out: RegistryPort[] = [];
  for (const port of arr(ref.spec.ports).map(rec)) {
    const number = num(port?.[numberField]);
    if (port && number !== undefined) out.push({ number, name: str(port.name), protocol: protocolOf(port) });
  }
  return out;
}

function fromService(ref: ObjectRef): RegistryEntry {
  const selector = rec(ref.spec.selector);
  const externalName = str(ref.spec.type) === 'ExternalName';
  return {
    ref,
    kind: 'Service',
    ports: portsOf(ref, 'port', serviceProtocol),
    selector: selector && !externalName && Object.keys(selector).length > 0 ? stringMap(selector) : undefined,
  };
}

function fromServiceEntry(ref: ObjectRef): RegistryEntry {
  const selector = stringMap(rec(ref.spec.workloadSelector)?.labels);
  return { ref, kind: 'ServiceEntry', ports: portsOf(ref, 'number', (port) => str(port.protocol)?.toLowerCase() ?? ''), selector: Object.keys(selector).length > 0 ? selector : undefined };
}

/** The outcome of {@link lookupHost}: the entry the client sees, or why it sees none. */
export interface HostLookup {
  readonly entry?: RegistryEntry;
  /** Entries of that host that the client's namespace does not see (`exportTo`), in words. */
  readonly hidden: string[];
}

/**
 * The registry entry for `fqdn` as seen from `namespace`: a Kubernetes Service of that name (Istio prefers it over a
 * ServiceEntry of the same host), else the ServiceEntry with the most specific host; only what is exported to the
 * namespace counts.
 */
export function lookupHost(ctx: AnalysisContext, fqdn: string, namespace: string): HostLookup {
  const hidden: string[] = [];
  const svcName = serviceOfHost(fqdn);
  const svc = svcName && ctx.services.get(`${svcName.namespace}/${svcName.name}`);
  if (svc) {
    const exportTo = serviceExportTo(svc);
    if (visibleIn(exportTo, svc.namespace, namespace)) return { entry: fromService(svc), hidden };
    hidden.push(`Service ${svc.namespace}/${svc.name} is exported to ${describeExportTo(exportTo, svc.namespace)} (annotation networking.istio.io/exportTo), not to ${namespace}`);
  }
  const candidates: { pattern: string; item: ObjectRef }[] = [];
  for (const se of ctx.istioConfig) {
    if (se.kind !== 'ServiceEntry' || se.group !== API_GROUP.ISTIO_NETWORKING) continue;
    const hosts = arr(se.spec.hosts).map(str).filter((h): h is string => h !== undefined).map((h) => ctx.parseHost(h, se.namespace).fqdn);
    if (!hosts.some((h) => hostMatches(h, fqdn))) continue;
    const exportTo = exportToOf(se);
    if (!visibleIn(exportTo, se.namespace, namespace)) {
      hidden.push(`ServiceEntry ${se.namespace}/${se.name} is exported to ${describeExportTo(exportTo, se.namespace)}, not to ${namespace}`);
      continue;
    }
    for (const h of hosts) candidates.push({ pattern: h, item: se });
  }
  const best = mostSpecificHostMatch(fqdn, candidates);
  return { entry: best && fromServiceEntry(best.item), hidden };
}

/**
 * Pod templates (Deployments, StatefulSets, … and bare Pods) in the entry's namespace that its selector and the
 * subset's labels both select, as sorted `namespace/name`.
 */
export function workloadsOf(ctx: AnalysisContext, entry: RegistryEntry, subsetLabels: Readonly<Record<string, string>> = {}): string[] {
  if (!entry.selector) return [];
  const names = ctx.templatesMatching(entry.ref.namespace, entry.selector)
    .filter((t) => labelsMatch(subsetLabels, t.labels))
    .map((t) => `${t.owner.namespace}/${t.owner.name}`);
  return [...new Set(names)].sort();
}

/** `Service/<namespace>/<name>` or `ServiceEntry/<namespace>/<name>`. */
export function entryName(entry: RegistryEntry): string {
  return objectIdentity(entry.kind, entry.ref.namespace, entry.ref.name);
}
