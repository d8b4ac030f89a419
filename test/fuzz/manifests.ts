/**
 * Generators of Kubernetes and Istio objects as users' clusters and repositories hold them, for the property-based
 * tests of the functions that read YAML (analyzer, loader, explain, migration). The shape of each custom resource
 * comes from its CRD schema (crd-schemas/, as `npm run import` derives it); strings are drawn from small shared pools
 * keyed by field name (hosts, names, namespaces, labels, ports), so that objects refer to each other and the rules
 * get past their first lookup. At any depth a value is sometimes of the wrong type (null, a number for a string, an
 * object for a list), a key is one of JavaScript's own (`__proto__`, `constructor`), a string is empty, huge or
 * unicode, and metadata is missing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { KubeObject } from '../../lib/analysis/types';
import { CRD_SCHEMAS_DIR } from '../support/crd-schema';
import { mapOf } from './arbitraries';

type Schema = { readonly [keyword: string]: any };

/** Namespaces the objects live in and refer to. */
export const NAMESPACES = ['default', 'istio-system', 'travel-agency', 'travel-portal', 'bookinfo'] as const;
/** Object, subset and port names. */
export const NAMES = ['travels', 'cars', 'reviews', 'default', 'gw', 'v1', 'v2', 'http', 'a'] as const;
/** Hosts as users write them: short, `name.namespace`, FQDN, wildcards, IPs, trailing dots, external names, `ns/host`. */
export const HOSTS = [
  'travels', 'cars', 'reviews', 'travels.travel-agency', 'reviews.bookinfo.svc', 'travels.travel-agency.svc.cluster.local',
  'cars.travel-agency.svc.cluster.local', 'reviews.bookinfo.svc.cluster.local', '*', '*.travel-agency.svc.cluster.local', '*.svc.cluster.local',
  '*.example.com', 'www.example.com', 'httpbin.org', 'travels.', 'travels.travel-agency.svc.cluster.local.', '10.0.0.1', '::1',
  'travel-agency/travels.example.com', './www.example.com', '*/www.example.com', 'Travels', '', 'a..b', '*.', 'ü.example.com',
] as const;
/** The namespace of the scenario's Service (see {@link scenario}). */
export const SCENARIO_NAMESPACE = 'travel-agency';
const COMMON_HOSTS = ['travels', 'travels.travel-agency.svc.cluster.local'] as const;
/** Gateway references in every spelling Istio accepts, and some it does not. */
const GATEWAY_REFS = ['mesh', 'gw', 'travel-agency/gw', 'istio-system/gw', 'gw.istio-system', 'gw.istio-system.svc.cluster.local', '/gw', 'x/'] as const;
const LABEL_KEYS = ['app', 'version', 'istio', 'istio-injection', 'istio.io/rev', 'sidecar.istio.io/inject', 'kubernetes.io/metadata.name', 'topology.kubernetes.io/zone'] as const;
const LABEL_VALUES = ['travels', 'cars', 'reviews', 'v1', 'v2', 'ingressgateway', 'enabled', 'disabled', 'default', 'true', 'false', ''] as const;
const ANNOTATION_KEYS = [
  'suppress.analysis.cdk8s-ossm.io/OSSM101', 'suppress.analysis.cdk8s-ossm.io/OSSM102', 'suppress.analysis.cdk8s-ossm.io/OSSM999',
  'sidecar.istio.io/inject', 'networking.istio.io/exportTo', 'proxy.istio.io/config', 'sidecar.istio.io/statsInclusionPrefixes', 'istio.io/unknown',
] as const;
const PORTS = [80, 443, 8000, 9080, 3306, 15443, 0, 70000] as const;
const PRINCIPALS = ['cluster.local/ns/travel-agency/sa/default', 'cluster.local/ns/travel-agency/sa/travels', '*', 'cluster.local/ns/bookinfo/sa/*'] as const;
const MATCH_STRINGS = ['/', '/api', 'GET', 'viaggi.it', '.*', '(', 'v1', ''] as const;
const PORT_NAMES = ['http', 'http-web', 'grpc', 'tcp', 'tcp-db', 'https', 'tls', 'mysql', 'web', 'udp', 'http2', ''] as const;
const HUGE = 'x'.repeat(20_000);

/** A plain object with the given own entries (`__proto__` stays an own key, as `JSON.parse` and the YAML loader make it). */
const own = (entries: Array<[string, unknown]>) => Object.fromEntries(entries);

