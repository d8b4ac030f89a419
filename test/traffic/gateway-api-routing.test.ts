// GatewayApiRouting: the routing intent rendered as Gateway API (HTTPRoute with a Service parentRef, per-version
// Services, the DestinationRules Istio still applies), every default written out, every object valid against the
// platform's Gateway API v1.2.1 and the OSSM 3 CRDs with unknown fields as errors, and what Gateway API cannot
// express refused with the intent field, the value and why.
import { App, Chart, Duration } from 'cdk8s';
import {
  ConversionOutcome, GatewayApiRouting, GatewayApiRoutingProps, IMeshControlPlane, MeshBaseChart, MeshService, OssmVersion, RetryOn, RoutingApi,
  StringMatch, TrafficRouting,
} from '../../lib';
import { synthWarningsOf } from '../../lib/core/synth-warnings';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { V1_MESH } from '../support/control-planes';
import { errorOf } from '../support/errors';

const reviews = MeshService.fromServiceName('reviews', 'bookinfo', { port: 9080, versions: ['v1', 'v2', 'v3'] });
const ratings = MeshService.fromServiceName('ratings', 'bookinfo', { port: 9080, versions: ['v1'] });
const details = MeshService.fromServiceName('details', 'other', { port: 9080, versions: ['v1'] });

function synth(props: Omit<GatewayApiRoutingProps, 'service' | 'controlPlane'>, controlPlane: IMeshControlPlane = V1_MESH): KubeObject[] {
  const app = new App();
  new GatewayApiRouting(new Chart(app, 'c'), 'r', { service: reviews, controlPlane, ...props });
  return synthesizeApp(app).flatMap((c) => c.objects);
}
const refusal = (props: Omit<GatewayApiRoutingProps, 'service' | 'controlPlane'>, controlPlane?: IMeshControlPlane) =>
  String(errorOf(() => synth(props, controlPlane))?.message);
const SERVICE_PARENT = [{ group: '', kind: 'Service', name: 'reviews' }];
const backend = (name: string, weight: number) => ({ group: '', kind: 'Service', name, port: 9080, weight });

