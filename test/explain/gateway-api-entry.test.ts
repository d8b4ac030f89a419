// explain through a Gateway API Gateway (ingress): the listener that takes the host, the HTTPRoutes attached to it
// (sectionName, port, allowedRoutes, hostnames), Gateway API precedence, and the hop from the pods Istio deploys for
// the Gateway — on GatewayApiIngress output and on hand-written Gateway API YAML.
import { App, Chart } from 'cdk8s';
import { explain, GatewayApiIngress, GatewayApiIngressProps, IngressGatewayClass, Mesh, MeshService, StringMatch } from '../../lib';
import { formatExplanation } from '../../lib/explain/format';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { V1_MESH } from '../support/control-planes';

const HOST = 'bookinfo.apps.example.com';

function synth(props: Omit<GatewayApiIngressProps, 'service'>): KubeObject[] {
  const app = new App();
  Mesh.declare(app, V1_MESH);
  const chart = new Chart(app, 'c');
  const productpage = new MeshService(chart, 'productpage', { name: 'productpage', namespace: 'bookinfo', port: { number: 9080 } });
  productpage.addVersion({ version: 'v1', image: 'productpage:v1' });
  productpage.addVersion({ version: 'v2', image: 'productpage:v2' });
  new GatewayApiIngress(chart, 'ingress', { service: productpage, ...props });
  return synthesizeApp(app).flatMap((c) => c.objects);
}

const PRODUCTPAGE = synth({
  hosts: [HOST],
  http: [
    { match: [{ uri: StringMatch.exact('/productpage') }], route: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] },
    { match: [{ uri: StringMatch.prefix('/static') }], route: [{ version: 'v2' }] },
  ],
});