/** Values of the wrong type or shape for any field. */
export const junk = (): fc.Arbitrary<unknown> => fc.oneof(
  fc.constantFrom<unknown>(null, 0, 42, -1, 1.5, NaN, Infinity, '', 'x', true, false, {}, [], [1], [null], { a: 1 }, HUGE, 'ü\u0000\u202e', '*', '0777'),
  fc.constant(null).map(() => own([['__proto__', { polluted: true }]])),
  fc.constant(null).map(() => own([['constructor', { prototype: 1 }], ['toString', 'x']])),
  fc.string({ maxLength: 12 }),
);

/** A string for a field of this name: drawn from the pool that suits it. */
function stringFor(key: string): fc.Arbitrary<string> {
  const k = key.toLowerCase();
  // the hosts of the Service every scenario holds come up most, so that routes, rules and subsets meet
  if (k === 'host' || k === 'hosts' || k === 'snihosts' || k === 'hostname') return fc.oneof({ arbitrary: fc.constantFrom(...COMMON_HOSTS), weight: 3 }, { arbitrary: fc.constantFrom(...HOSTS), weight: 2 });
  if (k === 'gateways' || k === 'gateway') return fc.constantFrom(...GATEWAY_REFS);
  if (k === 'namespace' || k === 'sourcenamespace' || k === 'namespaces' || k === 'exportto' || k === 'members') {
    return fc.oneof({ arbitrary: fc.constant(SCENARIO_NAMESPACE), weight: 3 }, { arbitrary: fc.constantFrom(...NAMESPACES, '*', '.', '~', 'Bad_NS'), weight: 2 });
  }
  if (k === 'principals' || k === 'notprincipals') return fc.constantFrom(...PRINCIPALS);
  if (k === 'subset' || k === 'name' || k === 'version') return fc.constantFrom(...NAMES);
  if (k === 'apiversion') return fc.constantFrom('v1', 'apps/v1', 'networking.istio.io/v1beta1');
  return fc.oneof({ arbitrary: fc.constantFrom(...MATCH_STRINGS, ...NAMES), weight: 3 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 1 });
}

/** An integer for a field of this name. */
function integerFor(key: string): fc.Arbitrary<number> {
  const k = key.toLowerCase();
  if (k === 'weight') return fc.oneof({ arbitrary: fc.constantFrom(0, 10, 25, 50, 75, 90, 100), weight: 5 }, { arbitrary: fc.constantFrom(-1, 150, 33), weight: 1 });
  if (k.includes('port') || k === 'number') return fc.constantFrom(...PORTS);
  if (k === 'value' || k.includes('percent')) return fc.constantFrom(0, 50, 100, 101, -5);
  return fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(-1, 2 ** 31, 503));
}

/** Keys of CRD objects that the rules read: kept more often than the others. */
const IMPORTANT = new Set([
  'hosts', 'host', 'http', 'tcp', 'tls', 'route', 'destination', 'subset', 'subsets', 'labels', 'match', 'gateways', 'servers', 'port', 'number',
  'name', 'selector', 'mtls', 'mode', 'rules', 'from', 'to', 'source', 'principals', 'workloadSelector', 'trafficPolicy', 'exportTo', 'weight',
  'uri', 'headers', 'prefix', 'exact', 'regex', 'endpoints', 'ports', 'protocol', 'portLevelSettings', 'delegate', 'mirror', 'sniHosts', 'fault',
  'abort', 'percentage', 'value', 'namespace', 'members', 'version', 'discoverySelectors', 'matchLabels', 'action', 'outlierDetection',
  'consecutiveErrors', 'gateways', 'ingress', 'openshiftRoute', 'enabled', 'security', 'dataPlane', 'tracing', 'type', 'addons', 'kiali',
  'sourceLabels', 'sourceNamespace', 'controlPlaneRef', 'memberSelectors', 'updateStrategy', 'egressProxy', 'outboundTrafficPolicy',
]);

/** Maps whose keys are labels. */
const LABEL_MAPS = new Set(['labels', 'matchLabels', 'selector', 'sourceLabels', 'nodeSelector']);

const MAX_DEPTH = 7;

/**
 * A mostly valid value for a (compact) CRD schema node: objects with a few of their properties (the ones rules read
 * more often), lists of up to three items, strings from the pool of the field's name; one value in `junkOneIn` is of
 * the wrong type, and about one object in `junkOneIn / 3` carries one of JavaScript's own keys.
 */
