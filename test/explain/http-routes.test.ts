// explain follows HTTPRoutes of the mesh (parentRef a Service) in istiod's order, in the same JSON shape; and the
// routing-equivalence proof: the Istio rendering (TrafficRouting) and the Gateway API rendering (GatewayApiRouting) of
// the same routing intent send the same requests to the same workloads with the same weights.
import { App, Chart, Duration } from 'cdk8s';
import {
  explain, ExplainRequest, GatewayApiRouting, HttpRoute, Mesh, MeshService, ServiceDestinationRule, StringMatch, TrafficRouting,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { V1_MESH } from '../support/control-planes';

type Api = 'istio' | 'gateway-api';

function build(api: Api, http: HttpRoute[]): KubeObject[] {
  const app = new App();
  Mesh.declare(app, V1_MESH);
  const chart = new Chart(app, 'c');
  const reviews = new MeshService(chart, 'reviews', { name: 'reviews', namespace: 'bookinfo', port: { number: 9080 } });
  for (const v of ['v1', 'v2', 'v3']) reviews.addVersion({ version: v, image: `reviews:${v}` });
  const ratings = new MeshService(chart, 'ratings', { name: 'ratings', namespace: 'bookinfo', port: { number: 9080 } });
  ratings.addVersion({ version: 'v1', image: 'ratings:v1' });
  const resolved = http.map((r) => ({ ...r, route: r.route.map((d) => ((d.service as unknown) === 'ratings' ? { ...d, service: ratings } : d)) }));
  if (api === 'istio') {
    new TrafficRouting(chart, 'r', { service: reviews, controlPlane: V1_MESH, http: resolved });
    // TrafficRouting makes the DestinationRule of the routed service only; the subsets of another one need theirs
    new ServiceDestinationRule(chart, 'ratings-dr', { service: ratings, controlPlane: V1_MESH });
  }
  else new GatewayApiRouting(chart, 'r', { service: reviews, controlPlane: V1_MESH, http: resolved });
  return synthesizeApp(app).flatMap((c) => c.objects);
}

/** Where a request goes, in terms that do not depend on the API: the workloads reached and their share. */
function reached(objects: KubeObject[], request: ExplainRequest) {
  const e = explain(objects, { host: 'reviews.bookinfo', fromNamespace: 'bookinfo', ...request });
  return {
    routed: e.routed,
    destinations: e.destinations.map((d) => ({ workloads: d.workloads, weight: d.weight, problems: d.problems })).sort((a, b) => (a.workloads.join() < b.workloads.join() ? -1 : 1)),
    mirrors: e.mirrors.map((m) => m.workloads),
    timeout: e.timeout,
  };
}

const REQUESTS: ExplainRequest[] = [
  { host: 'reviews.bookinfo' },
  { host: 'reviews.bookinfo', headers: { 'end-user': 'jason' } },
  { host: 'reviews.bookinfo', headers: { 'end-user': 'json' } },
  { host: 'reviews.bookinfo', path: '/reviews/1' },
  { host: 'reviews.bookinfo', path: '/reviews/1', headers: { 'end-user': 'jason' } },
  { host: 'reviews.bookinfo', path: '/health', method: 'POST' },
  { host: 'reviews.bookinfo', path: '/api/x?debug=1' },
  { host: 'reviews.bookinfo', path: '/apis' },
];

const INTENTS: Record<string, HttpRoute[]> = {
  'one version': [{ route: [{ version: 'v1' }] }],
  'header routing (workshop 5, Bookinfo reviews-test-v2)': [
    { match: [{ headers: { 'end-user': StringMatch.exact('jason') } }], route: [{ version: 'v2' }] },
    { route: [{ version: 'v1' }] },
  ],
  'weighted routing (workshop, Bookinfo reviews-50-v3 / 90-10 / 80-20)': [{ route: [{ version: 'v1', weight: 80 }, { version: 'v3', weight: 20 }] }],
  'three-way split': [{ route: [{ version: 'v1', weight: 34 }, { version: 'v2', weight: 33 }, { version: 'v3', weight: 33 }] }],
  'exact path and method before a catch-all, with timeout and mirror': [
    { match: [{ uri: StringMatch.exact('/reviews/1') }], route: [{ version: 'v3' }], timeout: Duration.millis(500) },
    { match: [{ uri: StringMatch.exact('/health'), method: StringMatch.exact('POST') }], route: [{ version: 'v2' }] },
    { match: [{ headers: { 'end-user': StringMatch.regex('ja.*') } }], route: [{ version: 'v2' }], mirror: { version: 'v3' } },
    { route: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] },
  ],
  'a query parameter and a prefix (as a regular expression)': [
    { match: [{ queryParams: { debug: StringMatch.exact('1') } }], route: [{ version: 'v3' }] },
    { match: [{ uri: StringMatch.prefix('/api') }], route: [{ version: 'v2' }] },
  ],
  'another service as destination': [
    { match: [{ headers: { 'end-user': StringMatch.exact('jason') } }], route: [{ service: 'ratings' as never, version: 'v1' }] },
    { route: [{ version: 'v1' }] },
  ],
};

