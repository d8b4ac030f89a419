// Waypoints: the Gateway (class istio-waypoint, HBONE 15008), the namespace binding, made on demand by Gateway API
// routing and L7 authorization policies in an ambient mesh; L4 policies stay selector-based (ztunnel).
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  AuthorizationAction, DataPlaneMode, GatewayApiRouting, Mesh, MeshAuthorizationPolicy, MeshPeerAuthentication, MeshService, MtlsMode, SailControlPlane,
  synthWarningsOf, TrafficRouting, Waypoint,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { V1_MESH } from '../support/control-planes';

const reviews = MeshService.fromServiceName('reviews', 'bookinfo', { port: 9080, versions: ['v1', 'v2'] });

/** An app with an ambient mesh declared, and a chart that creates the namespace bookinfo (labelled for ambient). */
function ambientApp(createNamespace = true): { app: App; chart: Chart; mesh: SailControlPlane } {
  const app = new App();
  const mesh = new SailControlPlane(new Chart(app, 'mesh'), 'cp', { dataPlane: DataPlaneMode.AMBIENT });
  Mesh.declare(app, mesh);
  const chart = new Chart(app, 'apps');
  if (createNamespace) new k8s.KubeNamespace(chart, 'ns', { metadata: { name: 'bookinfo', labels: { ...mesh.membership.namespaceLabels } } });
  return { app, chart, mesh };
}
const objectsOf = (app: App): KubeObject[] => synthesizeApp(app).flatMap((c) => c.objects);
const WAYPOINT_GATEWAY = {
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway',
  metadata: { name: 'waypoint', namespace: 'bookinfo', labels: { 'istio.io/waypoint-for': 'service', 'app.kubernetes.io/managed-by': 'cdk8s-ossm' } },
  spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', allowedRoutes: { namespaces: { from: 'Same' } } }] },
};

describe('Waypoint', () => {
  test('a Gateway of class istio-waypoint with the HBONE listener, and the namespace bound by istio.io/use-waypoint; CRD-valid', () => {
    const { app, chart } = ambientApp();
    new Waypoint(chart, 'w', { namespace: 'bookinfo' });
    const objects = objectsOf(app);
    expect(objects.find((o) => o.kind === 'Gateway')).toEqual(WAYPOINT_GATEWAY);
    expect((objects.find((o) => o.kind === 'Namespace') as any).metadata.labels).toEqual({
      'istio-discovery': 'enabled', 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint',
    });
    expect(validateAll(objects, '3')).toEqual([]);
    expect(synthWarningsOf(app).map((w) => w.message).filter((m) => m.includes('waypoint'))).toEqual([]);
  });

  test('a namespace this app does not create: a synth warning with the oc label command, no Namespace written', () => {
    const { app, chart } = ambientApp(false);
    new Waypoint(chart, 'w', { namespace: 'bookinfo', name: 'bookinfo-waypoint' });
    expect(objectsOf(app).filter((o) => o.kind === 'Namespace')).toEqual([]);
    expect(synthWarningsOf(app).map((w) => w.message)).toContainEqual(expect.stringContaining('oc label namespace bookinfo istio.io/use-waypoint=bookinfo-waypoint'));
  });

  test('refused: with sidecars, a second waypoint for a namespace of the mesh, a namespace bound to another waypoint', () => {
    const app = new App();
    expect(() => new Waypoint(new Chart(app, 'c'), 'w', { namespace: 'bookinfo', controlPlane: V1_MESH }))
      .toThrow(/c\/w: controlPlane\.dataPlane "sidecar" is not valid\. Allowed: ambient/);
    const { chart } = ambientApp();
    new Waypoint(chart, 'w1', { namespace: 'bookinfo' });
    expect(() => new Waypoint(chart, 'w2', { namespace: 'bookinfo', name: 'other' })).toThrow(/apps\/w2: namespace "bookinfo" is not valid\. Allowed: a namespace with no waypoint in this mesh yet; apps\/w1 serves it/);
    const second = ambientApp();
    new Waypoint(second.chart, 'a', { namespace: 'bookinfo', name: 'a', bindNamespace: true });
    const third = new SailControlPlane(new Chart(second.app, 'mesh2'), 'cp', { dataPlane: DataPlaneMode.AMBIENT });
    expect(() => new Waypoint(second.chart, 'b', { namespace: 'bookinfo', name: 'b', controlPlane: third }))
      .toThrow(/apps\/b: name "b" is not valid\. Allowed: "a", the waypoint namespace "bookinfo"/);
  });
});

