// The Kiali 1.73 wizards as charts: Request Routing in full, Request Timeouts, TCP Traffic Shifting, a mirrored
// workload in Traffic Shifting, and the advanced options (traffic policy, PeerAuthentication) on every wizard chart.
import { App, Duration, Testing } from 'cdk8s';
import {
  CircuitBreakerChart, ClientTlsMode, DEFAULT_MESH_CONTROL_PLANE, FaultInjectionChart, HeaderMatch, HeaderRoutingChart, IMeshControlPlane, IstioApiVersion,
  LoadBalancerAlgorithm, MeshService, MtlsMode, OssmVersion, RequestRoutingChart, RequestTimeoutsChart, RetryOn, StringMatch, TcpTrafficShiftingChart,
  WeightedRoutingChart,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { find } from '../support/objects';

const V1_MESH: IMeshControlPlane = { ...DEFAULT_MESH_CONTROL_PLANE, ossmVersion: OssmVersion.V3, istioApiVersion: IstioApiVersion.V1, createsGatewayRoutes: false };
const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });
const mysql = MeshService.fromServiceName('mysqldb', 'travel-agency', { port: 3306, versions: ['v1', 'v2'] });
const HOST = 'travels.travel-agency.svc.cluster.local';
const synth = (build: (app: App) => void): KubeObject[] => { const app = Testing.app(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };
const vsOf = (objects: KubeObject[]) => objects.find((o) => o.kind === 'VirtualService')!;

describe('RequestRoutingChart: the Request Routing wizard in full', () => {
  const rules = [
    { match: [{ headers: { portal: StringMatch.exact('viaggi.it') }, uri: StringMatch.prefix('/travels') }], route: [{ version: 'v2', weight: 100 }],
      fault: { abort: { percentage: 10, httpStatus: 503 } }, timeout: Duration.seconds(2), retries: { attempts: 3, perTryTimeout: Duration.seconds(2) } },
    { match: [{ method: StringMatch.exact('POST') }, { authority: StringMatch.exact('travels.example.com') }, { scheme: StringMatch.exact('https') }],
      route: [{ version: 'v3', weight: 100 }], mirror: { version: 'v1', percentage: 50 } },
    { route: [{ version: 'v1', weight: 100 }] },
  ];
  test('snapshot', () => {
    expect(Testing.synth(new RequestRoutingChart(Testing.app(), 'rr', { service: travels, rules }))).toMatchSnapshot();
  });
  test('labelled request_routing; rules as given; valid on both platforms', () => {
    const objects = synth((app) => new RequestRoutingChart(app, 'rr', { service: travels, rules }));
    expect(objects.map((o) => o.metadata?.labels?.kiali_wizard)).toEqual(['request_routing', 'request_routing']);
    expect(vsOf(objects).spec.http.map((r: any) => [r.match?.length ?? 0, r.route[0].destination.subset, r.timeout, r.mirror?.subset])).toEqual([
      [1, 'v2', '2s', undefined], [3, 'v3', undefined, 'v1'], [0, 'v1', undefined, undefined]]);
    expect(validateAll(objects, '2.6')).toEqual([]);
    expect(validateAll(synth((app) => new RequestRoutingChart(app, 'rr', { service: travels, rules, controlPlane: V1_MESH })), '3')).toEqual([]);
  });
});

describe('RequestTimeoutsChart: the Request Timeouts wizard', () => {
  test('a timeout and retries over the even split, labelled request_timeouts', () => {
    const objects = synth((app) => new RequestTimeoutsChart(app, 'rt', {
      service: travels, timeout: Duration.seconds(2), retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM] },
    }));
    expect(vsOf(objects).metadata!.labels!.kiali_wizard).toBe('request_timeouts');
    expect(vsOf(objects).spec.http).toEqual([{
      route: ['v1', 'v2', 'v3'].map((v, i) => ({ destination: { host: HOST, subset: v }, weight: [33, 33, 34][i] })),
      timeout: '2s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' },
    }]);
  });
  test('neither a timeout nor retries is refused', () => {
    expect(() => synth((app) => new RequestTimeoutsChart(app, 'rt', { service: travels })))
      .toThrow('rt: timeout and retries {} is not valid. Allowed: a timeout, a retry policy, or both.');
  });
});