export function fromSchema(schema: Schema, key = '', depth = 0, junkOneIn = 30): fc.Arbitrary<unknown> {
  let bySchema = built.get(schema);
  if (!bySchema) built.set(schema, (bySchema = new Map()));
  const id = `${key}|${depth}|${junkOneIn}`;
  let arbitrary = bySchema.get(id);
  if (!arbitrary) {
    arbitrary = fc.oneof({ arbitrary: validFromSchema(schema, key, depth, junkOneIn), weight: junkOneIn - 1 }, { arbitrary: junk(), weight: 1 });
    bySchema.set(id, arbitrary);
  }
  return arbitrary;
}

/** Arbitraries built, by schema node and then key, depth and junk rate: generation builds each once. */
const built = new WeakMap<Schema, Map<string, fc.Arbitrary<unknown>>>();

function validFromSchema(schema: Schema, key: string, depth: number, junkOneIn: number): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  if (schema['x-kubernetes-int-or-string']) return fc.oneof(integerFor(key), stringFor(key));
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  if (depth >= MAX_DEPTH) return type === 'object' || type === 'array' ? fc.constant(type === 'object' ? {} : []) : fc.constant(null);
  switch (type) {
    case 'string': return stringFor(key);
    case 'integer': return integerFor(key);
    case 'number': return fc.oneof(integerFor(key), fc.double({ min: -1, max: 101, noNaN: true }));
    case 'boolean': return fc.boolean();
    case 'array': return fc.array(fromSchema(schema.items ?? {}, key, depth + 1, junkOneIn), { maxLength: 3 });
    case 'object': return objectFromSchema(schema, key, depth, junkOneIn);
    default: return fc.oneof(stringFor(key), fc.boolean(), fc.constant({}));
  }
}

function objectFromSchema(schema: Schema, key: string, depth: number, junkOneIn: number): fc.Arbitrary<unknown> {
  const props: Record<string, Schema> = schema.properties ?? {};
  const names = Object.keys(props);
  let body: fc.Arbitrary<Record<string, unknown>>;
  if (names.length === 0) {
    const values = schema.additionalProperties && typeof schema.additionalProperties === 'object' ? schema.additionalProperties : { type: 'string' };
    body = LABEL_MAPS.has(key) ? labels() : mapOf(stringFor(key), fromSchema(values, key, depth + 1, junkOneIn), 3);
  } else {
    const important = names.filter((n) => IMPORTANT.has(n));
    const others = names.filter((n) => !IMPORTANT.has(n));
    body = fc.tuple(fc.subarray(important), fc.subarray(others, { maxLength: Math.min(2, others.length) })).chain(([a, b]) => {
      const chosen = [...a, ...b];
      return fc.tuple(...chosen.map((n) => fromSchema(props[n], n, depth + 1, junkOneIn)))
        .map((values) => own(chosen.map((n, i) => [n, values[i]] as [string, unknown]).filter(([, v]) => v !== undefined)));
    });
  }
  const extraKey = fc.oneof({ arbitrary: fc.constant(null), weight: Math.ceil(junkOneIn / 3) }, { arbitrary: fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty'), weight: 1 });
  return fc.tuple(body, extraKey, junk())
    .map(([obj, extraKey, extra]) => (extraKey === null ? obj : own([...Object.entries(obj), [extraKey, extra]])));
}

/** A label map from the shared pools. */
export const labels = (): fc.Arbitrary<Record<string, unknown>> => mapOf(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), 3);

/** Metadata: mostly a name and namespace from the pools, labels and annotations; sometimes missing or of the wrong type. */
export const metadata = (): fc.Arbitrary<unknown> => fc.oneof(
  {
    arbitrary: fc.record({
      name: fc.oneof({ arbitrary: fc.constantFrom(...NAMES), weight: 10 }, { arbitrary: junk(), weight: 1 }),
      namespace: fc.oneof({ arbitrary: fc.constant(SCENARIO_NAMESPACE), weight: 8 }, { arbitrary: fc.constantFrom(...NAMESPACES), weight: 8 }, { arbitrary: junk(), weight: 1 }),
      labels: fc.oneof({ arbitrary: labels(), weight: 10 }, { arbitrary: junk(), weight: 1 }),
      annotations: fc.oneof({ arbitrary: mapOf(fc.constantFrom(...ANNOTATION_KEYS), fc.constantFrom('true', 'false', 'travel-agency,.', 'reviewed', '', ' ', 'x'), 3), weight: 10 }, { arbitrary: junk(), weight: 1 }),
      creationTimestamp: fc.constantFrom('2026-01-01T00:00:00Z', '2025-06-01T00:00:00Z', 'yesterday'),
    }, { requiredKeys: ['name'] }),
    weight: 20,
  },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: junk(), weight: 1 },
);

const compactSchemas = new Map<string, Schema>();

