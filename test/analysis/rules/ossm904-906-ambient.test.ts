// OSSM904–OSSM906: ambient mode — L7 configuration no waypoint applies, a waypoint bound but not deployed, and
// PeerAuthentication DISABLE (ignored in ambient mode).
import { KubeObject } from '../../../lib/analysis';
import { AGENCY, cleanMesh, codes, findings, service } from '../fixtures';

const namespace = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const AMBIENT = { 'istio-discovery': 'enabled', 'istio.io/dataplane-mode': 'ambient' };
const waypoint = (name = 'waypoint', ns = AGENCY, gatewayClassName = 'istio-waypoint'): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace: ns, labels: { 'istio.io/waypoint-for': 'service' } },
  spec: { gatewayClassName, listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
});
const httpRoute: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'travels', namespace: AGENCY },
  spec: { parentRefs: [{ group: '', kind: 'Service', name: 'travels' }], rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'travels-v1', port: 8000, weight: 1 }] }] },
};
const policy = (spec: object, name = 'p'): KubeObject => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: AGENCY }, spec });
const L7_RULES = [{ to: [{ operation: { methods: ['GET'] } }] }];
const peer = (spec: object): KubeObject => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: AGENCY }, spec });

/** The clean mesh with the agency namespace in ambient mode (labels given), its VirtualServices left out, and extras. */
function ambientMesh(labels: Record<string, string>, ...extra: KubeObject[]): KubeObject[] {
  return [
    ...cleanMesh().filter((o) => o.kind !== 'VirtualService' && o.kind !== 'Namespace'),
    namespace(AGENCY, labels),
    service(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }),
    ...extra,
  ];
}

describe('OSSM904 L7 configuration in an ambient namespace that no waypoint applies', () => {
  test('fires for an HTTPRoute whose Service no waypoint serves, an L7 policy with a selector, an L7 policy targeting such a Service', () => {
    const objects = ambientMesh(AMBIENT, httpRoute,
      policy({ selector: { matchLabels: { app: 'travels' } }, rules: L7_RULES }, 'by-selector'),
      policy({ targetRefs: [{ group: '', kind: 'Service', name: 'travels' }], rules: L7_RULES }, 'by-service'));
    const found = findings(objects, 'OSSM904');
    const order = ['HTTPRoute', 'by-selector', 'by-service'];
    const f = [...found].sort((x, y) => order.indexOf(x.kind === 'HTTPRoute' ? 'HTTPRoute' : x.name) - order.indexOf(y.kind === 'HTTPRoute' ? 'HTTPRoute' : y.name));
    expect(f.map((x) => [x.kind, x.name, x.severity])).toEqual([['HTTPRoute', 'travels', 'error'], ['AuthorizationPolicy', 'by-selector', 'error'], ['AuthorizationPolicy', 'by-service', 'error']]);
    expect(f[0].message).toMatch(/parentRefs\[0\] is Service travel-agency\/travels of an ambient namespace, and no waypoint serves it/);
    expect(f[1].message).toMatch(/has L7 rules .* and selects pods, in an ambient namespace/);
    expect(f[2].message).toMatch(/targets Service travel-agency\/travels, which no waypoint serves/);
  });

  test('silent with a waypoint bound (namespace or Service label), for L4 policies, and outside ambient namespaces', () => {
    const bound = { ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' };
    const l7 = policy({ targetRefs: [{ group: '', kind: 'Service', name: 'travels' }], rules: L7_RULES });
    expect(findings(ambientMesh(bound, waypoint(), httpRoute, l7), 'OSSM904')).toEqual([]);
    const l4 = policy({ selector: { matchLabels: { app: 'travels' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/travel-portal/sa/travels'] } }] }] });
    expect(findings(ambientMesh(AMBIENT, l4), 'OSSM904')).toEqual([]);
    const sidecarNs = { 'istio-discovery': 'enabled', 'istio-injection': 'enabled' };
    expect(findings(ambientMesh(sidecarNs, httpRoute, policy({ selector: { matchLabels: { app: 'travels' } }, rules: L7_RULES })), 'OSSM904')).toEqual([]);
    // a Service bound on its own label
    const objects = ambientMesh(AMBIENT, waypoint(), httpRoute).map((o) => (o.kind === 'Service' && o.metadata?.name === 'travels'
      ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata!.labels, 'istio.io/use-waypoint': 'waypoint' } } } : o));
    expect(findings(objects, 'OSSM904')).toEqual([]);
    // use-waypoint: none opts the Service out again
    const optedOut = ambientMesh({ ...bound }, waypoint(), httpRoute).map((o) => (o.kind === 'Service' && o.metadata?.name === 'travels'
      ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata!.labels, 'istio.io/use-waypoint': 'none' } } } : o));
    expect(findings(optedOut, 'OSSM904').map((x) => x.kind)).toEqual(['HTTPRoute']);
  });
});

