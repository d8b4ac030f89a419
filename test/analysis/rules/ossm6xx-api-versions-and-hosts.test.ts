// OSSM601–OSSM604: Istio API versions, hosts Istio does not expand or reads ambiguously, deprecated fields.
import { KubeObject } from '../../../lib/analysis';
import { NET, AGENCY, deployment, destinationRule, service, virtualService, TRAVELS_FQDN, cleanMesh, withEdit, findings } from '../fixtures';

describe('OSSM601 Istio v1 APIs on Istio 1.20', () => {
  const v1 = (): KubeObject[] => withEdit(cleanMesh(), 'VirtualService', 'travels', (o) => { o.apiVersion = 'networking.istio.io/v1'; });
  const policy = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny', namespace: AGENCY }, spec: {} };
  test('fires with a v2.6 control plane in the set, and without one by default', () => {
    const f = findings([...v1(), policy], 'OSSM601');
    expect(f.map((x) => x.kind)).toEqual(['AuthorizationPolicy', 'VirtualService']);
    expect(f[1].message).toContain('control plane runs Istio 1.20 (ServiceMeshControlPlane istio-system/basic (v2.6 runs Istio 1.20))');
    expect(f[1].fix).toBe('Use apiVersion networking.istio.io/v1beta1.');
    expect(findings(v1().filter((o) => o.kind !== 'ServiceMeshControlPlane'), 'OSSM601')).toHaveLength(1);
  });
  test('does not fire for v1beta1, or when assumeIstio is 1.22 and no control plane says otherwise', () => {
    expect(findings(cleanMesh(), 'OSSM601')).toEqual([]);
    const noCp = v1().filter((o) => o.kind !== 'ServiceMeshControlPlane');
    expect(findings(noCp, 'OSSM601', { assumeIstio: '1.22' })).toEqual([]);
    expect(findings(v1(), 'OSSM601', { assumeIstio: '1.22' })).toHaveLength(1);
  });
});

describe('OSSM602 ambiguous short host', () => {
  const portal = (): KubeObject[] => [...cleanMesh(), service('travel-portal', 'travels', { app: 'travels' }), deployment('travel-portal', 'travels', { app: 'travels', version: 'v1' })];
  test('fires for short hosts of objects in a namespace without that Service, in VirtualService hosts, destinations and DestinationRule hosts', () => {
    const control = [
      service('travel-control', 'control', { app: 'control' }),
      virtualService('travel-control', 'travels', { hosts: ['travels'], http: [{ route: [{ destination: { host: 'travels' } }] }] }),
      destinationRule('travel-control', 'travels', { host: 'travels' }),
    ];
    const f = findings([...portal(), ...control], 'OSSM602');
    expect(f.map((x) => `${x.kind}/${x.namespace}/${x.name}`)).toEqual(['DestinationRule/travel-control/travels', 'VirtualService/travel-control/travels']);
    expect(f[0].message).toBe('host "travels" means travels.travel-control.svc.cluster.local here, where no Service travels exists, but Services named travels exist in travel-agency and travel-portal');
  });

  test('does not fire for per-namespace objects naming their own namespace\'s Service by its short name (Istio\'s convention)', () => {
    const objects = withEdit(withEdit(portal(), 'VirtualService', 'travels', (o) => { o.spec.hosts = ['travels']; }), 'DestinationRule', 'travels', (o) => { o.spec.host = 'travels'; });
    expect(findings(objects, 'OSSM602')).toEqual([]);
  });
  test('does not fire for FQDNs or when only one namespace has the Service', () => {
    expect(findings(withEdit(portal(), 'VirtualService', 'travels-ingress', (o) => { o.spec.http[0].route[0].destination.host = TRAVELS_FQDN; }), 'OSSM602')).toEqual([]);
    expect(findings(cleanMesh(), 'OSSM602')).toEqual([]);
  });
});

describe('OSSM603 hosts Istio does not expand', () => {
  test('name.namespace in hosts, destinations and DestinationRules; once per spelling and place', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    const vs = virtualService('shop', 'web', { hosts: ['web.shop'], http: [{ route: [{ destination: { host: 'web.shop' } }, { destination: { host: 'web.shop' } }] }] });
    const dr = { apiVersion: NET, kind: 'DestinationRule', metadata: { name: 'web', namespace: 'shop' }, spec: { host: 'web.shop.svc' } };
    const f = findings([ns, service('shop', 'web', { app: 'web' }), vs, dr], 'OSSM603');
    expect(f.map((x) => `${x.kind} ${x.message.split(':')[0]}`)).toEqual([
      'DestinationRule host "web.shop.svc" is read by Istio as written, not as web.shop.svc.cluster.local',
      'VirtualService destination host "web.shop" is read by Istio as written, not as web.shop.svc.cluster.local',
      'VirtualService host "web.shop" is read by Istio as written, not as web.shop.svc.cluster.local',
    ]);
    // without the namespace in the set, web.shop is an external name, not a Service
    expect(findings([virtualService('front', 'web', { hosts: ['web.shop'], http: [{ route: [{ destination: { host: 'web.shop' } }] }] })], 'OSSM603')).toEqual([]);
  });
});

describe('OSSM604 deprecated fields', () => {
  test('fault.delay.percent and Sidecar egressProxy', () => {
    const vs = virtualService('a', 'vs', { hosts: ['web'], http: [{ fault: { delay: { percent: 50, fixedDelay: '1s' } }, route: [{ destination: { host: 'web' } }] }] });
    const sidecar = { apiVersion: NET, kind: 'Sidecar', metadata: { name: 'default', namespace: 'a' }, spec: { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'proxy' } } } };
    expect(findings([vs, sidecar], 'OSSM604').map((f) => `${f.kind} ${f.message}`))
      .toEqual(['Sidecar outboundTrafficPolicy.egressProxy is ignored by Istio', 'VirtualService http[0].fault.delay.percent is deprecated']);
    const current = virtualService('a', 'vs', { hosts: ['web'], http: [{ fault: { delay: { percentage: { value: 50 }, fixedDelay: '1s' } }, route: [{ destination: { host: 'web' } }] }] });
    expect(findings([current], 'OSSM604')).toEqual([]);
  });
});