const gatewayApi = (kind: string, namespace: string, name: string, spec: object, extra: object = {}): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind, metadata: { name, namespace, ...extra }, spec,
});
const coreService = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080 }] },
});
const deployment = (namespace: string, name: string, app: string): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
});
/** A Gateway with two listeners on port 80 (an exact and a wildcard hostname) and a TLS passthrough one. */
const HAND_WRITTEN: KubeObject[] = [
  coreService('shop', 'web'), deployment('shop', 'web', 'web'), coreService('shop', 'api'), deployment('shop', 'api', 'api'),
  coreService('other', 'intruder'), deployment('other', 'intruder', 'intruder'),
  gatewayApi('Gateway', 'shop', 'edge', {
    gatewayClassName: 'istio',
    listeners: [
      { name: 'wild', port: 80, protocol: 'HTTP', hostname: '*.example.com' },
      { name: 'exact', port: 80, protocol: 'HTTP', hostname: 'api.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
      { name: 'pass', port: 443, protocol: 'TLS', hostname: 'api.example.com', tls: { mode: 'Passthrough' } },
    ],
  }),
  // attached to every listener of the Gateway; its hostnames take the wildcard's hosts
  gatewayApi('HTTPRoute', 'shop', 'web', { parentRefs: [{ name: 'edge' }], hostnames: ['www.example.com'], rules: [{ backendRefs: [{ name: 'web', port: 9080 }] }] }),
  // attached to the exact listener only, by sectionName
  gatewayApi('HTTPRoute', 'shop', 'api', {
    parentRefs: [{ name: 'edge', sectionName: 'exact' }],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v1' } }], backendRefs: [{ name: 'api', port: 9080 }] }],
  }),
  // another namespace: the exact listener allows it, the wildcard listener (Same) does not
  gatewayApi('HTTPRoute', 'other', 'intruder', {
    parentRefs: [{ name: 'edge', namespace: 'shop' }],
    rules: [{ matches: [{ path: { type: 'Exact', value: '/v1/x' } }], backendRefs: [{ name: 'intruder', port: 9080 }] }],
  }),
];

describe('explain through a Gateway API Gateway', () => {
  test('GatewayApiIngress: the external host enters by the listener, its HTTPRoute splits 80/20 to the per-version Services', () => {
    const e = explain(PRODUCTPAGE, { host: HOST, path: '/productpage' });
    expect(e.gateway).toEqual(expect.objectContaining({
      gateway: 'bookinfo/productpage-gateway', server: 0, listener: 'http-0', port: 80, protocol: 'HTTP', hosts: [HOST], tlsMode: null,
      workloads: ['bookinfo/productpage-gateway-istio'],
    }));
    expect(e.request).toEqual(expect.objectContaining({ gateway: 'bookinfo/productpage-gateway', fromNamespace: 'bookinfo', fromServiceAccount: 'productpage-gateway-istio', port: 80 }));
    expect([e.outcome, e.virtualService, e.matchedRule]).toEqual(['route', 'HTTPRoute bookinfo/productpage-ingress', 0]);
    expect(e.destinations.map((d) => [d.target, d.weight, d.workloads, d.problems])).toEqual([
      ['Service/bookinfo/productpage-v1', 80, ['bookinfo/productpage-v1'], []],
      ['Service/bookinfo/productpage-v2', 20, ['bookinfo/productpage-v2'], []],
    ]);
    expect(formatExplanation(e)).toMatch(/gateway: Gateway bookinfo\/productpage-gateway listener http-0, port 80 HTTP/);
    // the prefix rule, then no rule: 404
    expect(explain(PRODUCTPAGE, { host: HOST, path: '/static/x.css' }).destinations.map((d) => d.target)).toEqual(['Service/bookinfo/productpage-v2']);
    const miss = explain(PRODUCTPAGE, { host: HOST, path: '/admin' });
    expect([miss.outcome, miss.rules.map((r) => r.matched)]).toEqual(['no-route', [false, false]]);
    expect(miss.reason).toMatch(/no rule of the routes attached to listener http-0 of Gateway bookinfo\/productpage-gateway matches .* 404/);
  });

  test('--gateway names it; a host no listener takes and a port no listener is on are refused with why', () => {
    const other = explain(PRODUCTPAGE, { host: 'shop.example.com', gateway: 'bookinfo/productpage-gateway' });
    expect([other.outcome, other.gateway?.listener]).toEqual(['no-route', null]);
    expect(other.reason).toMatch(/no listener of Gateway bookinfo\/productpage-gateway takes host shop\.example\.com \(its listeners: http-0 bookinfo\.apps\.example\.com\)/);
    expect(explain(PRODUCTPAGE, { host: HOST, port: 443, path: '/productpage' }).reason).toMatch(/no listener .* on port 443 .*its ports for the host: 80/);
    const missing = explain(PRODUCTPAGE, { host: HOST, gateway: 'bookinfo/nope' });
    expect(missing.reason).toMatch(/no Gateway bookinfo\/nope \(networking\.istio\.io\).*and no Gateway bookinfo\/nope \(gateway\.networking\.k8s\.io\)/);
  });

  test('TLS by certificateRefs: the HTTPS listener terminates and routes', () => {
    const objects = synth({ hosts: [HOST], tlsSecretName: 'bookinfo-cert' });
    const e = explain(objects, { host: HOST, scheme: 'https' });
    expect(e.gateway).toEqual(expect.objectContaining({ listener: 'https-0', port: 443, protocol: 'HTTPS', tlsMode: 'Terminate' }));
    expect([e.outcome, e.destinations.map((d) => d.target)]).toEqual(['route', ['Service/bookinfo/productpage']]);
  });

  test('class openshift-default: the pods Istio deploys in openshift-ingress make the mesh hop', () => {
    const objects = synth({ hosts: [HOST], gatewayClass: IngressGatewayClass.OPENSHIFT_DEFAULT });
    const e = explain(objects, { host: HOST, fromNamespace: 'bookinfo' });
    expect(e.gateway?.workloads).toEqual(['openshift-ingress/productpage-gateway-openshift-default']);
    expect([e.request.fromNamespace, e.request.fromServiceAccount]).toEqual(['openshift-ingress', 'productpage-gateway-openshift-default']);
    expect(e.notes.join('\n')).toMatch(/mesh hop starts at its pods \(namespace openshift-ingress/);
    expect(e.destinations.map((d) => d.target)).toEqual(['Service/bookinfo/productpage']);
  });

  test('the most specific listener hostname wins; sectionName, allowedRoutes and hostnames decide which HTTPRoutes attach', () => {
    // api.example.com: the exact listener; the route of namespace other is allowed there and its exact path goes first
    const api = explain(HAND_WRITTEN, { host: 'api.example.com', path: '/v1/x' });
    expect([api.gateway?.listener, api.virtualService, api.destinations.map((d) => d.target)])
      .toEqual(['exact', 'HTTPRoute shop/api + other/intruder', ['Service/other/intruder']]);
    expect(explain(HAND_WRITTEN, { host: 'api.example.com', path: '/v1/y' }).destinations.map((d) => d.target)).toEqual(['Service/shop/api']);
    // www.example.com: the wildcard listener; the api route (sectionName exact) is not attached, the intruder not allowed
    const www = explain(HAND_WRITTEN, { host: 'www.example.com', path: '/v1/x' });
    expect([www.gateway?.listener, www.virtualService, www.destinations.map((d) => d.target)]).toEqual(['wild', 'HTTPRoute shop/web', ['Service/shop/web']]);
    expect(www.notes.join('\n')).toMatch(/HTTPRoute other\/intruder names Gateway shop\/edge, but listener wild allows routes of namespace shop only/);
    // shop.example.com: the wildcard listener takes it, no route's hostnames do
    expect(explain(HAND_WRITTEN, { host: 'shop.example.com' }).reason).toMatch(/no HTTPRoute attached to listener wild of Gateway shop\/edge takes host shop\.example\.com.*404/);
    // the TLS passthrough listener takes no HTTPRoute
    const tls = explain(HAND_WRITTEN, { host: 'api.example.com', port: 443 });
    expect([tls.outcome, tls.gateway?.tlsMode, tls.request.protocol]).toEqual(['no-route', 'Passthrough', 'tls']);
    expect(tls.reason).toMatch(/listener pass of Gateway shop\/edge is TLS \(TLS Passthrough\): it takes no HTTPRoute/);
  });

  test('a host of the mesh is not taken for an external one; an Istio Gateway of the same name is preferred', () => {
    expect(explain(HAND_WRITTEN, { host: 'web.shop', fromNamespace: 'shop' }).gateway).toBeNull();
    const istio: KubeObject = {
      apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'shop' },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
    };
    const e = explain([...HAND_WRITTEN, istio], { host: 'www.example.com', gateway: 'shop/edge' });
    expect([e.gateway?.server, e.gateway?.listener]).toEqual([0, null]);
  });
});
