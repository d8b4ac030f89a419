/**
 * The mesh from the construct tree: a construct given no `controlPlane` takes the mesh declared for the nearest scope
 * above it (a MeshBaseChart declares its own for the scope it is created in), never a default platform.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  IMeshControlPlane, MeshBaseChart, MeshDeployment, MeshIngress, MeshPeerAuthentication, MeshService, Mesh, MtlsMode, OssmVersion, TrafficRouting,
  TravelsAppsChart, ValidationError,
} from '../../lib';
import { KubeObject } from '../../lib/core/kube-object';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { V1_MESH } from '../support/control-planes';
import { find } from '../support/objects';

const objectsOf = (app: App, chart: string): KubeObject[] => synthesizeApp(app).find((c) => c.name === chart)!.objects;

/** A service with a Deployment (MeshDeployment), its routing and ingress, all without `controlPlane`. */
function routedService(scope: Construct, namespace = 'shop'): void {
  const service = new MeshService(scope, 'Svc', { name: 'cart', namespace, port: { number: 8080 }, versions: [{ version: 'v1', image: 'quay.io/example/cart:1' }] });
  new TrafficRouting(scope, 'Routing', { service, http: [{ route: [{ version: 'v1' }] }] });
  new MeshIngress(scope, 'Ingress', { service, host: 'cart.apps.example.com' });
}

/** The message of what `fn` throws (a ValidationError). */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

describe('under an OSSM 3 mesh, constructs without controlPlane render OSSM 3 objects', () => {
  const app = new App();
  new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V3 });
  const apps = new TravelsAppsChart(app, 'travels-apps', { controlIngress: { clusterBaseDomain: 'example.com' } });
  routedService(new Chart(app, 'shop'));
  const travels = objectsOf(app, 'travels-apps');
  const shop = objectsOf(app, 'shop');

  test('the apps chart found the mesh base\'s control plane', () => {
    expect(Mesh.of(apps)).toBe((app.node.findChild('mesh-base') as MeshBaseChart).meshControlPlane);
  });

  test('v1 Istio API', () => {
    const istio = [...travels, ...shop].filter((o) => o.apiVersion.startsWith('networking.istio.io/'));
    expect(istio.length).toBeGreaterThanOrEqual(5);
    for (const o of istio) expect([o.kind, o.apiVersion]).toEqual([o.kind, 'networking.istio.io/v1']);
  });

  test('a Route to the OSSM 3 ingress gateway (no IOR)', () => {
    const route = travels.filter((o) => o.kind === 'Route');
    expect(route.map((o) => [o.metadata!.namespace, o.spec.host, o.spec.to.name])).toEqual([['istio-ingress', 'control.travel-control.apps.example.com', 'istio-ingressgateway']]);
    expect(shop.filter((o) => o.kind === 'Route').map((o) => o.metadata!.namespace)).toEqual(['istio-ingress']);
  });

  test('membership labels on the namespaces', () => {
    expect(find(travels, 'Namespace', 'travel-agency').metadata!.labels).toEqual({ 'istio-discovery': 'enabled', 'istio-injection': 'enabled' });
  });
});

test('under an OSSM 2.6 mesh the same constructs render OSSM 2.6 objects', () => {
  const app = new App();
  new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V2_6 });
  routedService(new Chart(app, 'shop'));
  const shop = objectsOf(app, 'shop');
  expect(find(shop, 'VirtualService', 'cart').apiVersion).toBe('networking.istio.io/v1beta1');
  expect(shop.filter((o) => o.kind === 'Route')).toEqual([]); // IOR makes it
});

describe('no mesh at all', () => {
  test.each([
    ['MeshService and TrafficRouting', (c: Chart) => new TrafficRouting(c, 'Routing', {
      service: MeshService.fromServiceName('cart', 'shop', { port: 8080, versions: ['v1'] }), http: [{ route: [{ version: 'v1' }] }],
    }), 'no-mesh/Routing'],
    ['MeshDeployment', (c: Chart) => new MeshDeployment(c, 'Cart', { namespace: 'shop', app: 'cart', version: 'v1', image: 'quay.io/example/cart:1' }), 'no-mesh/Cart'],
    ['MeshPeerAuthentication', (c: Chart) => new MeshPeerAuthentication(c, 'Strict', { namespace: 'shop', mode: MtlsMode.STRICT }), 'no-mesh/Strict'],
  ])('%s is refused, naming the construct and both fixes', (_, build, path) => {
    const chart = new Chart(new App(), 'no-mesh');
    const message = refusal(() => build(chart));
    expect(message).toContain(`${path}: controlPlane undefined is not valid.`);
    expect(message).toMatch(/create the MeshBaseChart first in the same App/);
    expect(message).toMatch(/Mesh\.declare\(app, controlPlane\)/);
    expect(message).toMatch(/or pass controlPlane/);
  });

  test('the apps chart is refused too; a mesh base in another App does not count', () => {
    new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: OssmVersion.V3 });
    expect(refusal(() => new TravelsAppsChart(new App(), 'travels-apps'))).toContain('travels-apps: controlPlane undefined is not valid.');
  });

  test('the wrong order, apps chart before the mesh base, is refused at the apps chart', () => {
    const app = new App();
    expect(refusal(() => new TravelsAppsChart(app, 'travels-apps'))).toMatch(/travels-apps: controlPlane undefined.*declare the mesh in a scope above before creating this construct/);
  });
});