describe('OSSM905 a waypoint bound but not deployed', () => {
  test('fires on the Namespace bound to a waypoint the set lacks, or has only of another class', () => {
    const bound = { ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' };
    for (const objects of [ambientMesh(bound), ambientMesh(bound, waypoint('waypoint', AGENCY, 'istio')), ambientMesh(bound, waypoint('other'))]) {
      const f = findings(objects, 'OSSM905');
      expect(f.map((x) => [x.kind, x.name, x.severity])).toEqual([['Namespace', AGENCY, 'error']]);
      expect(f[0].message).toBe('istio.io/use-waypoint=waypoint binds it to waypoint travel-agency/waypoint, and the set holds no Gateway of class istio-waypoint of that name there');
    }
  });
  test('a warning for a waypoint in another namespace the set has nothing of; silent when deployed, unbound or none', () => {
    const elsewhere = ambientMesh({ ...AMBIENT, 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'waypoints' });
    expect(findings(elsewhere, 'OSSM905').map((x) => x.severity)).toEqual(['warning']);
    expect(findings(ambientMesh({ ...AMBIENT, 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'waypoints' }, waypoint('shared', 'waypoints')), 'OSSM905')).toEqual([]);
    expect(findings(ambientMesh({ ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' }, waypoint()), 'OSSM905')).toEqual([]);
    expect(findings(ambientMesh(AMBIENT), 'OSSM905')).toEqual([]);
    expect(findings(ambientMesh({ ...AMBIENT, 'istio.io/use-waypoint': 'none' }), 'OSSM905')).toEqual([]);
  });
});

describe('OSSM906 PeerAuthentication DISABLE in an ambient namespace', () => {
  test('fires for mode DISABLE and for a port-level DISABLE', () => {
    expect(findings(ambientMesh(AMBIENT, peer({ mtls: { mode: 'DISABLE' } })), 'OSSM906').map((x) => [x.kind, x.severity, x.message])).toEqual([[
      'PeerAuthentication', 'warning', 'sets mode DISABLE in ambient namespace travel-agency: ztunnel and HBONE always use mutual TLS, so ambient mode ignores it',
    ]]);
    expect(findings(ambientMesh(AMBIENT, peer({ mtls: { mode: 'STRICT' }, portLevelMtls: { 8000: { mode: 'DISABLE' } } })), 'OSSM906')[0].message)
      .toMatch(/^sets mode DISABLE for port 8000 in ambient namespace/);
  });
  test('silent for STRICT or PERMISSIVE, and for DISABLE with sidecars', () => {
    expect(findings(ambientMesh(AMBIENT, peer({ mtls: { mode: 'STRICT' } })), 'OSSM906')).toEqual([]);
    expect(findings(ambientMesh(AMBIENT, peer({ mtls: { mode: 'PERMISSIVE' } })), 'OSSM906')).toEqual([]);
    expect(findings(ambientMesh({ 'istio-discovery': 'enabled', 'istio-injection': 'enabled' }, peer({ mtls: { mode: 'DISABLE' } })), 'OSSM906')).toEqual([]);
  });
  test('an ambient mesh set with its waypoint bound and deployed has no ambient finding', () => {
    const c = codes(ambientMesh({ ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' }, waypoint(), httpRoute));
    expect(c.filter((x) => ['OSSM904', 'OSSM905', 'OSSM906'].includes(x))).toEqual([]);
  });
});
