// TrafficRouting: routing intent rendered to a VirtualService and DestinationRule, every option of Istio's
// traffic-management tasks, on both platforms, and every bad value refused with the path, the value and what is allowed.
import { App, Chart, Duration, Testing } from 'cdk8s';
import {
  ClientTlsMode, IMeshControlPlane, LoadBalancerAlgorithm, MeshService, RetryOn, ServiceDestinationRule, StringMatch, TrafficRouting, TrafficRoutingProps,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { V1_MESH, meshApp } from '../support/control-planes';

const reviews = MeshService.fromServiceName('reviews', 'bookinfo', { port: 9080, versions: ['v1', 'v2', 'v3'] });
const ratings = MeshService.fromServiceName('ratings', 'bookinfo', { port: 9080, versions: ['v1'] });
const REVIEWS = 'reviews.bookinfo.svc.cluster.local';
const RATINGS = 'ratings.bookinfo.svc.cluster.local';

function synth(build: (chart: Chart) => void): KubeObject[] {
  const app = meshApp();
  build(new Chart(app, 'c'));
  return synthesizeApp(app).flatMap((c) => c.objects);
}
const routing = (props: Omit<TrafficRoutingProps, 'service'>, controlPlane?: IMeshControlPlane) =>
  synth((c) => new TrafficRouting(c, 'r', { service: reviews, controlPlane, ...props }));

describe('TrafficRouting renders routing intent', () => {
  test('the VirtualService and DestinationRule of a rule set, named like the service, without a Kiali label', () => {
    const objects = routing({ http: [{ route: [{ version: 'v1' }] }] });
    expect(objects.map((o) => [o.apiVersion, o.kind, o.metadata?.name, o.metadata?.namespace])).toEqual([
      ['networking.istio.io/v1beta1', 'VirtualService', 'reviews', 'bookinfo'], ['networking.istio.io/v1beta1', 'DestinationRule', 'reviews', 'bookinfo']]);
    expect(objects.map((o) => o.metadata?.labels)).toEqual([{ 'app.kubernetes.io/managed-by': 'cdk8s-ossm' }, { 'app.kubernetes.io/managed-by': 'cdk8s-ossm' }]);
    expect(objects[0].spec).toEqual({ hosts: [REVIEWS], http: [{ route: [{ destination: { host: REVIEWS, subset: 'v1' } }] }] });
    expect(objects[1].spec).toEqual({ host: REVIEWS, subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })) });
  });

  test('every match of Istio\'s HTTPMatchRequest, faults, timeout, retries and a mirror', () => {
    const objects = routing({
      http: [{
        name: 'jason',
        match: [
          {
            headers: { 'end-user': StringMatch.exact('jason'), 'x-tier': StringMatch.prefix('gold') },
            withoutHeaders: { 'x-canary': StringMatch.regex('no|off') },
            uri: StringMatch.prefix('/reviews'), ignoreUriCase: true, method: StringMatch.exact('GET'),
            authority: StringMatch.regex('reviews(:9080)?'), scheme: StringMatch.exact('http'),
            queryParams: { debug: StringMatch.exact('1') }, port: 9080,
            sourceLabels: { app: 'productpage' }, sourceNamespace: 'bookinfo',
          },
          { uri: StringMatch.exact('/health') },
        ],
        route: [{ version: 'v2', weight: 90 }, { version: 'v3', weight: 10 }],
        fault: { delay: { percentage: 10, fixedDelay: Duration.seconds(7) }, abort: { percentage: 0.5, httpStatus: 500 } },
        timeout: Duration.millis(500),
        retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE, '503'] },
        mirror: { version: 'v3', percentage: 25 },
      }, {
        route: [{ service: ratings, version: 'v1', port: 9080 }],
      }],
    });
    expect(objects[0].spec.http).toEqual([{
      name: 'jason',
      match: [
        {
          headers: { 'end-user': { exact: 'jason' }, 'x-tier': { prefix: 'gold' } },
          withoutHeaders: { 'x-canary': { regex: 'no|off' } },
          uri: { prefix: '/reviews' }, ignoreUriCase: true, method: { exact: 'GET' }, authority: { regex: 'reviews(:9080)?' }, scheme: { exact: 'http' },
          queryParams: { debug: { exact: '1' } }, port: 9080, sourceLabels: { app: 'productpage' }, sourceNamespace: 'bookinfo',
        },
        { uri: { exact: '/health' } },
      ],
      route: [{ destination: { host: REVIEWS, subset: 'v2' }, weight: 90 }, { destination: { host: REVIEWS, subset: 'v3' }, weight: 10 }],
      fault: { delay: { fixedDelay: '7s', percentage: { value: 10 } }, abort: { httpStatus: 500, percentage: { value: 0.5 } } },
      timeout: '500ms',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,503' },
      mirror: { host: REVIEWS, subset: 'v3' },
      mirrorPercentage: { value: 25 },
    }, {
      route: [{ destination: { host: RATINGS, subset: 'v1', port: { number: 9080 } } }],
    }]);
    expect(validateAll(objects, '2.6')).toEqual([]);
  });

  test('TCP rules (Istio\'s TCP traffic shifting)', () => {
    const objects = routing({ tcp: [{ match: [{ port: 31400, sourceNamespace: 'bookinfo' }], route: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] }, { route: [{ version: 'v1' }] }] });
    expect(objects[0].spec.tcp).toEqual([
      { match: [{ port: 31400, sourceNamespace: 'bookinfo' }], route: [{ destination: { host: REVIEWS, subset: 'v1' }, weight: 80 }, { destination: { host: REVIEWS, subset: 'v2' }, weight: 20 }] },
      { route: [{ destination: { host: REVIEWS, subset: 'v1' } }] },
    ]);
  });

  test('traffic policies: load balancer, consistent hash, client TLS, connection pool and outlier detection', () => {
    const policyOf = (trafficPolicy: TrafficRoutingProps['trafficPolicy']) => routing({ http: [{ route: [{ version: 'v1' }] }], trafficPolicy })[1].spec.trafficPolicy;
    expect(policyOf({ loadBalancer: { algorithm: LoadBalancerAlgorithm.RANDOM } })).toEqual({ loadBalancer: { simple: 'RANDOM' } });
    expect(policyOf({ loadBalancer: { consistentHash: { httpCookie: { name: 'user', path: '/', ttl: Duration.seconds(10) } } } }))
      .toEqual({ loadBalancer: { consistentHash: { httpCookie: { name: 'user', path: '/', ttl: '10s' } } } });
    expect(policyOf({ loadBalancer: { consistentHash: { useSourceIp: true } } })).toEqual({ loadBalancer: { consistentHash: { useSourceIp: true } } });
    expect(policyOf({ loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } })).toEqual({ loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } });
    expect(policyOf({ tls: { mode: ClientTlsMode.ISTIO_MUTUAL } })).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
    expect(policyOf({ tls: { mode: ClientTlsMode.MUTUAL, credentialName: 'client-cert', sni: 'reviews.example.com' } }))
      .toEqual({ tls: { mode: 'MUTUAL', credentialName: 'client-cert', sni: 'reviews.example.com' } });
    expect(policyOf({
      connectionPool: { maxConnections: 1, http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
      outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100 },
    })).toEqual({
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
      outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '180s', maxEjectionPercent: 100 },
    });
  });

  test('renders the same spec in networking.istio.io/v1 for OSSM 3, valid against both platforms\' CRDs', () => {
    const props: Omit<TrafficRoutingProps, 'service'> = {
      http: [{ match: [{ uri: StringMatch.prefix('/') }], route: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }], retries: { attempts: 0 } }],
      trafficPolicy: { tls: { mode: ClientTlsMode.SIMPLE, insecureSkipVerify: true }, loadBalancer: { algorithm: LoadBalancerAlgorithm.LEAST_REQUEST } },
      exportTo: ['.', 'productpage'],
    };
    const old = routing(props);
    const v1 = routing(props, V1_MESH);
    expect(v1.map((o) => o.apiVersion)).toEqual(['networking.istio.io/v1', 'networking.istio.io/v1']);
    expect(v1.map((o) => o.spec)).toEqual(old.map((o) => o.spec));
    expect(old[0].spec.exportTo).toEqual(['.', 'productpage']);
    expect(validateAll(old, '2.6')).toEqual([]);
    expect(validateAll(v1, '3')).toEqual([]);
  });

  test('a DestinationRule made elsewhere: no second one, its subsets must cover the versions routed', () => {
    const app = meshApp();
    const base = new Chart(app, 'base');
    const dr = new ServiceDestinationRule(base, 'dr', { service: reviews, versions: ['v1', 'v2'] });
    const step = new Chart(app, 'step');
    const r = new TrafficRouting(step, 'r', { service: reviews, destinationRule: dr, http: [{ route: [{ version: 'v2' }] }] });
    expect(r.destinationRule).toBe(dr.apiObject);
    expect(Testing.synth(step).map((o) => o.kind)).toEqual(['VirtualService']);
    const app2 = meshApp();
    const dr2 = new ServiceDestinationRule(new Chart(app2, 'base'), 'dr', { service: reviews, versions: ['v1'] });
    new TrafficRouting(new Chart(app2, 'step'), 'r', { service: reviews, destinationRule: dr2, http: [{ route: [{ version: 'v3' }] }] });
    expect(() => synthesizeApp(app2)).toThrow('step/r: http[0].route[0].version "v3" is not valid. Allowed: a version with a subset in DestinationRule bookinfo/reviews: "v1".');
  });
});