test('two meshes in one App, each in its own scope, scope their own constructs', () => {
  const app = new App();
  const east = new Construct(app, 'east');
  const west = new Construct(app, 'west');
  const eastMesh = new MeshBaseChart(east, 'mesh-base', { ossmVersion: OssmVersion.V3 }).meshControlPlane;
  const westMesh = new MeshBaseChart(west, 'mesh-base', { ossmVersion: OssmVersion.V2_6 }).meshControlPlane;
  const routing = (cluster: Construct) => {
    const chart = new Chart(cluster, 'shop');
    routedService(chart);
    return chart.node.findChild('Routing') as TrafficRouting;
  };
  const [eastRouting, westRouting] = [routing(east), routing(west)];
  expect([Mesh.of(eastRouting), Mesh.of(westRouting)]).toEqual([eastMesh, westMesh]);
  expect(eastRouting.virtualService.apiVersion).toBe('networking.istio.io/v1');
  expect(westRouting.virtualService.apiVersion).toBe('networking.istio.io/v1beta1');
  // east's ingress writes its own Route (OSSM 3), west's leaves it to IOR (OSSM 2.6)
  const routes = (cluster: Construct) => (cluster.node.findChild('shop').node.findChild('Ingress') as MeshIngress).routes.length;
  expect([routes(east), routes(west)]).toEqual([1, 0]);
});

test('the nearest declaration wins over one further up', () => {
  const app = new App();
  Mesh.declare(app, new MeshBaseChart(new App(), 'mesh', { ossmVersion: OssmVersion.V2_6 }).meshControlPlane);
  const canary = new Construct(app, 'canary');
  Mesh.declare(canary, V1_MESH);
  expect(Mesh.of(new Construct(canary, 'x'))).toBe(V1_MESH);
  expect(Mesh.of(new Construct(app, 'y')).ossmVersion).toBe(OssmVersion.V2_6);
});

test('two different meshes declared in the very same scope are ambiguous for a construct below, naming both', () => {
  const app = new App();
  new MeshBaseChart(app, 'mesh-a', { ossmVersion: OssmVersion.V3 });
  new MeshBaseChart(app, 'mesh-b', { ossmVersion: OssmVersion.V2_6 });
  const message = refusal(() => new TravelsAppsChart(app, 'travels-apps'));
  expect(message).toContain('travels-apps: controlPlane undefined is not valid.');
  expect(message).toContain('"(app root)" declares 2');
  expect(message).toContain('the OSSM 3 control plane "mesh-a/ControlPlane"');
  expect(message).toContain('the OSSM 2.6 control plane "mesh-b/ControlPlane"');
  // declaring one of them again is no new mesh; a construct given controlPlane needs no lookup
  const cp = (app.node.findChild('mesh-a') as MeshBaseChart).meshControlPlane;
  expect(() => new TravelsAppsChart(app, 'explicit', { controlPlane: cp, agencyNamespace: 'a', portalNamespace: 'p', controlNamespace: 'c' })).not.toThrow();
});

test('the controlPlane prop wins over the tree', () => {
  const app = new App();
  new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V2_6 });
  const chart = new Chart(app, 'shop');
  const service = MeshService.fromServiceName('cart', 'shop', { port: 8080, versions: ['v1'] });
  new TrafficRouting(chart, 'Routing', { service, http: [{ route: [{ version: 'v1' }] }], controlPlane: V1_MESH });
  expect(find(objectsOf(app, 'shop'), 'VirtualService', 'cart').apiVersion).toBe('networking.istio.io/v1');
});

test('a declaration after constructs below it took their mesh from further up is refused, naming the construct', () => {
  const app = new App();
  Mesh.declare(app, V1_MESH);
  const cluster = new Construct(app, 'cluster');
  new MeshDeployment(new Chart(cluster, 'shop'), 'Cart', { namespace: 'shop', app: 'cart', version: 'v1', image: 'quay.io/example/cart:1' });
  const message = refusal(() => new MeshBaseChart(cluster, 'mesh-base', { ossmVersion: OssmVersion.V2_6 }));
  expect(message).toContain('"cluster/shop/Cart" was created earlier and took an OSSM 3 control plane in namespace "istio-system" from "(app root)"');
  expect(message).toContain('Create the MeshBaseChart (or call Mesh.declare) first');
});

test('Mesh.declare validates its input; Mesh.tryOf is undefined without a mesh', () => {
  const app = new App();
  expect(Mesh.tryOf(app)).toBeUndefined();
  expect(refusal(() => Mesh.declare(app, undefined as unknown as IMeshControlPlane))).toContain('(app root): controlPlane undefined is not valid. Allowed: an object.');
  expect(refusal(() => Mesh.declare(app, { ...V1_MESH, ossmVersion: '2.5' as OssmVersion }))).toContain('controlPlane.ossmVersion "2.5"');
  expect(refusal(() => Mesh.declare({} as Construct, V1_MESH))).toContain('Mesh.declare: scope');
  Mesh.declare(app, V1_MESH);
  Mesh.declare(app, V1_MESH); // the same one again: still one mesh
  expect(Mesh.of(app)).toBe(V1_MESH);
});