/** The `spec` schema of a served kind (OSSM 2.6's CRDs first, then OSSM 3's). */
function specSchema(apiVersion: string, kind: string): Schema {
  const id = `${apiVersion}|${kind}`;
  if (!compactSchemas.has(id)) {
    for (const file of ['crds.json', 'crds-ossm3.json']) {
      const { kinds } = JSON.parse(fs.readFileSync(path.join(CRD_SCHEMAS_DIR, file), 'utf8')) as { kinds: Array<{ apiVersion: string; kind: string; schema: Schema | null }> };
      for (const k of kinds) if (!compactSchemas.has(`${k.apiVersion}|${k.kind}`)) compactSchemas.set(`${k.apiVersion}|${k.kind}`, k.schema?.properties?.spec ?? {});
    }
  }
  const spec = compactSchemas.get(id);
  if (!spec) throw new Error(`no schema for ${id}`);
  return spec;
}

const labelMap = { type: 'object', additionalProperties: { type: 'string' } };
const portList = {
  type: 'array',
  items: { type: 'object', properties: {
    name: { type: 'string', enum: PORT_NAMES }, port: { type: 'integer' }, targetPort: { 'x-kubernetes-int-or-string': true },
    appProtocol: { type: 'string', enum: ['http', 'grpc', 'tcp', 'kubernetes.io/h2c', 'bogus'] }, protocol: { type: 'string', enum: ['TCP', 'UDP'] },
  } },
};
const podTemplate = {
  type: 'object',
  properties: {
    metadata: { type: 'object', properties: { labels: labelMap, annotations: { type: 'object', additionalProperties: { type: 'string' } } } },
    spec: { type: 'object', properties: {
      serviceAccountName: { type: 'string', enum: ['default', 'travels', 'cars'] }, nodeName: { type: 'string' },
      containers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, image: { type: 'string' }, ports: portList,
        securityContext: { type: 'object', properties: { privileged: { type: 'boolean' }, runAsUser: { type: 'integer' }, allowPrivilegeEscalation: { type: 'boolean' } } } } } },
      hostNetwork: { type: 'boolean' },
    } },
  },
};

/** Schemas of the core kinds (no CRD describes them): the fields the analyzer and explain read. */
const CORE_SPECS: Readonly<Record<string, Schema>> = {
  Service: { type: 'object', properties: { selector: labelMap, ports: portList, type: { type: 'string', enum: ['ClusterIP', 'ExternalName', 'NodePort'] }, externalName: { type: 'string' } } },
  Deployment: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'object', properties: { matchLabels: labelMap } }, template: podTemplate } },
  Namespace: { type: 'object', properties: {} },
  ServiceAccount: { type: 'object', properties: {} },
};

/** The kinds generated, with their apiVersions: core kinds, Istio's networking and security kinds, OSSM 2's and OSSM 3's control planes. */
export const KINDS: ReadonlyArray<{ readonly kind: string; readonly apiVersions: readonly string[]; readonly weight: number }> = [
  { kind: 'Service', apiVersions: ['v1'], weight: 6 },
  { kind: 'Deployment', apiVersions: ['apps/v1'], weight: 5 },
  { kind: 'Namespace', apiVersions: ['v1'], weight: 2 },
  { kind: 'ServiceAccount', apiVersions: ['v1'], weight: 1 },
  { kind: 'VirtualService', apiVersions: ['networking.istio.io/v1beta1', 'networking.istio.io/v1'], weight: 8 },
  { kind: 'DestinationRule', apiVersions: ['networking.istio.io/v1beta1', 'networking.istio.io/v1'], weight: 6 },
  { kind: 'Gateway', apiVersions: ['networking.istio.io/v1beta1'], weight: 3 },
  { kind: 'ServiceEntry', apiVersions: ['networking.istio.io/v1beta1'], weight: 3 },
  { kind: 'Sidecar', apiVersions: ['networking.istio.io/v1beta1'], weight: 1 },
  { kind: 'PeerAuthentication', apiVersions: ['security.istio.io/v1beta1'], weight: 2 },
  { kind: 'AuthorizationPolicy', apiVersions: ['security.istio.io/v1beta1', 'security.istio.io/v1'], weight: 2 },
  { kind: 'ServiceMeshControlPlane', apiVersions: ['maistra.io/v2'], weight: 1 },
  { kind: 'ServiceMeshMemberRoll', apiVersions: ['maistra.io/v1'], weight: 1 },
  { kind: 'ServiceMeshMember', apiVersions: ['maistra.io/v1'], weight: 1 },
  { kind: 'Istio', apiVersions: ['sailoperator.io/v1'], weight: 1 },
];