describe('made on demand in an ambient mesh', () => {
  test('GatewayApiRouting makes the namespace\'s waypoint, once for several routings; none with sidecars', () => {
    const { app, chart } = ambientApp();
    const first = new GatewayApiRouting(chart, 'r1', { service: reviews, http: [{ route: [{ version: 'v1' }] }] });
    const ratings = MeshService.fromServiceName('ratings', 'bookinfo', { port: 9080, versions: ['v1'] });
    const second = new GatewayApiRouting(chart, 'r2', { service: ratings, http: [{ route: [{ version: 'v1' }] }] });
    expect(first.waypoint).toBeDefined();
    expect(second.waypoint).toBe(first.waypoint);
    const objects = objectsOf(app);
    expect(objects.filter((o) => o.kind === 'Gateway')).toEqual([WAYPOINT_GATEWAY]);
    expect(validateAll(objects, '3')).toEqual([]);
    const sidecar = new GatewayApiRouting(new Chart(new App(), 'c'), 'r', { service: reviews, http: [{ route: [{ version: 'v1' }] }], controlPlane: V1_MESH });
    expect(sidecar.waypoint).toBeUndefined();
  });

  test('a waypoint made by the app of the mesh base serves routings of other apps of the same mesh', () => {
    const { chart, mesh } = ambientApp();
    const waypoint = new Waypoint(chart, 'w', { namespace: 'bookinfo' });
    const step = new App();
    Mesh.declare(step, mesh);
    const routing = new GatewayApiRouting(new Chart(step, 'step'), 'r', { service: reviews, http: [{ route: [{ version: 'v2' }] }] });
    expect(routing.waypoint).toBe(waypoint);
    expect(objectsOf(step).filter((o) => o.kind === 'Gateway')).toEqual([]);
  });

  test('an L4 policy keeps its selector (ztunnel enforces it) and makes no waypoint', () => {
    const { app, chart } = ambientApp();
    const policy = new MeshAuthorizationPolicy(chart, 'p', {
      name: 'reviews-callers', service: reviews, rules: [{ from: [{ principals: ['cluster.local/ns/bookinfo/sa/productpage'] }], to: [{ ports: [9080] }] }],
    });
    expect(policy.waypoint).toBeUndefined();
    const objects = objectsOf(app);
    expect((objects.find((o) => o.kind === 'AuthorizationPolicy') as any).spec.selector).toEqual({ matchLabels: { app: 'reviews' } });
    expect(objects.filter((o) => o.kind === 'Gateway')).toEqual([]);
  });

  test('an L7 policy names the waypoint by targetRefs instead of a selector: the Service for a service, the Gateway for the namespace; CRD-valid', () => {
    const { app, chart } = ambientApp();
    const ofService = new MeshAuthorizationPolicy(chart, 'p1', { name: 'reviews-get', service: reviews, rules: [{ to: [{ methods: ['GET'] }] }] });
    const ofNamespace = new MeshAuthorizationPolicy(chart, 'p2', {
      name: 'deny-admin', namespace: 'bookinfo', action: AuthorizationAction.DENY, rules: [{ to: [{ paths: ['/admin*'] }] }],
    });
    expect(ofService.waypoint).toBe(ofNamespace.waypoint);
    const objects = objectsOf(app);
    const policies = objects.filter((o) => o.kind === 'AuthorizationPolicy') as any[];
    expect(policies.map((p) => [p.spec.selector, p.spec.targetRefs])).toEqual([
      [undefined, [{ group: '', kind: 'Service', name: 'reviews' }]],
      [undefined, [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }]],
    ]);
    expect(objects.filter((o) => o.kind === 'Gateway')).toEqual([WAYPOINT_GATEWAY]);
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('refused in ambient mode: an L7 policy of a label selector or of the whole mesh; with sidecars both are fine', () => {
    const { chart, mesh } = ambientApp();
    expect(() => new MeshAuthorizationPolicy(chart, 'p', { name: 'x', namespace: 'bookinfo', selector: { app: 'reviews' }, rules: [{ to: [{ methods: ['GET'] }] }] }))
      .toThrow(/apps\/p: selector .*app.*reviews.* is not valid\. Allowed in ambient mode, for a policy with L7 rules/);
    expect(() => new MeshAuthorizationPolicy(chart, 'q', { name: 'x', namespace: mesh.namespace, rules: [{ to: [{ paths: ['/x'] }] }] }))
      .toThrow(/apps\/q: namespace "istio-system" is not valid\. Allowed in ambient mode/);
    const sidecar = new Chart(new App(), 'c');
    expect(() => new MeshAuthorizationPolicy(sidecar, 'p', { name: 'x', namespace: 'bookinfo', selector: { app: 'reviews' }, rules: [{ to: [{ methods: ['GET'] }] }], controlPlane: V1_MESH }))
      .not.toThrow();
  });
});

describe('VirtualService routing in an ambient mesh', () => {
  test('TrafficRouting warns that ztunnel ignores VirtualServices and waypoints apply them only as a Technology Preview', () => {
    const { app, chart } = ambientApp();
    new TrafficRouting(chart, 'vs', { service: reviews, http: [{ route: [{ version: 'v1' }] }] });
    expect(synthWarningsOf(app).map((w) => w.message)).toContainEqual(expect.stringMatching(/undefined behaviour in Istio\. .* In ambient mode ztunnel ignores VirtualServices, and a waypoint applies them only as a Technology Preview\.$/));
  });
});

describe('PeerAuthentication in an ambient mesh', () => {
  test('DISABLE, which ambient mode ignores, is refused (mode or a port); STRICT and PERMISSIVE are written', () => {
    const { chart } = ambientApp();
    expect(() => new MeshPeerAuthentication(chart, 'd', { namespace: 'bookinfo', mode: MtlsMode.DISABLE }))
      .toThrow(/apps\/d: mode "DISABLE" is not valid\. Allowed in ambient mode: STRICT or PERMISSIVE/);
    expect(() => new MeshPeerAuthentication(chart, 'p', { service: reviews, mode: MtlsMode.STRICT, portLevelMtls: { 9080: MtlsMode.DISABLE } }))
      .toThrow(/apps\/p: portLevelMtls\[9080\] "DISABLE" is not valid\. Allowed in ambient mode/);
    expect(() => new MeshPeerAuthentication(chart, 's', { namespace: 'bookinfo', mode: MtlsMode.STRICT })).not.toThrow();
    expect(() => new MeshPeerAuthentication(new Chart(new App(), 'c'), 'd', { namespace: 'bookinfo', mode: MtlsMode.DISABLE, controlPlane: V1_MESH })).not.toThrow();
  });
});
