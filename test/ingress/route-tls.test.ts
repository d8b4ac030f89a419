// MeshIngress routeTls: edge with Redirect, passthrough to the HTTPS port, reencrypt (the router sends no SNI).
import { App, Chart, Testing } from 'cdk8s';
import {
  DEFAULT_MESH_CONTROL_PLANE, IMeshControlPlane, IstioApiVersion, MeshIngress, MeshIngressProps, MeshService, OssmVersion, RouteTermination,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';
import { find } from '../support/objects';

const V1_MESH: IMeshControlPlane = {
  ...DEFAULT_MESH_CONTROL_PLANE, ossmVersion: OssmVersion.V3, istioApiVersion: IstioApiVersion.V1, createsGatewayRoutes: false,
  ingressGateway: { ...DEFAULT_MESH_CONTROL_PLANE.ingressGateway, namespace: 'istio-ingress' },
};
const productpage = MeshService.fromServiceName('productpage', 'bookinfo', { port: 9080, versions: ['v1'] });
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUOwAAAAAAAAAAAAAAAAAAAAAAAAAwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n';

const synth = (props: Omit<MeshIngressProps, 'service' | 'controlPlane'>): KubeObject[] => {
  const chart = new Chart(new App(), 'c');
  new MeshIngress(chart, 'ingress', { service: productpage, host: 'shop.example.com', controlPlane: V1_MESH, ...props });
  return Testing.synth(chart);
};
const route = (objects: KubeObject[]) => find(objects, 'Route', 'bookinfo-productpage-gateway', 'istio-ingress').spec;

test('edge: the router terminates with its certificate and redirects HTTP; the gateway stays plain HTTP on its http2 port', () => {
  const objects = synth({ routeTls: { termination: RouteTermination.EDGE } });
  expect(route(objects)).toMatchObject({ port: { targetPort: 'http2' }, tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' } });
  expect(find(objects, 'Gateway', 'productpage-gateway').spec.servers).toEqual([{ hosts: ['shop.example.com'], port: { name: 'http', number: 80, protocol: 'HTTP' } }]);
  expect(route(synth({ routeTls: { termination: RouteTermination.EDGE, redirectHttp: false } })).tls.insecureEdgeTerminationPolicy).toBe('None');
  expect(validateAll(objects, '3')).toEqual([]);
});

test('passthrough: the gateway terminates with its credential, the Route goes to the https port (the default with tls)', () => {
  const explicit = synth({ tls: { credentialName: 'shop-cert' }, routeTls: { termination: RouteTermination.PASSTHROUGH } });
  expect(route(explicit)).toMatchObject({ port: { targetPort: 'https' }, tls: { termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' } });
  expect(route(synth({ tls: { credentialName: 'shop-cert' } }))).toEqual(route(explicit));
  expect(validateAll(explicit, '3')).toEqual([]);
});

test('reencrypt: to the https port, with the CA given; the HTTPS server takes connections without SNI (hosts *), the VirtualService only the host', () => {
  const objects = synth({ tls: { credentialName: 'shop-cert' }, routeTls: { termination: RouteTermination.REENCRYPT, destinationCaCertificate: CA } });
  expect(route(objects)).toMatchObject({
    port: { targetPort: 'https' }, tls: { termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect', destinationCACertificate: CA },
  });
  const servers = find(objects, 'Gateway', 'productpage-gateway').spec.servers;
  expect(servers.map((s: { hosts: string[] }) => s.hosts)).toEqual([['shop.example.com'], ['*']]);
  expect(find(objects, 'VirtualService', 'productpage-ingress').spec.hosts).toEqual(['shop.example.com']);
  expect(validateAll(objects, '3')).toEqual([]);
});

test.each<[string, Omit<MeshIngressProps, 'service' | 'controlPlane'>, RegExp]>([
  ['edge with a gateway that serves HTTPS', { tls: { credentialName: 'c' }, routeTls: { termination: RouteTermination.EDGE } },
    /c\/ingress: routeTls\.termination "edge" is not valid\. Allowed with tls .*"passthrough" or "reencrypt"/],
  ['passthrough without HTTPS on the gateway', { routeTls: { termination: RouteTermination.PASSTHROUGH } }, /routeTls\.termination "passthrough" is not valid\. Allowed without tls: "edge"/],
  ['reencrypt without HTTPS on the gateway', { routeTls: { termination: RouteTermination.REENCRYPT } }, /routeTls\.termination "reencrypt" is not valid/],
  ['a CA with passthrough', { tls: { credentialName: 'c' }, routeTls: { termination: RouteTermination.PASSTHROUGH, destinationCaCertificate: CA } },
    /routeTls\.destinationCaCertificate .* is not valid\. Allowed: a PEM certificate .*"reencrypt" only/],
  ['a CA that is no PEM', { tls: { credentialName: 'c' }, routeTls: { termination: RouteTermination.REENCRYPT, destinationCaCertificate: 'abc' } }, /destinationCaCertificate "abc…" is not valid/],
  ['an unknown termination', { routeTls: { termination: 'insecure' as RouteTermination } }, /routeTls\.termination "insecure" is not valid/],
  ['routeTls without a Route of this construct', { routeTls: { termination: RouteTermination.EDGE }, createRoute: false }, /c\/ingress: routeTls .* is not valid\. Allowed: undefined when this construct creates no Route/],
])('refuses %s, naming the construct path and the value', (_, props, message) => {
  expect(() => synth(props)).toThrow(message);
});