describe('every bad value is refused with the path, the value and what is allowed', () => {
  const bad = (props: Omit<TrafficRoutingProps, 'service'>) => () => routing(props);
  const one = [{ version: 'v1' }];
  test.each<[string, Omit<TrafficRoutingProps, 'service'>, string | RegExp]>([
    ['no rule at all', {}, /c\/r: http and tcp \{\} is not valid\. Allowed: at least one HTTP or TCP rule\./],
    ['a rule without match before the last', { http: [{ route: one }, { route: one }] },
      'c/r: http[0].match undefined is not valid. Allowed: a match, since a rule without one takes every request and the rules after it (http[1] on) would never be reached; put this rule last.'],
    ['an empty match entry', { http: [{ match: [{}], route: one }] }, /c\/r: http\[0\]\.match\[0\] \{\} is not valid\. Allowed: at least one condition/],
    ['an empty match list', { http: [{ match: [], route: one }] }, /c\/r: http\[0\]\.match \[\] is not valid\. Allowed: at least one entry/],
    ['a URI that does not start with /', { http: [{ match: [{ uri: StringMatch.prefix('reviews') }], route: one }] },
      /http\[0\]\.match\[0\]\.uri "reviews" is not valid\. Allowed: a path starting with "\/"/],
    ['a lower-case method', { http: [{ match: [{ method: StringMatch.exact('get') }], route: one }] }, /http\[0\]\.match\[0\]\.method "get" is not valid\. Allowed: an HTTP method in upper case/],
    ['a query parameter prefix', { http: [{ match: [{ queryParams: { q: StringMatch.prefix('x') } }], route: one }] },
      /http\[0\]\.match\[0\]\.queryParams\.q type "prefix" is not valid\. Allowed: "exact", "regex" here\./],
    ['a query parameter name with =', { http: [{ match: [{ queryParams: { 'a=b': StringMatch.exact('x') } }], route: one }] }, /query parameter name "a=b" is not valid/],
    ['ignoreUriCase without uri', { http: [{ match: [{ ignoreUriCase: true, port: 80 }], route: one }] }, /http\[0\]\.match\[0\]\.ignoreUriCase true is not valid\. Allowed: only together with uri\./],
    ['a header key __proto__', { http: [{ match: [{ headers: JSON.parse('{"__proto__": 1}') }], route: one }] }, /header name "__proto__" is not valid/],
    ['a source namespace that is no namespace', { http: [{ match: [{ sourceNamespace: 'Book Info' }], route: one }] }, /sourceNamespace "Book Info" is not valid/],
    ['an empty route', { http: [{ route: [] }] }, /http\[0\]\.route \[\] is not valid\. Allowed: at least one destination\./],
    ['a missing weight among several', { http: [{ route: [{ version: 'v1', weight: 50 }, { version: 'v2' }] }] },
      /http\[0\]\.route weights "v1=50, v2=undefined" is not valid\. Allowed: a weight on every destination when a route has more than one\./],
    ['the same destination twice', { http: [{ route: [{ version: 'v1', weight: 50 }, { version: 'v1', weight: 50 }] }] },
      /http\[0\]\.route\[1\] .* is not valid\. Allowed: each destination at most once per route \(http\[0\]\.route\[0\] is the same\)\./],
    ['a port outside 1–65535', { http: [{ route: [{ version: 'v1', port: 0 }] }] }, /http\[0\]\.route\[0\]\.port 0 is not valid/],
    ['retries with an unknown condition', { http: [{ route: one, retries: { attempts: 3, retryOn: ['5xx', 'sometimes'] } }] },
      /http\[0\]\.retries\.retryOn\[1\] "sometimes" is not valid\. Allowed: "5xx", "gateway-error"/],
    ['retries with a repeated condition', { http: [{ route: one, retries: { attempts: 3, retryOn: ['5xx', '5xx'] } }] }, /retryOn\[1\] "5xx" is not valid\. Allowed: each condition once\./],
    ['negative retry attempts', { http: [{ route: one, retries: { attempts: -1 } }] }, /http\[0\]\.retries\.attempts -1 is not valid/],
    ['a zero timeout', { http: [{ route: one, timeout: Duration.seconds(0) }] }, /http\[0\]\.timeout Duration\(0 seconds\) is not valid/],
    ['a mirror percentage above 100', { http: [{ route: one, mirror: { version: 'v2', percentage: 101 } }] }, /http\[0\]\.mirror\.percentage 101 is not valid/],
    ['a fault without abort or delay', { http: [{ route: one, fault: {} }] }, /http\[0\]\.fault \{\} is not valid\. Allowed: an abort, a delay, or both\./],
    ['an empty traffic policy', { http: [{ route: one }], trafficPolicy: {} }, /trafficPolicy \{\} is not valid\. Allowed: at least one of connectionPool/],
    ['an empty connection pool', { http: [{ route: one }], trafficPolicy: { connectionPool: {} } }, /trafficPolicy\.connectionPool \{\} is not valid\. Allowed: at least one setting/],
    ['a load balancer with both kinds', { http: [{ route: one }], trafficPolicy: { loadBalancer: { algorithm: LoadBalancerAlgorithm.RANDOM, consistentHash: { useSourceIp: true } } } },
      /trafficPolicy\.loadBalancer .* is not valid\. Allowed: exactly one of algorithm and consistentHash\./],
    ['LEAST_CONN, deprecated in Istio', { http: [{ route: one }], trafficPolicy: { loadBalancer: { algorithm: 'LEAST_CONN' as LoadBalancerAlgorithm } } },
      /trafficPolicy\.loadBalancer\.algorithm "LEAST_CONN" is not valid\. Allowed: "ROUND_ROBIN", "LEAST_REQUEST", "RANDOM", "PASSTHROUGH"\./],
    ['a consistent hash on two keys', { http: [{ route: one }], trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x', useSourceIp: true } } } },
      /Allowed: exactly one of httpHeaderName, httpCookie, useSourceIp and httpQueryParameterName\./],
    ['useSourceIp false', { http: [{ route: one }], trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: false } } } }, /useSourceIp false is not valid\. Allowed: true/],
    ['a cookie name with a space', { http: [{ route: one }], trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'my cookie' } } } } }, /httpCookie\.name "my cookie" is not valid/],
    ['MUTUAL TLS without a certificate', { http: [{ route: one }], trafficPolicy: { tls: { mode: ClientTlsMode.MUTUAL } } },
      /trafficPolicy\.tls \{"mode":"MUTUAL"\} is not valid\. Allowed: for MUTUAL, a credentialName, or both clientCertificate and privateKey\./],
    ['a certificate with ISTIO_MUTUAL', { http: [{ route: one }], trafficPolicy: { tls: { mode: ClientTlsMode.ISTIO_MUTUAL, credentialName: 'x' } } },
      /trafficPolicy\.tls\.credentialName "x" is not valid\. Allowed: with mode ISTIO_MUTUAL, only sni, subjectAltNames/],
    ['DISABLE with an SNI', { http: [{ route: one }], trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE, sni: 'x' } } }, /Allowed: with mode DISABLE, only no other field/],
    ['a relative certificate file', { http: [{ route: one }], trafficPolicy: { tls: { mode: ClientTlsMode.MUTUAL, clientCertificate: 'cert.pem', privateKey: '/k' } } },
      /trafficPolicy\.tls\.clientCertificate "cert\.pem" is not valid\. Allowed: an absolute path/],
    ['exportTo with * and a namespace', { http: [{ route: one }], exportTo: ['*', 'bookinfo'] }, /c\/r: exportTo \["\*","bookinfo"\] is not valid/],
    ['a name that is no object name', { http: [{ route: one }], name: 'Reviews' }, /c\/r: name "Reviews" is not valid/],
  ])('%s', (_, props, message) => {
    expect(bad(props)).toThrow(message);
  });

  test('trafficPolicy together with a given DestinationRule, and a DestinationRule of another host', () => {
    const app = meshApp();
    const chart = new Chart(app, 'c');
    const dr = new ServiceDestinationRule(chart, 'dr', { service: ratings });
    expect(() => new TrafficRouting(chart, 'a', { service: ratings, destinationRule: dr, trafficPolicy: { tls: { mode: ClientTlsMode.ISTIO_MUTUAL } }, http: [{ route: [{ version: 'v1' }] }] }))
      .toThrow(/c\/a: trafficPolicy .* is not valid\. Allowed: no trafficPolicy together with destinationRule/);
    expect(() => new TrafficRouting(chart, 'b', { service: reviews, destinationRule: dr, http: [{ route: [{ version: 'v1' }] }] }))
      .toThrow('c/b: destinationRule "c/dr" is not valid. Allowed: a ServiceDestinationRule for reviews.bookinfo.svc.cluster.local (this one configures ratings.bookinfo.svc.cluster.local).');
  });
});