describe('routing equivalence: the Istio and the Gateway API rendering of the same intent', () => {
  test.each(Object.entries(INTENTS))('%s', (_, http) => {
    const istio = build('istio', http);
    const gatewayApi = build('gateway-api', http);
    for (const request of REQUESTS) {
      const a = reached(istio, request);
      const b = reached(gatewayApi, request);
      expect({ request, ...b }).toEqual({ request, ...a });
      if (a.routed) expect(a.destinations.every((d) => d.workloads.length > 0)).toBe(true); // the test can fail: real workloads
    }
  });
});

describe('explain follows HTTPRoutes', () => {
  test('same JSON shape; the HTTPRoute named, rules listed per match in istiod\'s order', () => {
    const objects = build('gateway-api', INTENTS['header routing (workshop 5, Bookinfo reviews-test-v2)']);
    const e = explain(objects, { host: 'reviews.bookinfo', fromNamespace: 'bookinfo', headers: { 'end-user': 'jason' } });
    const vs = explain(build('istio', INTENTS['header routing (workshop 5, Bookinfo reviews-test-v2)']), { host: 'reviews.bookinfo', fromNamespace: 'bookinfo' });
    expect(Object.keys(e)).toEqual(Object.keys(vs));
    expect(e.virtualService).toBe('HTTPRoute bookinfo/reviews');
    expect(e.matchedRuleName).toBe('HTTPRoute bookinfo/reviews rules[0].matches[0]');
    expect(e.destinations.map((d) => [d.host, d.target, d.workloads])).toEqual([
      ['reviews-v2.bookinfo.svc.cluster.local', 'Service/bookinfo/reviews-v2', ['bookinfo/reviews-v2']],
    ]);
    expect(e.notes.join('\n')).toMatch(/routed by Gateway API HTTPRoute bookinfo\/reviews/);
  });

  test('Gateway API precedence, not rule order: an exact path written after a header rule is tried first', () => {
    const route: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }],
        rules: [
          { matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }], backendRefs: [{ name: 'reviews-v2', port: 9080 }] },
          { matches: [{ path: { type: 'Exact', value: '/reviews/1' } }], backendRefs: [{ name: 'reviews-v3', port: 9080 }] },
          { backendRefs: [{ name: 'reviews-v1', port: 9080 }] },
        ],
      },
    };
    const objects = [...build('gateway-api', [{ route: [{ version: 'v1' }] }]).filter((o) => o.kind !== 'HTTPRoute'), route,
      ...build('gateway-api', [{ route: [{ version: 'v2', weight: 50 }, { version: 'v3', weight: 50 }] }]).filter((o) => o.kind === 'Service' && o.metadata?.name !== 'reviews' && o.metadata?.name !== 'ratings')];
    const e = explain(objects, { host: 'reviews.bookinfo', fromNamespace: 'bookinfo', path: '/reviews/1', headers: { 'end-user': 'jason' } });
    expect(e.destinations.map((d) => d.target)).toEqual(['Service/bookinfo/reviews-v3']);
    expect(e.rules.map((r) => r.name)).toEqual(['HTTPRoute bookinfo/reviews rules[1].matches[0]']);
    // PathPrefix matches whole segments
    const prefix = { ...route, spec: { ...(route.spec as object), rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'reviews-v3', port: 9080 }] }] } };
    const withPrefix = objects.map((o) => (o === route ? prefix : o));
    expect(explain(withPrefix, { host: 'reviews.bookinfo', fromNamespace: 'bookinfo', path: '/api/x' }).outcome).toBe('route');
    expect(explain(withPrefix, { host: 'reviews.bookinfo', fromNamespace: 'bookinfo', path: '/api' }).outcome).toBe('route');
    expect(explain(withPrefix, { host: 'reviews.bookinfo', fromNamespace: 'bookinfo', path: '/apis' }).outcome).toBe('no-route');
  });
});
