// GatewayApiIngress: a Gateway of class istio (with a Route per host to the gateway's ClusterIP Service) or
// openshift-default (in openshift-ingress, no Route), its HTTPRoute from the routing intent, TLS by certificateRefs;
// valid against the OSSM 3 CRDs and Gateway API v1.2.1 with unknown fields as errors; bad values refused.
import { App, Chart } from 'cdk8s';
import {
  GatewayApiIngress, GatewayApiIngressProps, IngressGatewayClass, Mesh, MeshService, StringMatch,
} from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { V1_MESH } from '../support/control-planes';
import { validateAll } from '../support/crd-schema';
import { errorOf } from '../support/errors';

function synth(props: Omit<GatewayApiIngressProps, 'service'>): KubeObject[] {
  const app = new App();
  Mesh.declare(app, V1_MESH);
  const chart = new Chart(app, 'c');
  const productpage = new MeshService(chart, 'productpage', { name: 'productpage', namespace: 'bookinfo', port: { number: 9080 } });
  productpage.addVersion({ version: 'v1', image: 'productpage:v1' });
  new GatewayApiIngress(chart, 'ingress', { service: productpage, ...props });
  return synthesizeApp(app).flatMap((c) => c.objects);
}
const HOST = 'bookinfo.apps.example.com';

describe('GatewayApiIngress', () => {
  test('class istio: a Gateway asking for a ClusterIP Service, the HTTPRoute, and a Route to <gateway>-istio', () => {
    const objects = synth({
      hosts: [HOST],
      http: [{ match: [{ uri: StringMatch.exact('/productpage') }, { uri: StringMatch.prefix('/static') }], route: [{ version: 'v1' }] }],
    });
    const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
    const [gateway] = byKind('Gateway');
    expect(gateway.metadata).toEqual(expect.objectContaining({ name: 'productpage-gateway', namespace: 'bookinfo', annotations: { 'networking.istio.io/service-type': 'ClusterIP' } }));
    expect(gateway.spec).toEqual({
      gatewayClassName: 'istio',
      listeners: [{ name: 'http-0', hostname: HOST, port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
    });
    const [route] = byKind('HTTPRoute');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'productpage-gateway' }],
      hostnames: [HOST],
      rules: [{
        matches: [{ path: { type: 'Exact', value: '/productpage' } }, { path: { type: 'RegularExpression', value: '/static.*' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'productpage-v1', port: 9080, weight: 1 }],
      }],
    });
    expect(byKind('Route').map((r) => r.spec)).toEqual([
      { host: HOST, port: { targetPort: 'http-0' }, to: { kind: 'Service', name: 'productpage-gateway-istio', weight: 100 } },
    ]);
    expect(byKind('Service').map((s) => s.metadata?.name)).toEqual(['productpage', 'productpage-v1']);
    expect(validateAll(objects, '3')).toEqual([]);
    expect(analyze(objects).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('TLS: HTTPS listeners terminating with the Secret, passthrough Routes; every request to the service by default', () => {
    const objects = synth({ hosts: [HOST, 'www.example.com'], tlsSecretName: 'bookinfo-cert' });
    const gateway = objects.find((o) => o.kind === 'Gateway')!;
    expect((gateway.spec as any).listeners.map((l: any) => [l.name, l.port, l.protocol, l.tls])).toEqual([
      ['https-0', 443, 'HTTPS', { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'bookinfo-cert' }] }],
      ['https-1', 443, 'HTTPS', { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'bookinfo-cert' }] }],
    ]);
    expect(objects.filter((o) => o.kind === 'Route').map((r) => [(r.spec as any).host, (r.spec as any).port, (r.spec as any).tls])).toEqual([
      [HOST, { targetPort: 'https-0' }, { termination: 'passthrough' }],
      ['www.example.com', { targetPort: 'https-0' }, { termination: 'passthrough' }],
    ]);
    expect((objects.find((o) => o.kind === 'HTTPRoute')!.spec as any).rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'productpage', port: 9080, weight: 1 }]);
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('class openshift-default: the Gateway in openshift-ingress, routes allowed from other namespaces, no Route', () => {
    const objects = synth({ hosts: [HOST], gatewayClass: IngressGatewayClass.OPENSHIFT_DEFAULT });
    const gateway = objects.find((o) => o.kind === 'Gateway')!;
    expect([gateway.metadata?.namespace, gateway.metadata?.annotations, (gateway.spec as any).gatewayClassName, (gateway.spec as any).listeners[0].allowedRoutes])
      .toEqual(['openshift-ingress', undefined, 'openshift-default', { namespaces: { from: 'All' } }]);
    expect((objects.find((o) => o.kind === 'HTTPRoute')!.spec as any).parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'productpage-gateway', namespace: 'openshift-ingress' },
    ]);
    expect(objects.filter((o) => o.kind === 'Route')).toEqual([]);
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('refuses wildcards, repeated hosts, openshift-default elsewhere than openshift-ingress, and what Gateway API cannot express', () => {
    const message = (props: Omit<GatewayApiIngressProps, 'service'>) => String(errorOf(() => synth(props)).message);
    expect(message({ hosts: ['*.example.com'] })).toMatch(/c\/ingress: hosts\[0\] "\*\.example\.com" is not valid\. Allowed: a DNS name with a domain/);
    expect(message({ hosts: [HOST, HOST] })).toMatch(/hosts\[1\] .*each host once/);
    expect(message({ hosts: [HOST], gatewayClass: IngressGatewayClass.OPENSHIFT_DEFAULT, gatewayNamespace: 'bookinfo' })).toMatch(/gatewayNamespace "bookinfo" .*"openshift-ingress"/);
    expect(message({ hosts: [HOST], http: [{ route: [{}], fault: { abort: { percentage: 1, httpStatus: 500 } } }] })).toMatch(/http\[0\]\.fault .*no fault injection/);
  });
});
