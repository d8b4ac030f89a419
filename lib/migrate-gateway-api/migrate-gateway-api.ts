// `cdk8s-ossm migrate --to gateway-api`: any VirtualService, DestinationRule and Istio Gateway YAML to Gateway API
// v1.2.1 (standard channel) objects plus the per-version Services HTTPRoutes need, preserving routing semantics, with
// a report per field: converted, kept (DestinationRule policies, which Istio applies to HTTPRoute backends by host),
// or not convertible and why. The HTTP rules go through the same translation as the library's Gateway API renderer
// (lib/traffic/render-gateway-api/convert-http.ts). Nothing here throws on odd input.
import { arr, Json, num, rec, str, stringMap } from '../analysis/kube';
import { KubeObject } from '../core/kube-object';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, serviceFqdn } from '../core/mesh-conventions';
import {
  ConversionNote, ConversionOutcome, convertHttpRules, ServiceName, VersionService,
} from '../traffic/render-gateway-api/convert-http';

const ISTIO_NETWORKING = 'networking.istio.io';
const GATEWAY_API = 'gateway.networking.k8s.io';
const MESH = 'mesh';

/** The report of one input object. */
export interface GatewayApiMigrationEntry {
  /** `VirtualService bookinfo/reviews`. */
  readonly source: string;
  /** What became of each field. */
  readonly notes: readonly ConversionNote[];
}

/** The result of {@link migrateToGatewayApi}. */
export interface GatewayApiMigrationResult {
  /** Files in apply order: Gateways, per-version Services, routes, DestinationRules. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly description: string; readonly objects: readonly KubeObject[] }>;
  /** Per input object, every field. */
  readonly entries: readonly GatewayApiMigrationEntry[];
  /** True when nothing was reported as not convertible. */
  readonly complete: boolean;
}

/** Options of {@link migrateToGatewayApi}. */
export interface GatewayApiMigrationOptions {
  /** Namespace of objects without one. @default 'default' */
  readonly defaultNamespace?: string;
}

interface Ref {
  readonly obj: KubeObject;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly spec: Json;
}

const isIstio = (o: KubeObject, kind: string) => typeof o.apiVersion === 'string' && o.apiVersion.startsWith(`${ISTIO_NETWORKING}/`) && o.kind === kind;

/**
 * Converts the VirtualServices, DestinationRules and Istio Gateways of `objects` to Gateway API; Services of the input
 * give ports and selectors (anything else is ignored).
 */
