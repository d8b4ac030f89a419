// GatewayApiRouting for a gRPC port (port name grpc or grpc-*, as Istio's protocol selection reads it): a GRPCRoute
// (Gateway API v1.2.1 standard channel) with the Service as parent, method matches from the exact paths
// /<package.Service>/<Method>, headers, weights and the mirror carried over; valid against the CRDs with unknown
// fields as errors; what a GRPCRoute cannot express refused with the intent field and why.
import { App, Chart, Duration } from 'cdk8s';
import { explain, GatewayApiIngress, GatewayApiRouting, GatewayApiRoutingProps, Mesh, MeshService, StringMatch, TrafficRouting } from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { KubeObject } from '../../lib/analysis/types';
import { isGrpcPortName } from '../../lib/traffic/render-gateway-api/convert-grpc';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { V1_MESH } from '../support/control-planes';
import { errorOf } from '../support/errors';

const greeter = MeshService.fromServiceName('greeter', 'grpc-demo', { port: 50051, versions: ['v1', 'v2'], portName: 'grpc-api' });

function synth(props: Omit<GatewayApiRoutingProps, 'service' | 'controlPlane'>, service = greeter): KubeObject[] {
  const app = new App();
  new GatewayApiRouting(new Chart(app, 'c'), 'r', { service, controlPlane: V1_MESH, ...props });
  return synthesizeApp(app).flatMap((c) => c.objects);
}
const backend = (name: string, weight: number) => ({ group: '', kind: 'Service', name, port: 50051, weight });