describe('TcpTrafficShiftingChart: the TCP Traffic Shifting wizard', () => {
  test('a tcp rule with the weights, labelled tcp_traffic_shifting, on both platforms', () => {
    const objects = synth((app) => new TcpTrafficShiftingChart(app, 'tcp', { service: mysql, weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] }));
    const vs = vsOf(objects);
    expect(vs.metadata!.labels!.kiali_wizard).toBe('tcp_traffic_shifting');
    expect(vs.spec).toEqual({ hosts: ['mysqldb.travel-agency.svc.cluster.local'], tcp: [{ route: [
      { destination: { host: 'mysqldb.travel-agency.svc.cluster.local', subset: 'v1' }, weight: 80 },
      { destination: { host: 'mysqldb.travel-agency.svc.cluster.local', subset: 'v2' }, weight: 20 }] }] });
    expect(validateAll(synth((app) => new TcpTrafficShiftingChart(app, 'tcp', { service: mysql, controlPlane: V1_MESH })), '3')).toEqual([]);
  });
});

describe('the advanced options on every wizard chart', () => {
  test('WeightedRoutingChart: a mirrored version, a load balancer and TLS, and a PeerAuthentication as Kiali writes it', () => {
    const objects = synth((app) => new WeightedRoutingChart(app, 'wr', {
      service: travels, weights: [{ version: 'v1', weight: 100 }], mirror: { version: 'v2', percentage: 20 },
      trafficPolicy: { tls: { mode: ClientTlsMode.ISTIO_MUTUAL }, loadBalancer: { algorithm: LoadBalancerAlgorithm.ROUND_ROBIN } },
      peerAuthentication: MtlsMode.STRICT,
    }));
    expect(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata?.name}`)).toEqual([
      'networking.istio.io/v1beta1 VirtualService travels', 'networking.istio.io/v1beta1 DestinationRule travels', 'security.istio.io/v1beta1 PeerAuthentication travels']);
    expect(vsOf(objects).spec.http[0]).toMatchObject({ mirror: { host: HOST, subset: 'v2' }, mirrorPercentage: { value: 20 } });
    expect(find(objects, 'DestinationRule', 'travels').spec.trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' }, loadBalancer: { simple: 'ROUND_ROBIN' } });
    expect(find(objects, 'PeerAuthentication', 'travels')).toMatchObject({
      metadata: { namespace: 'travel-agency', labels: { 'kiali_wizard': 'traffic_shifting', 'app.kubernetes.io/managed-by': 'cdk8s-ossm' } },
      spec: { selector: { matchLabels: { app: 'travels' } }, mtls: { mode: 'STRICT' } },
    });
    expect(validateAll(objects, '2.6')).toEqual([]);
  });

  test('the other charts take them too; CircuitBreakerChart merges its pool and outlier detection into the policy', () => {
    const policy = { loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } };
    const dr = (build: (app: App) => void) => find(synth(build), 'DestinationRule', 'travels').spec.trafficPolicy;
    expect(dr((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: 'portal', match: HeaderMatch.exact('a'), version: 'v1' }], defaultRoute: 'v2', trafficPolicy: policy })))
      .toEqual({ loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } });
    expect(dr((app) => new FaultInjectionChart(app, 'fi', { service: travels, abort: { percentage: 1, httpStatus: 500 }, trafficPolicy: policy }))).toEqual(dr((app) => new RequestTimeoutsChart(app, 'rt', { service: travels, timeout: Duration.seconds(1), trafficPolicy: policy })));
    expect(dr((app) => new CircuitBreakerChart(app, 'cb', { service: travels, trafficPolicy: policy }))).toEqual({
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } },
      loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } },
      outlierDetection: { consecutive5xxErrors: 1 },
    });
    expect(() => synth((app) => new CircuitBreakerChart(app, 'cb', { service: travels, connectionPool: { maxConnections: 2 }, trafficPolicy: { connectionPool: { maxConnections: 3 } } })))
      .toThrow(/cb: connectionPool and trafficPolicy\.connectionPool \{"maxConnections":2\} is not valid\. Allowed: one of the two/);
  });

  test('the PeerAuthentication follows the control plane\'s API version', () => {
    const objects = synth((app) => new TcpTrafficShiftingChart(app, 'tcp', { service: mysql, peerAuthentication: MtlsMode.PERMISSIVE, controlPlane: V1_MESH }));
    expect(find(objects, 'PeerAuthentication', 'mysqldb').apiVersion).toBe('security.istio.io/v1');
    expect(validateAll(objects, '3')).toEqual([]);
  });
});
