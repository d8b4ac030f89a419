// OSSM301–OSSM303: Gateways, their selectors and ports, and Routes next to IOR.
import { KubeObject } from '../../../lib/analysis';
import { CP, deployment, service, gateway, controlPlane, cleanMesh, withEdit, findings } from '../fixtures';

const gatewayEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'Gateway', 'travels-gateway', edit);
const messages = (objects: KubeObject[], code: string): string[] => findings(objects, code).map((f) => `${f.kind}/${f.name}: ${f.message}`);

describe('OSSM301 Gateway selector', () => {
  test('fires for a selector nothing carries', () => {
    const f = findings(gatewayEdit((o) => { o.spec.selector = { istio: 'my-gateway' }; }), 'OSSM301');
    expect(f).toEqual([expect.objectContaining({ severity: 'warning', kind: 'Gateway', message: 'selector istio=my-gateway matches no gateway workload in the set' })]);
  });
  test('fires for istio: ingressgateway when the control plane disables ingress or is not in the set', () => {
    expect(findings(withEdit(cleanMesh(), 'ServiceMeshControlPlane', 'basic', (o) => { o.spec.gateways = { ingress: { enabled: false } }; }), 'OSSM301')).toHaveLength(1);
    expect(findings(withEdit(cleanMesh(), 'ServiceMeshControlPlane', 'basic', (o) => { o.spec.gateways = { enabled: false }; }), 'OSSM301')).toHaveLength(1);
    const noCp = findings(cleanMesh().filter((o) => o.kind !== 'ServiceMeshControlPlane'), 'OSSM301');
    expect(noCp[0].message).toContain('the set holds no ServiceMeshControlPlane');
  });
  test('does not fire for the operator\'s gateways or a gateway deployment in the set', () => {
    expect(findings(cleanMesh(), 'OSSM301')).toEqual([]);
    expect(findings(gatewayEdit((o) => { o.spec.selector = { istio: 'egressgateway' }; }), 'OSSM301')).toEqual([]);
    const additional = withEdit(gatewayEdit((o) => { o.spec.selector = { istio: 'travels-gw' }; }), 'ServiceMeshControlPlane', 'basic',
      (o) => { o.spec.gateways = { additionalIngress: { 'istio-travels-gw': { enabled: true } } }; });
    expect(findings(additional, 'OSSM301')).toEqual([]);
    const own = [...gatewayEdit((o) => { o.spec.selector = { app: 'my-gw' }; }), deployment('gateways', 'my-gw', { app: 'my-gw' })];
    expect(findings(own, 'OSSM301')).toEqual([]);
  });
});

describe('OSSM302 Route next to IOR', () => {
  const HOST = 'control.travel-control.apps.example.com';
  const route = (host: string): KubeObject => ({
    apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'control', namespace: CP },
    spec: { host, to: { kind: 'Service', name: 'istio-ingressgateway' }, port: { targetPort: 'http2' } },
  });
  const gw = gateway('travel-control', 'control-gateway', [HOST]);
  test('fires for a Route to a Gateway host while the control plane runs IOR', () => {
    const found = findings([controlPlane({ version: 'v2.6', gateways: { openshiftRoute: { enabled: true } } }), gw, route(HOST)], 'OSSM302');
    expect(found.map((f) => `${f.kind}/${f.namespace}/${f.name}`)).toEqual([`Route/${CP}/control`]);
    expect(findings([controlPlane({ version: 'v2.4' }), gateway('travel-control', 'g', [`travel-control/${HOST}`]), route(HOST)], 'OSSM302')).toHaveLength(1);
  });
  test('does not fire with IOR off (explicitly, or by default since v2.5), nor for other hosts', () => {
    expect(findings([controlPlane({ version: 'v2.6', gateways: { openshiftRoute: { enabled: false } } }), gw, route(HOST)], 'OSSM302')).toEqual([]);
    expect(findings([controlPlane({ version: 'v2.6' }), gw, route(HOST)], 'OSSM302')).toEqual([]);
    expect(findings([controlPlane({ version: 'v2.6', gateways: { openshiftRoute: { enabled: true } } }), gw, route('other.example.com')], 'OSSM302')).toEqual([]);
  });
});

describe('OSSM303 Gateway server ports', () => {
  const gatewayPods = deployment('ingress', 'gw', { istio: 'private' }, { inject: false });
  const gwService = service('ingress', 'gw', { istio: 'private' }, [{ name: 'http2', port: 80, targetPort: 8080 }, { name: 'udp', port: 53, protocol: 'UDP' }]);
  const onPort = (port: number): KubeObject => {
    const gw = gateway('apps', 'web', ['*'], { istio: 'private' }) as any;
    gw.spec.servers[0].port.number = port;
    return gw;
  };
  test('a server port is fine when the gateway Service exposes it as port or targetPort', () => {
    expect(findings([gatewayPods, gwService, onPort(80)], 'OSSM303')).toEqual([]);
    expect(findings([gatewayPods, gwService, onPort(8080)], 'OSSM303')).toEqual([]);
  });
  test('fires for a port the Service does not expose over TCP', () => {
    expect(messages([gatewayPods, gwService, onPort(8443)], 'OSSM303'))
      .toEqual(['Gateway/web: servers[0] listens on port 8443, which Service ingress/gw of its gateway pods does not expose (ports and target ports: 80, 8080)']);
    expect(findings([gatewayPods, gwService, onPort(53)], 'OSSM303')).toHaveLength(1);
  });
  test('says nothing without the gateway pods\' Service in the set', () => {
    expect(findings([gatewayPods, onPort(8443)], 'OSSM303')).toEqual([]);
  });
});
