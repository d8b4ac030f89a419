// The advanced options every Kiali-wizard-shaped chart takes (KialiWizardOptions): the DestinationRule's traffic
// policy and a PeerAuthentication for the service.
import { App, Duration, Testing } from 'cdk8s';
import {
  CircuitBreakerChart, ClientTlsMode, FaultInjectionChart, HeaderMatch, HeaderRoutingChart, LoadBalancerAlgorithm, MeshService, MtlsMode, RequestTimeoutsChart, TcpTrafficShiftingChart, WeightedRoutingChart,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { find } from '../support/objects';
import { V1_MESH, meshApp } from '../support/control-planes';

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });
const mysql = MeshService.fromServiceName('mysqldb', 'travel-agency', { port: 3306, versions: ['v1', 'v2'] });
const HOST = 'travels.travel-agency.svc.cluster.local';
const synth = (build: (app: App) => void): KubeObject[] => { const app = meshApp(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };
const vsOf = (objects: KubeObject[]) => objects.find((o) => o.kind === 'VirtualService')!;

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