function specOf(kind: string, apiVersion: string): Schema {
  return CORE_SPECS[kind] ?? specSchema(apiVersion.startsWith('networking.istio.io/v1') && apiVersion.endsWith('/v1') ? 'networking.istio.io/v1beta1' : apiVersion, kind);
}

/** One object of a kind, mostly valid. */
export function kubeObjectOf(kind: string, apiVersions: readonly string[]): fc.Arbitrary<KubeObject> {
  return fc.constantFrom(...apiVersions).chain((apiVersion) => fc.record({
    apiVersion: fc.constant(apiVersion),
    kind: fc.constant(kind),
    metadata: metadata(),
    spec: kind === 'Namespace' || kind === 'ServiceAccount' ? fc.constant(undefined) : fromSchema(specOf(kind, apiVersion), 'spec'),
  }).map((o) => own(Object.entries(o).filter(([, v]) => v !== undefined)) as KubeObject));
}

/** An object of any generated kind; sometimes one with apiVersion or kind of the wrong type, or of a kind nobody knows. */
export const kubeObject = (): fc.Arbitrary<KubeObject> => fc.oneof(
  ...KINDS.map(({ kind, apiVersions, weight }) => ({ arbitrary: kubeObjectOf(kind, apiVersions), weight })),
  { arbitrary: fc.record({ apiVersion: junk(), kind: junk(), metadata: metadata(), spec: junk() }) as fc.Arbitrary<KubeObject>, weight: 1 },
);

/** A set of objects, as one `analyze` or `explain` call reads them. */
export const kubeObjects = (maxLength = 12): fc.Arbitrary<KubeObject[]> => fc.array(kubeObject(), { maxLength });

/** A `maistra.io/v2` ServiceMeshControlPlane `spec`, typed from the CRD, with junk mixed in. */
export const smcpSpec = (junkOneIn = 30): fc.Arbitrary<unknown> => fromSchema(specSchema('maistra.io/v2', 'ServiceMeshControlPlane'), 'spec', 0, junkOneIn);

/**
 * A set of objects around one Service (`travels` in `travel-agency`, HTTP on port 8000, pods of versions v1 and v2)
 * that the generated VirtualServices and DestinationRules mostly name: requests for it reach their rules.
 */
export const scenario = (): fc.Arbitrary<KubeObject[]> => fc.tuple(kubeObjects(), scenarioVirtualService(), fc.shuffledSubarray([
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'travels', namespace: SCENARIO_NAMESPACE }, spec: { selector: { app: 'travels' }, ports: [{ name: 'http', port: 8000 }] } },
  ...['v1', 'v2'].map((version) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `travels-${version}`, namespace: SCENARIO_NAMESPACE },
    spec: { template: { metadata: { labels: { app: 'travels', version } } } } })),
  { apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: 'travels', namespace: SCENARIO_NAMESPACE },
    spec: { host: 'travels', subsets: ['v1', 'v2'].map((version) => ({ name: version, labels: { version } })) } },
] as KubeObject[])).map(([objects, vs, base]) => [...base, ...vs, ...objects]);

/**
 * Mostly a VirtualService for the scenario's host: with rules generated from its schema, or (as Kiali's wizards write
 * them) with rules that split the requests between two or three subsets by weight, some behind a header match.
 */
const scenarioVirtualService = (): fc.Arbitrary<KubeObject[]> => fc.option(fc.tuple(fc.oneof(
  fromSchema(specSchema('networking.istio.io/v1beta1', 'VirtualService'), 'spec'),
  weightedRoutes(),
), fc.constantFrom(...COMMON_HOSTS))
  .map(([spec, host]) => [{ apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'travels', namespace: SCENARIO_NAMESPACE },
    spec: spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? { ...spec, hosts: [host] } : spec } as KubeObject]), { nil: [], freq: 5 });

/** A VirtualService spec whose http rules each split between two or three destinations by weight. */
const weightedRoutes = (): fc.Arbitrary<Record<string, unknown>> => fc.record({
  http: fc.array(fc.record({
    match: fc.option(fc.constant([{ headers: { portal: { exact: 'viaggi.it' } } }]), { nil: undefined }),
    route: fc.array(fc.record({
      destination: fc.record({ host: fc.constantFrom(...COMMON_HOSTS), subset: fc.constantFrom('v1', 'v2', 'v3') }),
      weight: fc.option(integerFor('weight'), { nil: undefined, freq: 8 }),
    }), { minLength: 2, maxLength: 3 }),
  }, { requiredKeys: ['route'] }), { minLength: 1, maxLength: 3 }),
});