describe('GatewayApiRouting renders routing intent as Gateway API', () => {
  test('header routing: an HTTPRoute with the Service as parent, every default written, and a Service per version named', () => {
    const objects = synth({
      http: [
        { match: [{ headers: { 'end-user': StringMatch.exact('jason') } }], route: [{ version: 'v2' }] },
        { route: [{ version: 'v1' }] },
      ],
    });
    expect(objects.map((o) => [o.apiVersion, o.kind, o.metadata?.name, o.metadata?.namespace])).toEqual([
      ['gateway.networking.k8s.io/v1', 'HTTPRoute', 'reviews', 'bookinfo'],
      ['v1', 'Service', 'reviews-v2', 'bookinfo'],
      ['v1', 'Service', 'reviews-v1', 'bookinfo'],
    ]);
    expect(objects[0].spec).toEqual({
      parentRefs: SERVICE_PARENT,
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'end-user', value: 'jason' }] }], backendRefs: [backend('reviews-v2', 1)] },
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [backend('reviews-v1', 1)] },
      ],
    });
    expect(objects[2].spec).toEqual({ ports: [{ name: 'http', port: 9080 }], selector: { app: 'reviews', version: 'v1' } });
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('what the API server would default is already there: applying the CRD defaults changes nothing (no Argo CD drift)', () => {
    const objects = synth({
      http: [
        { match: [{ uri: StringMatch.exact('/reviews/1'), queryParams: { q: StringMatch.regex('a.*') } }], route: [{ version: 'v3' }] },
        { route: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] },
      ],
    });
    const route = objects[0].spec as { parentRefs: Array<Record<string, unknown>>; rules: Array<Record<string, any>> };
    for (const ref of route.parentRefs) expect(Object.keys(ref)).toEqual(expect.arrayContaining(['group', 'kind']));
    for (const rule of route.rules) {
      expect(rule.matches.every((m: any) => m.path?.type !== undefined && m.path?.value !== undefined)).toBe(true);
      expect(rule.backendRefs.every((b: any) => b.group === '' && b.kind === 'Service' && typeof b.weight === 'number' && typeof b.port === 'number')).toBe(true);
      for (const m of rule.matches) for (const q of m.queryParams ?? []) expect(q.type).toBeDefined();
    }
    expect(route.rules[1].backendRefs).toEqual([backend('reviews-v1', 80), backend('reviews-v2', 20)]);
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('timeouts, methods, path prefixes (as segments-free regular expressions), header prefixes and a whole mirror', () => {
    const objects = synth({
      http: [{ match: [{ headers: { 'end-user': StringMatch.exact('jason') } }], route: [{ service: ratings, version: 'v1' }], timeout: Duration.hours(2) }, {
        match: [{ uri: StringMatch.prefix('/api'), method: StringMatch.exact('GET'), headers: { 'x-tier': StringMatch.prefix('gold') } }],
        route: [{ version: 'v2' }],
        timeout: Duration.millis(1500),
        mirror: { version: 'v3' },
      }],
    });
    const rules = (objects[0].spec as any).rules;
    expect(rules[1]).toEqual({
      matches: [{ path: { type: 'RegularExpression', value: '/api.*' }, headers: [{ type: 'RegularExpression', name: 'x-tier', value: 'gold.*' }], method: 'GET' }],
      backendRefs: [backend('reviews-v2', 1)],
      filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { group: '', kind: 'Service', name: 'reviews-v3', port: 9080 } } }],
      timeouts: { request: '1s500ms' },
    });
    expect(rules[0]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'end-user', value: 'jason' }] }],
      backendRefs: [backend('ratings-v1', 1)], timeouts: { request: '2h' },
    });
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata?.name)).toEqual(['ratings-v1', 'reviews-v2', 'reviews-v3']);
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('a traffic policy: a DestinationRule for the service and one per per-version Service (Istio applies them by host)', () => {
    const objects = synth({
      http: [{ route: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] }],
      trafficPolicy: { connectionPool: { maxConnections: 1 }, outlierDetection: { consecutive5xxErrors: 1 } },
    });
    const rules = objects.filter((o) => o.kind === 'DestinationRule');
    expect(rules.map((o) => [o.apiVersion, o.metadata?.name, (o.spec as any).host])).toEqual([
      ['networking.istio.io/v1', 'reviews', 'reviews.bookinfo.svc.cluster.local'],
      ['networking.istio.io/v1', 'reviews-v1', 'reviews-v1.bookinfo.svc.cluster.local'],
      ['networking.istio.io/v1', 'reviews-v2', 'reviews-v2.bookinfo.svc.cluster.local'],
    ]);
    for (const rule of rules) {
      expect(rule.spec).toEqual(expect.objectContaining({ trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } }, outlierDetection: { consecutive5xxErrors: 1 } } }));
      expect((rule.spec as any).subsets).toBeUndefined();
    }
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('reports every field it converted', () => {
    const app = new App();
    const routing = new GatewayApiRouting(new Chart(app, 'c'), 'r', {
      service: reviews, controlPlane: V1_MESH,
      http: [{ match: [{ headers: { 'end-user': StringMatch.exact('jason') } }], route: [{ version: 'v2' }], timeout: Duration.seconds(3) }, { route: [{ version: 'v1' }] }],
    });
    expect(routing.conversionNotes.every((n) => n.outcome === ConversionOutcome.CONVERTED)).toBe(true);
    expect(routing.conversionNotes.map((n) => n.field)).toEqual(expect.arrayContaining(['http[0].match[0].headers', 'http[0].timeout', 'http[0].route[0].destination.subset']));
  });
});

test('a rule name (an intent field Istio writes) is dropped with a note, not refused: it changes no routing', () => {
  const app = new App();
  const routing = new GatewayApiRouting(new Chart(app, 'c'), 'r', { service: reviews, controlPlane: V1_MESH, http: [{ name: 'jason', route: [{ version: 'v1' }] }] });
  expect(routing.conversionNotes).toContainEqual({ field: 'http[0].name', outcome: ConversionOutcome.CONVERTED, detail: expect.stringMatching(/^dropped: rule names are not in the v1\.2\.1 standard channel/) });
  expect(synthesizeApp(app).flatMap((c) => c.objects).find((o) => o.kind === 'HTTPRoute')!.spec.rules).toHaveLength(1);
});

