// MeshIngress: its own VirtualService name, several hosts, path matches, HTTPS with a credential, an existing Gateway,
// and a Route per host or none with IOR, on both platforms.
import { App, Chart, Testing } from 'cdk8s';
import {
  DEFAULT_MESH_CONTROL_PLANE, IMeshControlPlane, IstioApiVersion, MeshIngress, MeshIngressProps, MeshService, OssmVersion, StringMatch,
  synthWarningsOf,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';
import { find } from '../support/objects';
import { meshApp } from '../support/control-planes';

const V1_MESH: IMeshControlPlane = {
  ...DEFAULT_MESH_CONTROL_PLANE, ossmVersion: OssmVersion.V3, istioApiVersion: IstioApiVersion.V1, createsGatewayRoutes: false,
  ingressGateway: { ...DEFAULT_MESH_CONTROL_PLANE.ingressGateway, namespace: 'istio-ingress' },
};
const productpage = MeshService.fromServiceName('productpage', 'bookinfo', { port: 9080, versions: ['v1'] });
const FQDN = 'productpage.bookinfo.svc.cluster.local';

function synth(props: Omit<MeshIngressProps, 'service'>): { objects: KubeObject[]; chart: Chart } {
  const chart = new Chart(meshApp(), 'c');
  new MeshIngress(chart, 'ingress', { service: productpage, ...props });
  return { objects: Testing.synth(chart), chart };
}

test('the VirtualService is <service>-ingress by default, or the name given (Istio names Bookinfo\'s "bookinfo")', () => {
  expect(find(synth({ host: 'shop.example.com' }).objects, 'VirtualService', 'productpage-ingress').spec.gateways).toEqual(['bookinfo/productpage-gateway']);
  expect(find(synth({ host: 'shop.example.com', virtualServiceName: 'bookinfo', gatewayName: 'bookinfo-gateway' }).objects, 'VirtualService', 'bookinfo').spec.gateways)
    .toEqual(['bookinfo/bookinfo-gateway']);
});

test('Istio\'s bookinfo-gateway: any host, port 8080, five path matches to the service port', () => {
  const { objects } = synth({ host: '*', gatewayPort: 8080, paths: [StringMatch.exact('/productpage'), StringMatch.prefix('/static')] });
  expect(find(objects, 'Gateway', 'productpage-gateway').spec.servers).toEqual([{ hosts: ['*'], port: { name: 'http', number: 8080, protocol: 'HTTP' } }]);
  expect(find(objects, 'VirtualService', 'productpage-ingress').spec).toEqual({
    gateways: ['bookinfo/productpage-gateway'], hosts: ['*'],
    http: [{ match: [{ uri: { exact: '/productpage' } }, { uri: { prefix: '/static' } }], route: [{ destination: { host: FQDN, port: { number: 9080 } } }] }],
  });
});

test('several hosts, HTTPS with a credential and a redirect; a passthrough Route per host without IOR', () => {
  const { objects } = synth({
    hosts: ['shop.example.com', 'www.shop.example.com'], tls: { credentialName: 'shop-cert' }, controlPlane: V1_MESH,
  });
  expect(find(objects, 'Gateway', 'productpage-gateway').spec.servers).toEqual([
    { hosts: ['shop.example.com', 'www.shop.example.com'], port: { name: 'http', number: 80, protocol: 'HTTP' }, tls: { httpsRedirect: true } },
    { hosts: ['shop.example.com', 'www.shop.example.com'], port: { name: 'https', number: 443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'shop-cert' } },
  ]);
  const routes = objects.filter((o) => o.kind === 'Route');
  expect(routes.map((r) => [r.metadata!.name, r.metadata!.namespace, r.spec.host, r.spec.port.targetPort, r.spec.tls])).toEqual([
    ['bookinfo-productpage-gateway', 'istio-ingress', 'shop.example.com', 'https', { termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' }],
    ['bookinfo-productpage-gateway-2', 'istio-ingress', 'www.shop.example.com', 'https', { termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' }],
  ]);
  expect(validateAll(objects, '3')).toEqual([]);
  const httpsOnly = synth({ host: 'shop.example.com', tls: { credentialName: 'shop-cert', httpsRedirect: false, port: 8443 }, createRoute: true }).objects;
  expect(find(httpsOnly, 'Gateway', 'productpage-gateway').spec.servers.map((s: any) => s.port.number)).toEqual([8443]);
  expect(find(httpsOnly, 'Route', 'bookinfo-productpage-gateway').spec.tls).toEqual({ termination: 'passthrough', insecureEdgeTerminationPolicy: 'None' });
  expect(validateAll(httpsOnly, '2.6')).toEqual([]);
});

test('an existing Gateway: no Gateway of its own, the VirtualService bound to it', () => {
  const { objects } = synth({ host: 'shop.example.com', existingGateway: 'istio-system/shared-gateway' });
  expect(objects.map((o) => o.kind)).toEqual(['VirtualService']);
  expect(objects[0].spec.gateways).toEqual(['istio-system/shared-gateway']);
});

test('full routing intent: a version per path, destinations without port get the service port', () => {
  const { objects } = synth({ host: 'shop.example.com', http: [
    { match: [{ uri: StringMatch.prefix('/beta') }], route: [{ version: 'v1' }], timeout: undefined },
    { route: [{ version: 'v1', port: 9081 }] },
  ] });
  expect(find(objects, 'VirtualService', 'productpage-ingress').spec.http).toEqual([
    { match: [{ uri: { prefix: '/beta' } }], route: [{ destination: { host: FQDN, subset: 'v1', port: { number: 9080 } } }] },
    { route: [{ destination: { host: FQDN, subset: 'v1', port: { number: 9081 } } }] },
  ]);
});

test('a wildcard host gets no Route: a synth warning when Routes were defaulted, an error when asked for', () => {
  const { objects, chart } = synth({ host: '*', controlPlane: V1_MESH });
  expect(objects.filter((o) => o.kind === 'Route')).toEqual([]);
  expect(synthWarningsOf(chart).map((w) => w.message)).toEqual([expect.stringContaining('no OpenShift Route for *: a Route needs one host name')]);
  expect(() => synth({ hosts: ['*.example.com'], createRoute: true }))
    .toThrow(/c\/ingress: createRoute true is not valid\. Allowed: false for wildcard hosts \(\*\.example\.com\)/);
});

test.each<[string, Omit<MeshIngressProps, 'service'>, RegExp]>([
  ['no host', {}, /c\/ingress: host and hosts undefined is not valid\. Allowed: at least one host\./],
  ['a host twice', { host: 'a.example.com', hosts: ['a.example.com'] }, /c\/ingress: hosts\[0\] "a\.example\.com" is not valid\. Allowed: each host once\./],
  ['* with another host', { hosts: ['*', 'a.example.com'] }, /c\/ingress: hosts \["\*","a\.example\.com"\] is not valid\. Allowed: "\*" alone/],
  ['a host with a path', { host: 'a.example.com/x' }, /c\/ingress: host "a\.example\.com\/x" is not valid\. Allowed: a DNS-1123 subdomain/],
  ['an existing Gateway with a selector', { host: 'a.example.com', existingGateway: 'istio-system/gw', gatewaySelector: { istio: 'x' } },
    /c\/ingress: gatewaySelector \{"istio":"x"\} is not valid\. Allowed: nothing with existingGateway/],
  ['an existing Gateway without namespace', { host: 'a.example.com', existingGateway: 'gw' }, /c\/ingress: existingGateway "gw" is not valid\. Allowed: "<namespace>\/<name>"/],
  ['paths and http', { host: 'a.example.com', paths: [StringMatch.prefix('/')], http: [{ route: [{}] }] }, /c\/ingress: paths and http .* is not valid\. Allowed: one of paths and http\./],
  ['a path without /', { host: 'a.example.com', paths: [StringMatch.prefix('static')] }, /c\/ingress: paths\[0\]\.match\[0\]\.uri "static" is not valid/],
  ['no paths', { host: 'a.example.com', paths: [] }, /c\/ingress: paths \[\] is not valid\. Allowed: at least one path/],
  ['a credential that is no Secret name', { host: 'a.example.com', tls: { credentialName: 'My Cert' } }, /c\/ingress: tls\.credentialName "My Cert" is not valid/],
  ['the HTTPS port on the HTTP port', { host: 'a.example.com', tls: { credentialName: 'c', port: 80 } }, /c\/ingress: tls\.port 80 is not valid\. Allowed: a port other than the HTTP server's \(80\)\./],
])('%s is refused', (_, props, message) => {
  expect(() => synth(props)).toThrow(message);
});