describe('GatewayApiRouting on a gRPC port', () => {
  test('Istio\'s protocol selection: grpc and grpc-* are gRPC; grpc-web, http and a reference without port name are not', () => {
    expect(['grpc', 'grpc-api', 'GRPC'].map(isGrpcPortName)).toEqual([true, true, true]);
    expect(['grpc-web', 'grpcx', 'http', 'http2', undefined].map(isGrpcPortName)).toEqual([false, false, false, false, false]);
  });

  test('a GRPCRoute: method matches from exact paths, header matches, weights and the mirror; valid against the CRDs', () => {
    const objects = synth({
      http: [
        { match: [{ uri: StringMatch.exact('/helloworld.Greeter/SayHello'), headers: { 'x-canary': StringMatch.exact('1') } }], route: [{ version: 'v2' }] },
        { route: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }], mirror: { version: 'v2' } },
      ],
    });
    expect(objects.map((o) => [o.apiVersion, o.kind, o.metadata?.name])).toEqual([
      ['gateway.networking.k8s.io/v1', 'GRPCRoute', 'greeter'],
      ['v1', 'Service', 'greeter-v2'],
      ['v1', 'Service', 'greeter-v1'],
    ]);
    const route = objects[0];
    expect(route.spec).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'greeter' }],
      rules: [
        {
          matches: [{ method: { type: 'Exact', service: 'helloworld.Greeter', method: 'SayHello' }, headers: [{ type: 'Exact', name: 'x-canary', value: '1' }] }],
          backendRefs: [backend('greeter-v2', 1)],
        },
        {
          backendRefs: [backend('greeter-v1', 90), backend('greeter-v2', 10)],
          filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { group: '', kind: 'Service', name: 'greeter-v2', port: 50051 } } }],
        },
      ],
    });
    // the per-version Services keep the gRPC port name, else Istio would take them as HTTP/1.1
    expect(objects.slice(1).map((o) => (o.spec as any).ports)).toEqual([[{ name: 'grpc-api', port: 50051 }], [{ name: 'grpc-api', port: 50051 }]]);
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('an HTTP port keeps the HTTPRoute; a MeshService\'s port name decides', () => {
    const http = MeshService.fromServiceName('greeter', 'grpc-demo', { port: 50051, versions: ['v1'] });
    expect(synth({ http: [{ route: [{ version: 'v1' }] }] }, http)[0].kind).toBe('HTTPRoute');
    const app = new App();
    Mesh.declare(app, V1_MESH);
    const chart = new Chart(app, 'c');
    const svc = new MeshService(chart, 'greeter', { name: 'greeter', namespace: 'grpc-demo', port: { number: 50051, name: 'grpc' } });
    svc.addVersion({ version: 'v1', image: 'greeter:v1' });
    expect(svc.portName).toBe('grpc');
    new GatewayApiRouting(chart, 'r', { service: svc, controlPlane: V1_MESH, http: [{ route: [{ version: 'v1' }] }] });
    const objects = synthesizeApp(app).flatMap((c) => c.objects);
    expect(objects.filter((o) => o.kind === 'GRPCRoute').map((o) => (o.spec as any).rules)).toEqual([[{ backendRefs: [backend('greeter-v1', 1)] }]]);
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('explain follows the GRPCRoute of the mesh: a gRPC method is the path /<service>/<method>; same destinations as the Istio rendering', () => {
    const render = (api: 'gateway-api' | 'istio') => {
      const app = new App();
      Mesh.declare(app, V1_MESH);
      const chart = new Chart(app, 'c');
      const svc = new MeshService(chart, 'greeter', { name: 'greeter', namespace: 'grpc-demo', port: { number: 50051, name: 'grpc' } });
      svc.addVersion({ version: 'v1', image: 'greeter:v1' });
      svc.addVersion({ version: 'v2', image: 'greeter:v2' });
      const http = [
        { match: [{ uri: StringMatch.exact('/helloworld.Greeter/SayHello'), headers: { 'x-canary': StringMatch.exact('1') } }], route: [{ version: 'v2' }] },
        { route: [{ version: 'v1', weight: 75 }, { version: 'v2', weight: 25 }] },
      ];
      if (api === 'gateway-api') new GatewayApiRouting(chart, 'r', { service: svc, http });
      else new TrafficRouting(chart, 'r', { service: svc, http });
      return synthesizeApp(app).flatMap((c) => c.objects);
    };
    const requests = [
      { path: '/helloworld.Greeter/SayHello', headers: { 'x-canary': '1' } },
      { path: '/helloworld.Greeter/SayHello' },
      { path: '/helloworld.Greeter/SayGoodbye', headers: { 'x-canary': '1' } },
    ];
    const reached = (objects: KubeObject[], r: typeof requests[number]) => {
      const e = explain(objects, { host: 'greeter.grpc-demo', fromNamespace: 'grpc-demo', method: 'POST', ...r });
      return { outcome: e.outcome, destinations: e.destinations.map((d) => [d.workloads, d.weight]) };
    };
    const gatewayApi = render('gateway-api');
    expect(explain(gatewayApi, { host: 'greeter', fromNamespace: 'grpc-demo', method: 'POST', ...requests[0] }).virtualService).toBe('GRPCRoute grpc-demo/greeter');
    expect(reached(gatewayApi, requests[0]).destinations).toEqual([[['grpc-demo/greeter-v2'], 100]]);
    expect(reached(gatewayApi, requests[2]).destinations).toEqual([[['grpc-demo/greeter-v1'], 75], [['grpc-demo/greeter-v2'], 25]]);
    const istio = render('istio');
    for (const r of requests) expect(reached(gatewayApi, r)).toEqual(reached(istio, r));
  });

  test('the analyzer knows GRPCRoutes: one with a VirtualService on its Service (OSSM901), one to a missing Service (OSSM902)', () => {
    const objects = synth({ http: [{ route: [{ version: 'v1' }] }] });
    const grpcRoute = objects.find((o) => o.kind === 'GRPCRoute')!;
    const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'greeter', namespace: 'grpc-demo' }, spec: { selector: { app: 'greeter' }, ports: [{ name: 'grpc-api', port: 50051 }] } };
    const codes = (set: KubeObject[]) => analyze(set).findings.filter((f) => f.code === 'OSSM901' || f.code === 'OSSM902').map((f) => `${f.code} ${f.message}`);
    // negative: the Services are all there, no VirtualService
    expect(codes([...objects, service])).toEqual([]);
    // OSSM902: the per-version Service the GRPCRoute sends to is missing
    expect(codes([grpcRoute, service])).toEqual([expect.stringMatching(/^OSSM902 .*rules\[0\]\.backendRefs\[0\] names Service grpc-demo\/greeter-v1, which is not in the set/)]);
    // OSSM901: a VirtualService also routes the Service on the mesh
    const vs: KubeObject = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'greeter', namespace: 'grpc-demo' }, spec: { hosts: ['greeter'], http: [{ route: [{ destination: { host: 'greeter' } }] }] } };
    expect(codes([...objects, service, vs])).toEqual([expect.stringMatching(/^OSSM901 .*VirtualService grpc-demo\/greeter also routes it/)]);
  });

  test('in an ambient namespace a GRPCRoute needs a waypoint like an HTTPRoute (OSSM904)', () => {
    const objects = synth({ http: [{ route: [{ version: 'v1' }] }] });
    const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'greeter', namespace: 'grpc-demo' }, spec: { selector: { app: 'greeter' }, ports: [{ name: 'grpc-api', port: 50051 }] } };
    const ns = (labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'grpc-demo', labels: { 'istio.io/dataplane-mode': 'ambient', ...labels } } });
    const waypoint: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: 'grpc-demo', labels: { 'istio.io/waypoint-for': 'service' } },
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    };
    const ossm904 = (set: KubeObject[]) => analyze(set).findings.filter((f) => f.code === 'OSSM904').map((f) => `${f.kind} ${f.message}`);
    expect(ossm904([...objects, service, ns({})])).toEqual([expect.stringMatching(/^GRPCRoute parentRefs\[0\] is Service grpc-demo\/greeter of an ambient namespace, and no waypoint serves it/)]);
    expect(ossm904([...objects, service, ns({ 'istio.io/use-waypoint': 'waypoint' }), waypoint])).toEqual([]);
  });

  test('GatewayApiIngress of a gRPC service: a GRPCRoute with the Gateway as parent, which explain follows from outside', () => {
    const app = new App();
    Mesh.declare(app, V1_MESH);
    const chart = new Chart(app, 'c');
    const svc = new MeshService(chart, 'greeter', { name: 'greeter', namespace: 'grpc-demo', port: { number: 50051, name: 'grpc' } });
    svc.addVersion({ version: 'v1', image: 'greeter:v1' });
    svc.addVersion({ version: 'v2', image: 'greeter:v2' });
    new GatewayApiIngress(chart, 'ingress', {
      service: svc, hosts: ['greeter.apps.example.com'],
      http: [{ match: [{ uri: StringMatch.exact('/helloworld.Greeter/SayHello') }], route: [{ version: 'v2' }] }, { route: [{ version: 'v1' }] }],
    });
    const objects = synthesizeApp(app).flatMap((c) => c.objects);
    const route = objects.find((o) => o.kind === 'GRPCRoute')!;
    expect(objects.filter((o) => o.kind === 'HTTPRoute')).toEqual([]);
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'greeter-gateway' }],
      hostnames: ['greeter.apps.example.com'],
      rules: [
        { matches: [{ method: { type: 'Exact', service: 'helloworld.Greeter', method: 'SayHello' } }], backendRefs: [backend('greeter-v2', 1)] },
        { backendRefs: [backend('greeter-v1', 1)] },
      ],
    });
    expect(validateAll(objects, '3')).toEqual([]);
    const call = (path: string) => explain(objects, { host: 'greeter.apps.example.com', method: 'POST', path });
    expect([call('/helloworld.Greeter/SayHello').virtualService, call('/helloworld.Greeter/SayHello').destinations.map((d) => d.workloads)])
      .toEqual(['GRPCRoute grpc-demo/greeter-ingress', [['grpc-demo/greeter-v2']]]);
    expect(call('/helloworld.Greeter/Other').destinations.map((d) => d.workloads)).toEqual([['grpc-demo/greeter-v1']]);
    expect(String(errorOf(() => new GatewayApiIngress(new Chart(app, 'd'), 'ingress', {
      service: svc, hosts: ['greeter.apps.example.com'], http: [{ match: [{ uri: StringMatch.prefix('/helloworld') }], route: [{ version: 'v1' }] }],
    }))?.message)).toMatch(/d\/ingress: http\[0\]\.match\[0\]\.uri .*is gRPC\): a GRPCRoute matches a gRPC method exactly/);
  });

  test('refuses what a GRPCRoute cannot express, naming the intent field and why', () => {
    const message = (props: Omit<GatewayApiRoutingProps, 'service' | 'controlPlane'>) => String(errorOf(() => synth(props))?.message);
    expect(message({ http: [{ match: [{ uri: StringMatch.prefix('/helloworld.Greeter/') }], route: [{ version: 'v1' }] }] }))
      .toMatch(/c\/r: http\[0\]\.match\[0\]\.uri .*port grpc-api of greeter is gRPC\): a GRPCRoute matches a gRPC method exactly/);
    expect(message({ http: [{ match: [{ uri: StringMatch.exact('/not-a-method') }], route: [{ version: 'v1' }] }] })).toMatch(/http\[0\]\.match\[0\]\.uri .*not Exact "\/not-a-method"/);
    expect(message({ http: [{ route: [{ version: 'v1' }], timeout: Duration.seconds(2) }] })).toMatch(/http\[0\]\.timeout .*GRPCRoute of Gateway API v1\.2\.1 has no timeouts/);
    expect(message({ http: [{ match: [{ method: StringMatch.exact('GET') }], route: [{ version: 'v1' }] }] })).toMatch(/http\[0\]\.match\[0\]\.method .*every gRPC call is a POST/);
    expect(String(errorOf(() => MeshService.fromServiceName('g', 'n', { port: 1, versions: [], portName: 'Bad_Name' }))?.message)).toMatch(/options\.portName "Bad_Name"/);
  });
});