describe('GatewayApiRouting refuses what Gateway API v1.2.1 cannot express, naming the intent field', () => {
  test.each([
    ['fault', { fault: { abort: { percentage: 10, httpStatus: 500 } } }, /c\/r: http\[0\]\.fault .* not valid\. Allowed: only what Gateway API v1\.2\.1 .*no fault injection/],
    ['retries', { retries: { attempts: 3, retryOn: [RetryOn.GATEWAY_ERROR] } }, /http\[0\]\.retries .*retries are not in the v1\.2\.1 standard channel/],
    ['a partial mirror', { mirror: { version: 'v3', percentage: 25 } }, /http\[0\]\.mirror\.percentage "?25"? .*only 100 %/],
  ])('%s', (_, extra, message) => {
    expect(refusal({ http: [{ route: [{ version: 'v1' }], ...extra }] })).toMatch(message);
  });

  test.each([
    ['sourceLabels', { sourceLabels: { app: 'productpage' } }, /http\[0\]\.match\[0\]\.sourceLabels .*no match on the calling workload/],
    ['withoutHeaders', { withoutHeaders: { 'x-canary': StringMatch.exact('1') } }, /withoutHeaders .*no negative header match/],
    ['a regex method', { method: StringMatch.regex('GET|HEAD') }, /http\[0\]\.match\[0\]\.method .*matches one method exactly/],
    ['the scheme', { scheme: StringMatch.exact('https') }, /scheme .*no scheme match/],
  ])('a match on %s', (_, match, message) => {
    expect(refusal({ http: [{ match: [match], route: [{ version: 'v2' }] }, { route: [{ version: 'v1' }] }] })).toMatch(message);
  });

  test('rules whose order Gateway API\'s precedence would change', () => {
    // an Istio prefix takes any characters ("/api" takes "/apis"), so it is a regular expression in Gateway API, which
    // Istio tries after every PathPrefix, the catch-all "/" included
    expect(refusal({
      http: [{ match: [{ uri: StringMatch.prefix('/api') }], route: [{ version: 'v2' }] }, { route: [{ version: 'v1' }] }],
    })).toMatch(/http\[1\]\.match undefined .*match\[0\] would take requests before http\[0\]\.match\[0\] does/);
    // Istio tries the header rule first; Gateway API would try the exact path first (exact path outranks headers)
    expect(refusal({
      http: [
        { match: [{ headers: { 'end-user': StringMatch.exact('jason') } }], route: [{ version: 'v2' }] },
        { match: [{ uri: StringMatch.exact('/reviews/1') }], route: [{ version: 'v3' }] },
        { route: [{ version: 'v1' }] },
      ],
    })).toMatch(/http\[1\]\.match .*precedence, not by rule order: match\[0\] would take requests before http\[0\]\.match\[0\]/);
    // the same order is fine when no request can match both
    expect(() => synth({
      http: [
        { match: [{ uri: StringMatch.exact('/a') }], route: [{ version: 'v2' }] },
        { match: [{ uri: StringMatch.exact('/b'), method: StringMatch.exact('GET') }], route: [{ version: 'v3' }] },
        { route: [{ version: 'v1' }] },
      ],
    })).not.toThrow();
  });

  test('TCP rules, OSSM 2.6, a backend in another namespace, a version the service does not have', () => {
    expect(refusal({ http: [{ route: [{ version: 'v1' }] }], tcp: [{ route: [{ version: 'v1' }] }] }))
      .toMatch(/c\/r: tcp .*TCPRoute is not in the v1\.2\.1 standard channel/);
    const ossm26 = { ...V1_MESH, ossmVersion: '2.6' } as IMeshControlPlane;
    expect(refusal({ http: [{ route: [{ version: 'v1' }] }] }, ossm26)).toMatch(/controlPlane\.ossmVersion "2\.6" .*Allowed: "3"/);
    expect(refusal({ http: [{ route: [{ service: details }] }] })).toMatch(/http\[0\]\.route\[0\]\.service .*needs a ReferenceGrant/);
    expect(refusal({ http: [{ route: [{ version: 'v9' }] }] })).toMatch(/http\[0\]\.route\[0\]\.version "v9" is not valid\. Allowed: a version of service bookinfo\/reviews/);
  });
});