export function migrateToGatewayApi(objects: readonly KubeObject[], options: GatewayApiMigrationOptions = {}): GatewayApiMigrationResult {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const ref = (o: KubeObject): Ref => {
    const meta = rec(o.metadata);
    return { obj: o, kind: String(o.kind), name: str(meta?.name) ?? '', namespace: str(meta?.namespace) ?? defaultNamespace, spec: rec(o.spec) ?? {} };
  };
  const services = objects.filter((o) => o.apiVersion === 'v1' && o.kind === 'Service').map(ref);
  const virtualServices = objects.filter((o) => isIstio(o, 'VirtualService')).map(ref);
  const destinationRules = objects.filter((o) => isIstio(o, 'DestinationRule')).map(ref);
  const gateways = objects.filter((o) => isIstio(o, 'Gateway')).map(ref);
  const serviceOf = (s: ServiceName) => services.find((x) => x.name === s.name && x.namespace === s.namespace);
  const resolveHost = (host: string, namespace: string): ServiceName | undefined => {
    const parts = host.split('.');
    if (host.includes('*') || parts.some((p) => p === '')) return undefined;
    if (parts.length === 1) return { name: host, namespace };
    if (parts.length === 2 || (parts.length === 3 && parts[2] === 'svc') || host.endsWith('.svc.cluster.local') && parts.length === 5) return { name: parts[0], namespace: parts[1] };
    return undefined;
  };
  const portOf = (s: ServiceName): number | undefined => {
    const ports = arr(serviceOf(s)?.spec.ports).map(rec);
    return ports.length === 1 ? num(ports[0]?.port) : undefined;
  };

  const entries: GatewayApiMigrationEntry[] = [];
  const out = { gateways: [] as KubeObject[], services: [] as KubeObject[], routes: [] as KubeObject[], destinationRules: [] as KubeObject[] };
  const versionServices = new Map<string, { service: VersionService; via: string }>();

  // the namespaces of the gateway pods of the input (pod templates whose labels carry a Gateway's selector)
  const podNamespaces = (selector: Record<string, string>): string[] => [...new Set(objects.flatMap((o) => {
    const meta = rec(o.metadata);
    const template = o.kind === 'Pod' ? meta : rec(rec(rec(o.spec)?.template)?.metadata);
    const labels = stringMap(template?.labels);
    const selected = Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
    return selected && o.kind !== 'Service' ? [str(meta?.namespace) ?? defaultNamespace] : [];
  }))].sort();
  for (const gw of gateways) {
    const notes: ConversionNote[] = [];
    const converted = convertGateway(gw, notes, podNamespaces(stringMap(gw.spec.selector)));
    out.gateways.push(converted.gateway, ...converted.grants);
    entries.push({ source: `Gateway ${gw.namespace}/${gw.name}`, notes });
  }

  for (const vs of virtualServices) {
    const notes: ConversionNote[] = [];
    const note = (field: string, outcome: ConversionOutcome, detail: string) => notes.push({ field, outcome, detail });
    const bound = arr(vs.spec.gateways).map(str).filter((g): g is string => g !== undefined);
    const mesh = bound.length === 0 || bound.includes(MESH);
    const gatewayRefs = bound.filter((g) => g !== MESH).map((g) => {
      const [ns, name] = g.includes('/') ? g.split('/', 2) : [vs.namespace, g];
      return { group: GATEWAY_API, kind: 'Gateway', name, ...(ns === vs.namespace ? {} : { namespace: ns }) };
    });
    for (const field of ['tcp', 'tls'] as const) {
      if (vs.spec[field] !== undefined) note(field, ConversionOutcome.NOT_CONVERTIBLE, `${field.toUpperCase()}Route is not in the Gateway API v1.2.1 standard channel`);
    }
    if (vs.spec.exportTo !== undefined) note('exportTo', ConversionOutcome.NOT_CONVERTIBLE, 'an HTTPRoute has no exportTo: a producer route (in the Service\'s namespace) applies to every client');
    const converted = convertHttpRules(vs.spec.http, {
      namespace: vs.namespace, resolveHost: (h) => resolveHost(h, vs.namespace), portOf,
    });
    notes.push(...converted.notes);
    const hosts = arr(vs.spec.hosts).map(str).filter((h): h is string => h !== undefined);
    const labels = { ...stringMap(rec(vs.obj.metadata)?.labels), [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
    const route = (name: string, spec: Json): KubeObject => ({
      apiVersion: `${GATEWAY_API}/v1`, kind: 'HTTPRoute', metadata: { name, namespace: vs.namespace, labels }, spec,
    });
    if (converted.rules.length > 0 && mesh) {
      // GAMMA: one HTTPRoute per host, its parentRef the Service (a producer route, in the Service's namespace)
      const meshHosts = hosts.map((h) => ({ h, s: resolveHost(h, vs.namespace) }));
      for (const { h, s } of meshHosts) {
        if (!s || !serviceOf(s)) {
          note(`hosts[${hosts.indexOf(h)}]`, ConversionOutcome.NOT_CONVERTIBLE, `"${h}" is no Service of the input: an HTTPRoute of the mesh has a Service as parent (give the Service's YAML among the inputs)`);
          continue;
        }
        if (s.namespace !== vs.namespace) {
          note(`hosts[${hosts.indexOf(h)}]`, ConversionOutcome.NOT_CONVERTIBLE, `"${h}" is in namespace ${s.namespace}: an HTTPRoute there would apply to every client, one here only to clients in ${vs.namespace}`);
          continue;
        }
        out.routes.push(route(meshHosts.length === 1 ? vs.name : `${vs.name}-${s.name}`, {
          parentRefs: [{ group: '', kind: 'Service', name: s.name }],
          rules: converted.rules,
        }));
        note(`hosts[${hosts.indexOf(h)}]`, ConversionOutcome.CONVERTED, `to an HTTPRoute with parentRef Service ${s.name}`);
      }
    }
    if (converted.rules.length > 0 && gatewayRefs.length > 0) {
      const hostnames = hosts.filter((h) => h !== '*');
      out.routes.push(route(mesh ? `${vs.name}-gateway` : vs.name, {
        parentRefs: gatewayRefs,
        ...(hostnames.length > 0 ? { hostnames } : {}),
        rules: converted.rules,
      }));
      note('gateways', ConversionOutcome.CONVERTED, `to parentRefs of Gateway ${gatewayRefs.map((g) => g.name).join(', ')}${hostnames.length ? ` with hostnames ${hostnames.join(', ')}` : ''}`);
    }
    for (const v of converted.versionServices) versionServices.set(`${v.namespace}/${v.name}`, { service: v, via: `VirtualService ${vs.namespace}/${vs.name}` });
    entries.push({ source: `VirtualService ${vs.namespace}/${vs.name}`, notes });
  }

  // per-version Services: the Service's selector and the DestinationRule subset's labels
  const subsetsUsed = new Map<string, string[]>();
  for (const { service: v, via } of versionServices.values()) {
    const base = serviceOf({ name: v.service, namespace: v.namespace });
    const dr = destinationRules.find((d) => str(d.spec.host) !== undefined && sameService(resolveHost(str(d.spec.host)!, d.namespace), v.service, v.namespace));
    const subset = arr(dr?.spec.subsets).map(rec).find((s) => str(s?.name) === v.version);
    const entry = entries.find((e) => e.source === via)!;
    if (!subset) {
      (entry.notes as ConversionNote[]).push({
        field: `subset ${v.version}`, outcome: ConversionOutcome.NOT_CONVERTIBLE,
        detail: `no DestinationRule of the input defines subset ${v.version} of ${v.namespace}/${v.service}: its labels are unknown, Service ${v.name} is not written`,
      });
      continue;
    }
    const selector = { ...stringMap(rec(base?.spec)?.selector ?? { app: v.service }), ...stringMap(subset.labels) };
    // the port the routes send to (of a Service of several ports, not simply its first): its name tells Istio the protocol
    const port = arr(base?.spec.ports).map(rec).find((p) => p?.port === v.port) ?? arr(base?.spec.ports).map(rec)[0];
    out.services.push({
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: v.name, namespace: v.namespace, labels: { ...stringMap(rec(base?.obj.metadata)?.labels), [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
      spec: { ports: [{ ...(str(port?.name) ? { name: str(port?.name) } : {}), port: v.port, ...(port?.targetPort !== undefined ? { targetPort: port.targetPort } : {}) }], selector },
    });
    subsetsUsed.set(`${v.namespace}/${v.service}`, [...(subsetsUsed.get(`${v.namespace}/${v.service}`) ?? []), v.version]);
  }

  for (const dr of destinationRules) {
    const notes: ConversionNote[] = [];
    const host = str(dr.spec.host) ?? '';
    const s = resolveHost(host, dr.namespace);
    const subsets = arr(dr.spec.subsets).map(rec).filter((x): x is Json => x !== undefined);
    const used = s ? subsetsUsed.get(`${s.namespace}/${s.name}`) ?? [] : [];
    subsets.forEach((subset, i) => notes.push({
      field: `subsets[${i}]`, outcome: ConversionOutcome.CONVERTED,
      detail: used.includes(str(subset.name) ?? '') ? `to the per-version Service ${s!.name}-${str(subset.name)}` : 'no route names it: no per-version Service written',
    }));
    const { subsets: _subsets, ...rest } = dr.spec;
    const meta = rec(dr.obj.metadata) ?? {};
    if (rest.trafficPolicy !== undefined || Object.keys(rest).some((k) => k !== 'host' && k !== 'trafficPolicy')) {
      out.destinationRules.push({ ...dr.obj, metadata: { ...meta, namespace: dr.namespace }, spec: rest });
      notes.push({ field: 'trafficPolicy', outcome: ConversionOutcome.KEPT, detail: 'DestinationRule kept without subsets: Istio applies it to HTTPRoute backends of this host' });
    }
    for (const subset of subsets) {
      const name = str(subset.name) ?? '';
      if (!s || !used.includes(name)) continue;
      const policy = mergedPolicy(rec(rest.trafficPolicy), rec(subset.trafficPolicy));
      if (!policy) continue;
      out.destinationRules.push({
        apiVersion: dr.obj.apiVersion, kind: 'DestinationRule',
        metadata: { name: `${s.name}-${name}`, namespace: s.namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: { host: serviceFqdn(`${s.name}-${name}`, s.namespace), trafficPolicy: policy, ...(rest.exportTo !== undefined ? { exportTo: rest.exportTo } : {}) },
      });
      notes.push({ field: `subsets[${subsets.indexOf(subset)}].trafficPolicy`, outcome: ConversionOutcome.KEPT, detail: `as DestinationRule ${s.name}-${name} for the per-version Service's host (the subset's policy over the rule's, as Istio merges them)` });
    }
    entries.push({ source: `DestinationRule ${dr.namespace}/${dr.name}`, notes });
  }

  const complete = entries.every((e) => e.notes.every((n) => n.outcome !== ConversionOutcome.NOT_CONVERTIBLE));
  return {
    files: [
      { name: '01-gateways.yaml', description: 'Gateway API Gateways (class istio: Istio deploys each gateway) and the ReferenceGrants for their Secrets', objects: out.gateways },
      { name: '02-version-services.yaml', description: 'one Service per version a route names (HTTPRoutes cannot address subsets)', objects: out.services },
      { name: '03-routes.yaml', description: 'HTTPRoutes: parentRef a Service (mesh) or a Gateway (ingress)', objects: out.routes },
      { name: '04-destination-rules.yaml', description: 'the DestinationRule policies Istio still applies, by host', objects: out.destinationRules },
    ].filter((f) => f.objects.length > 0),
    entries,
    complete,
  };
}

function sameService(s: ServiceName | undefined, name: string, namespace: string): boolean {
  return s !== undefined && s.name === name && s.namespace === namespace;
}

/** A subset's traffic policy over its rule's: each top-level part of the subset's replaces the rule's. */
function mergedPolicy(top: Json | undefined, subset: Json | undefined): Json | undefined {
  const merged = { ...top ?? {}, ...subset ?? {} };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** Why a server's TLS mode has no Gateway API v1.2.1 (standard channel) listener. */
const TLS_NOT_CONVERTIBLE: Readonly<Record<string, string>> = {
  PASSTHROUGH: 'TLS passthrough needs a TLSRoute, which is not in the Gateway API v1.2.1 standard channel',
  AUTO_PASSTHROUGH: 'AUTO_PASSTHROUGH (SNI routing for multi-network east-west traffic) has no Gateway API counterpart',
  MUTUAL: 'client certificate validation (frontendValidation) is not in the Gateway API v1.2.1 standard channel: a Terminate listener would accept clients without a certificate',
  OPTIONAL_MUTUAL: 'client certificate validation (frontendValidation) is not in the Gateway API v1.2.1 standard channel',
  ISTIO_MUTUAL: 'mutual TLS with the mesh\'s certificates (ISTIO_MUTUAL) has no Gateway API listener',
};

/** The Gateway API Gateway of an Istio Gateway, and the ReferenceGrants its certificateRefs need. */
interface ConvertedGateway {
  readonly gateway: KubeObject;
  readonly grants: KubeObject[];
}

/**
 * An Istio Gateway as a Gateway API Gateway of class `istio`, one listener per server and host. TLS SIMPLE with a
 * credentialName becomes a Terminate listener whose certificateRefs name the Secret where Istio read it: in the
 * namespace of the gateway pods (`podNamespaces`, found in the input), with a ReferenceGrant there when that is not the
 * Gateway's namespace.
 */
function convertGateway(gw: Ref, notes: ConversionNote[], podNamespaces: readonly string[]): ConvertedGateway {
  const note = (field: string, outcome: ConversionOutcome, detail: string) => notes.push({ field, outcome, detail });
  const listeners: Json[] = [];
  // per namespace, the Secrets the Gateway's listeners name there: the ReferenceGrant allows those only
  const secretNamespaces = new Map<string, Set<string>>();
  arr(gw.spec.servers).forEach((raw, i) => {
    const server = rec(raw) ?? {};
    const port = rec(server.port) ?? {};
    const protocol = (str(port.protocol) ?? '').toUpperCase();
    const number = num(port.number);
    const tls = rec(server.tls);
    if (number === undefined || !['HTTP', 'HTTPS', 'HTTP2'].includes(protocol)) {
      note(`servers[${i}]`, ConversionOutcome.NOT_CONVERTIBLE, `protocol ${protocol || 'unknown'}: only HTTP and HTTPS listeners are converted (TCPRoute and TLSRoute are not in the v1.2.1 standard channel)`);
      return;
    }
    const tlsMode = (str(tls?.mode) ?? (protocol === 'HTTPS' ? 'SIMPLE' : '')).toUpperCase();
    const credentialName = str(tls?.credentialName);
    if (protocol === 'HTTPS' && tlsMode !== 'SIMPLE') {
      note(`servers[${i}].tls.mode`, ConversionOutcome.NOT_CONVERTIBLE, `${tlsMode}: ${TLS_NOT_CONVERTIBLE[tlsMode] ?? 'an unknown TLS mode'}; the server is not written`);
      return;
    }
    if (protocol === 'HTTPS' && credentialName === undefined) {
      note(`servers[${i}].tls`, ConversionOutcome.NOT_CONVERTIBLE, 'SIMPLE without a credentialName (certificate files mounted in the gateway pods): a listener\'s certificateRefs name a Secret; the server is not written');
      return;
    }
    // Istio reads credentialName in the namespace of the gateway pods; a Gateway API listener in the Gateway's own
    let secretNamespace = gw.namespace;
    if (protocol === 'HTTPS') {
      if (podNamespaces.length === 1) {
        secretNamespace = podNamespaces[0];
        note(`servers[${i}].tls.credentialName`, ConversionOutcome.CONVERTED, secretNamespace === gw.namespace
          ? `to certificateRefs Secret ${credentialName} (namespace ${secretNamespace}, where the gateway pods read it)`
          : `to certificateRefs Secret ${secretNamespace}/${credentialName}, where the gateway pods read it, with a ReferenceGrant in ${secretNamespace} for Gateways of ${gw.namespace}`);
      } else {
        note(`servers[${i}].tls.credentialName`, ConversionOutcome.CONVERTED, `to certificateRefs Secret ${credentialName} in the Gateway's namespace ${gw.namespace}: Istio read it in the namespace of the gateway pods, `
          + `which the input ${podNamespaces.length === 0 ? 'does not show' : `does not tell (${podNamespaces.join(', ')})`}; copy the Secret to ${gw.namespace}, or name its namespace with a ReferenceGrant there`);
      }
      if (secretNamespace !== gw.namespace) secretNamespaces.set(secretNamespace, (secretNamespaces.get(secretNamespace) ?? new Set<string>()).add(credentialName!));
    }
    if (tls?.httpsRedirect !== undefined) note(`servers[${i}].tls.httpsRedirect`, ConversionOutcome.NOT_CONVERTIBLE, 'needs a RequestRedirect rule of its own');
    const hosts = arr(server.hosts).map(str).filter((h): h is string => h !== undefined);
    hosts.forEach((h, j) => {
      const host = h.includes('/') ? h.split('/', 2)[1] : h;
      if (h.includes('/') && !h.startsWith('*/')) note(`servers[${i}].hosts[${j}]`, ConversionOutcome.NOT_CONVERTIBLE, 'a namespace restriction of a host: use allowedRoutes per listener');
      // listener names are unique within a Gateway (its list-map key): two servers on one port (a host and a
      // credential each, as Istio Gateways often have) are told apart by the server's index
      const name = `${protocol === 'HTTPS' ? 'https' : 'http'}-${number}${hosts.length > 1 ? `-${j}` : ''}`;
      listeners.push({
        name: listeners.some((l) => l.name === name) ? `${protocol === 'HTTPS' ? 'https' : 'http'}-${number}-${i}-${j}` : name,
        port: number,
        protocol: protocol === 'HTTPS' ? 'HTTPS' : 'HTTP',
        ...(host === '*' ? {} : { hostname: host }),
        ...(protocol === 'HTTPS' ? {
          tls: {
            mode: 'Terminate',
            certificateRefs: [{ group: '', kind: 'Secret', name: credentialName, ...(secretNamespace === gw.namespace ? {} : { namespace: secretNamespace }) }],
          },
        } : {}),
        // Istio lets VirtualServices of any namespace bind a Gateway: the same here (the default would be Same)
        allowedRoutes: { namespaces: { from: 'All' } },
      });
    });
    note(`servers[${i}]`, ConversionOutcome.CONVERTED, `to ${hosts.length} listener(s) on port ${number}`);
  });
  note('selector', ConversionOutcome.CONVERTED,
    `a Gateway of class istio gets a Deployment and Service of its own (${gw.name}-istio) instead of the pods the selector chose; point DNS or the OpenShift Route at it`);
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  return {
    gateway: {
      apiVersion: `${GATEWAY_API}/v1`, kind: 'Gateway',
      metadata: { name: gw.name, namespace: gw.namespace, labels },
      spec: { gatewayClassName: 'istio', listeners },
    },
    grants: [...secretNamespaces].sort(([a], [b]) => (a < b ? -1 : 1)).map(([namespace, secrets]) => ({
      apiVersion: `${GATEWAY_API}/v1beta1`, kind: 'ReferenceGrant',
      metadata: { name: `${gw.name}-${gw.namespace}-secrets`, namespace, labels },
      spec: { from: [{ group: GATEWAY_API, kind: 'Gateway', namespace: gw.namespace }], to: [...secrets].sort().map((name) => ({ group: '', kind: 'Secret', name })) },
    })),
  };
}
