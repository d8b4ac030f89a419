// OSSM907: sidecar-injected workloads next to routing or L7 policy that a waypoint applies (istio/istio#51445).
import { KubeObject } from '../../../lib/analysis';
import { AGENCY, cleanMesh, deployment, findings, service } from '../fixtures';

const PORTAL = 'travel-portal';
const namespace = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const BOUND = { 'istio-discovery': 'enabled', 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' };
const waypoint: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: AGENCY, labels: { 'istio.io/waypoint-for': 'service' } },
  spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
};
const httpRoute: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'travels', namespace: AGENCY },
  spec: { parentRefs: [{ group: '', kind: 'Service', name: 'travels' }], rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'travels-v1', port: 8000, weight: 1 }] }] },
};
const l7Policy: KubeObject = {
  apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'get-only', namespace: AGENCY },
  spec: { targetRefs: [{ group: '', kind: 'Service', name: 'travels' }], rules: [{ to: [{ operation: { methods: ['GET'] } }] }] },
};

/** The agency in ambient mode with its waypoint, an HTTPRoute and an L7 policy at the waypoint, and `extra`. */
function mesh(...extra: KubeObject[]): KubeObject[] {
  return [
    ...cleanMesh().filter((o) => o.kind !== 'VirtualService' && o.kind !== 'Namespace'),
    namespace(AGENCY, BOUND), service(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }), waypoint, httpRoute, l7Policy,
    ...extra,
  ];
}

test('fires on the route and the L7 policy when sidecar-injected workloads are in the set, naming them', () => {
  const portal = deployment(PORTAL, 'viaggi', { app: 'viaggi' }); // sidecar.istio.io/inject: "true"
  const f = findings(mesh(namespace(PORTAL, { 'istio-discovery': 'enabled' }), portal), 'OSSM907');
  expect(f.map((x) => [x.kind, x.name, x.severity]).sort()).toEqual([['AuthorizationPolicy', 'get-only', 'warning'], ['HTTPRoute', 'travels', 'warning']]);
  expect(f.find((x) => x.kind === 'HTTPRoute')!.message).toMatch(/routes travel-agency\/travels at a waypoint, and sidecar-injected workloads of the set \(travel-portal\/viaggi\) skip waypoints/);
  // injected by its namespace's label as well
  const byNamespace = mesh(namespace(PORTAL, { 'istio-injection': 'enabled' }), deployment(PORTAL, 'viaggi', { app: 'viaggi' }, { inject: false }));
  expect(findings(byNamespace, 'OSSM907')).toHaveLength(2);
});

test('silent without sidecar clients (all ambient, opted out, or a Job), and for L4 policies or routes no waypoint applies', () => {
  expect(findings(mesh(), 'OSSM907')).toEqual([]);
  const ambientPortal = [namespace(PORTAL, { 'istio.io/dataplane-mode': 'ambient' }), deployment(PORTAL, 'viaggi', { app: 'viaggi' }, { inject: false })];
  expect(findings(mesh(...ambientPortal), 'OSSM907')).toEqual([]);
  const optedOut = deployment(PORTAL, 'viaggi', { app: 'viaggi', 'sidecar.istio.io/inject': 'false' }, { inject: false });
  expect(findings(mesh(namespace(PORTAL, { 'istio-injection': 'enabled' }), optedOut), 'OSSM907')).toEqual([]);
  const job = deployment(PORTAL, 'once', { app: 'once' }, { kind: 'Job' });
  expect(findings(mesh(namespace(PORTAL, {}), job), 'OSSM907')).toEqual([]);
  // sidecar clients, but nothing at a waypoint: an L4 policy, and a namespace without waypoint
  const portal = deployment(PORTAL, 'viaggi', { app: 'viaggi' });
  const l4 = { ...l7Policy, spec: { targetRefs: l7Policy.spec.targetRefs, rules: [{ from: [{ source: { namespaces: [PORTAL] } }] }] } };
  const objects = mesh(portal).filter((o) => o !== l7Policy && o !== httpRoute).concat(l4);
  expect(findings(objects, 'OSSM907')).toEqual([]);
  const unbound = mesh(portal).map((o) => (o.kind === 'Namespace' && o.metadata?.name === AGENCY ? namespace(AGENCY, { 'istio.io/dataplane-mode': 'ambient' }) : o));
  expect(findings(unbound, 'OSSM907')).toEqual([]);
});