describe('the routing API is a setting of the mesh, found in the construct tree', () => {
  test('GatewayApiRouting takes its control plane from the tree; a mesh with routingApi gateway-api warns on VirtualService routing', () => {
    const app = new App();
    const meshBase = new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V3, ossm3: { routingApi: RoutingApi.GATEWAY_API } });
    expect(meshBase.meshControlPlane.routingApi).toBe(RoutingApi.GATEWAY_API);
    const chart = new Chart(app, 'c');
    const routing = new GatewayApiRouting(chart, 'r', { service: reviews, http: [{ route: [{ version: 'v1' }] }], trafficPolicy: { connectionPool: { maxConnections: 1 } } });
    expect(routing.destinationRules[0].apiObject.apiVersion).toBe('networking.istio.io/v1');
    new TrafficRouting(chart, 'vs', { service: ratings, http: [{ route: [{ version: 'v1' }] }] });
    expect(synthWarningsOf(app).filter((w) => w.path === 'c/vs').map((w) => w.message)).toEqual([
      expect.stringMatching(/^the mesh routes by Gateway API \(routingApi gateway-api\), and this writes a VirtualService for ratings\.bookinfo\.svc\.cluster\.local: .*Use GatewayApiRouting/),
    ]);
  });

  test('an OSSM 3 mesh routes by Istio by default (no warning); an OSSM 2.6 mesh is refused; no mesh at all is refused', () => {
    const app = new App();
    const meshBase = new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V3 });
    expect(meshBase.meshControlPlane.routingApi).toBe(RoutingApi.ISTIO);
    new TrafficRouting(new Chart(app, 'c'), 'vs', { service: ratings, http: [{ route: [{ version: 'v1' }] }] });
    expect(synthWarningsOf(app).filter((w) => w.path === 'c/vs')).toEqual([]);
    const app26 = new App();
    new MeshBaseChart(app26, 'mesh-base', { ossmVersion: OssmVersion.V2_6 });
    expect(String(errorOf(() => new GatewayApiRouting(new Chart(app26, 'c'), 'r', { service: reviews, http: [{ route: [{ version: 'v1' }] }] })).message))
      .toMatch(/c\/r: controlPlane\.ossmVersion "2\.6" is not valid\. Allowed: "3"/);
    expect(String(errorOf(() => new GatewayApiRouting(new Chart(new App(), 'c'), 'r', { service: reviews, http: [{ route: [{ version: 'v1' }] }] })).message))
      .toMatch(/c\/r: controlPlane .*no scope above this construct declares a mesh/);
    expect(String(errorOf(() => new MeshBaseChart(new App(), 'm', { ossmVersion: OssmVersion.V3, ossm3: { routingApi: 'linkerd' as RoutingApi } })).message))
      .toMatch(/routingApi "linkerd" is not valid\. Allowed: "istio", "gateway-api"/);
  });
});

test('a per-version Service reaches the pods where they listen: the port name and targetPort of the service it selects a version of', () => {
  const app = new App();
  const chart = new Chart(app, 'c');
  const httpbin = new MeshService(chart, 'httpbin', {
    name: 'httpbin', namespace: 'demo', port: { number: 8000, targetPort: 8080 }, controlPlane: V1_MESH,
    versions: ['v1', 'v2'].map((version) => ({ version, image: 'docker.io/mccutchen/go-httpbin:v2.15.0', controlPlane: V1_MESH })),
  });
  new GatewayApiRouting(chart, 'r', { service: httpbin, controlPlane: V1_MESH, http: [{ route: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] }] });
  const services = synthesizeApp(app).flatMap((c) => c.objects).filter((o) => o.kind === 'Service');
  expect(services.map((s) => [s.metadata?.name, s.spec.ports])).toEqual([
    ['httpbin', [{ name: 'http', port: 8000, targetPort: 8080 }]],
    ['httpbin-v1', [{ name: 'http', port: 8000, targetPort: 8080 }]],
    ['httpbin-v2', [{ name: 'http', port: 8000, targetPort: 8080 }]],
  ]);
  // a reference that knows no target port: the Service port, as Kubernetes defaults it
  expect(synth({ http: [{ route: [{ version: 'v1' }] }] }).find((o) => o.metadata?.name === 'reviews-v1')!.spec.ports).toEqual([{ name: 'http', port: 9080 }]);
});
