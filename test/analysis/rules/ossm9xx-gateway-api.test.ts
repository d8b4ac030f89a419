// OSSM901–OSSM902: Gateway API routing of the mesh (HTTPRoutes whose parent is a Service).
import { KubeObject } from '../../../lib/analysis';
import { AGENCY, cleanMesh, codes, findings, service, deployment } from '../fixtures';

const httpRoute = (spec: object, name = 'travels', ns = AGENCY): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: ns }, spec,
});
const toVersions = (port = 8000) => ({
  parentRefs: [{ group: '', kind: 'Service', name: 'travels' }],
  rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'travels-v1', port, weight: 80 }, { group: '', kind: 'Service', name: 'travels-v2', port, weight: 20 }] }],
});
/** The clean mesh routed by Gateway API instead of its mesh VirtualService, with the per-version Services. */
function gatewayApiMesh(spec: object = toVersions()): KubeObject[] {
  return [
    ...cleanMesh().filter((o) => !(o.kind === 'VirtualService' && o.metadata?.name === 'travels')),
    service(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }),
    service(AGENCY, 'travels-v2', { app: 'travels', version: 'v2' }),
    httpRoute(spec),
  ];
}

describe('OSSM901 a host routed by both a VirtualService and an HTTPRoute', () => {
  test('fires on the HTTPRoute, naming the VirtualService', () => {
    const objects = [...cleanMesh(), service(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }), service(AGENCY, 'travels-v2', { app: 'travels', version: 'v2' }), httpRoute(toVersions())];
    const f = findings(objects, 'OSSM901');
    expect(f.map((x) => [x.kind, `${x.namespace}/${x.name}`, x.severity])).toEqual([['HTTPRoute', `${AGENCY}/travels`, 'error']]);
    expect(f[0].message).toMatch(/VirtualService travel-agency\/travels also routes it on the mesh gateway: mixing the two on one host is undefined behaviour/);
  });
  test('does not fire when only one API routes the host, or the VirtualService is bound to a Gateway only', () => {
    expect(findings(gatewayApiMesh(), 'OSSM901')).toEqual([]);
    expect(findings(cleanMesh(), 'OSSM901')).toEqual([]);
    // the ingress VirtualService (gateways: travels-gateway) routes travels.apps.example.com, not the Service
    expect(codes(gatewayApiMesh())).toEqual([]);
  });
});

describe('OSSM902 an HTTPRoute parent or backend Service, or its port, not in the set', () => {
  test('fires for a missing backend, a missing parent, a port the Service lacks, a backend without port', () => {
    const spec = {
      parentRefs: [{ group: '', kind: 'Service', name: 'travel' }],
      rules: [
        { matches: [{ path: { type: 'Exact', value: '/a' } }], backendRefs: [{ group: '', kind: 'Service', name: 'travels-v4', port: 8000 }] },
        { matches: [{ path: { type: 'Exact', value: '/b' } }], backendRefs: [{ name: 'travels-v1', port: 9080 }] },
        { backendRefs: [{ name: 'travels-v2' }], filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 8000 } } }] },
      ],
    };
    const f = findings(gatewayApiMesh(spec), 'OSSM902');
    expect(f.map((x) => [x.severity, x.message])).toEqual([
      ['error', 'parentRefs[0] names Service travel-agency/travel, which is not in the set'],
      ['error', 'rules[0].backendRefs[0] names Service travel-agency/travels-v4, which is not in the set'],
      ['error', 'rules[1].backendRefs[0] names port 9080 of Service travel-agency/travels-v1, which has 8000'],
      ['error', 'rules[2].backendRefs[0] names Service travel-agency/travels-v2 without a port: the API server refuses a Service backend without one'],
      ['error', 'rules[2].filters[0].requestMirror.backendRef names Service travel-agency/shadow, which is not in the set'],
    ]);
  });
  test('a warning when the set holds no Service of that namespace; nothing for Gateway parents or a clean route', () => {
    const spec = { parentRefs: [{ group: '', kind: 'Service', name: 'travels' }], rules: [{ backendRefs: [{ name: 'elsewhere', namespace: 'other', port: 80 }] }] };
    expect(findings(gatewayApiMesh(spec), 'OSSM902').map((x) => x.severity)).toEqual(['warning']);
    expect(findings(gatewayApiMesh(), 'OSSM902')).toEqual([]);
    const ingress = { parentRefs: [{ name: 'travels-gateway' }], rules: [{ backendRefs: [{ name: 'travels', port: 8000 }] }] };
    expect(findings([...gatewayApiMesh(), httpRoute(ingress, 'ingress'), deployment(AGENCY, 'x', { app: 'x' })], 'OSSM902')).toEqual([]);
  });
});

describe('OSSM903 a Gateway of a class nobody provides', () => {
  const gatewayOf = (className: string): KubeObject => ({
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'ingress', namespace: AGENCY },
    spec: { gatewayClassName: className, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
  });
  test('fires for a class of another implementation', () => {
    const f = findings([...cleanMesh(), gatewayOf('nginx')], 'OSSM903');
    expect(f.map((x) => [x.kind, x.name, x.severity])).toEqual([['Gateway', 'ingress', 'error']]);
    expect(f[0].message).toMatch(/gatewayClassName "nginx" is no class of OSSM 3 \(istio, istio-waypoint, istio-remote\) or OpenShift \(openshift-default\)/);
  });
  test('does not fire for OSSM 3\'s and OpenShift\'s classes, nor for one the set defines', () => {
    for (const c of ['istio', 'istio-waypoint', 'openshift-default']) expect(findings([...cleanMesh(), gatewayOf(c)], 'OSSM903')).toEqual([]);
    const gatewayClass: KubeObject = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'nginx' }, spec: { controllerName: 'example.com/nginx' } };
    expect(findings([...cleanMesh(), gatewayOf('nginx'), gatewayClass], 'OSSM903')).toEqual([]);
  });
});
