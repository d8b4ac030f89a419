// OSSM201–OSSM205: DestinationRules as Istio applies them (merge per namespace and host), subsets and outlier detection.
import { KubeObject } from '../../../lib/analysis';
import { NET, AGENCY, deployment, service, destinationRule, TRAVELS_FQDN, cleanMesh, withEdit, findings } from '../fixtures';

const drEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'DestinationRule', 'travels', edit);
const subsets = (...names: string[]): object[] => names.map((n) => ({ name: n, labels: { version: n } }));
const dr = (ns: string, name: string, host: string, spec: object = {}): KubeObject => destinationRule(ns, name, { host, ...spec });

describe('OSSM201 two DestinationRules for one host', () => {
  test('is an error on both when Istio\'s merge drops a subset or a traffic policy, whatever form the host takes', () => {
    const objects = [...cleanMesh(), destinationRule(AGENCY, 'travels-short', { host: 'travels', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })];
    const f = findings(objects, 'OSSM201');
    expect(f.map((x) => x.name)).toEqual(['travels', 'travels-short']);
    expect(f[0]).toMatchObject({ severity: 'error', message: expect.stringContaining(`host ${TRAVELS_FQDN} is also configured by DestinationRule travel-agency/travels-short in namespace ${AGENCY}, and both set subset v1`) });
    const policies = [...cleanMesh(), destinationRule(AGENCY, 'travels-policy', { host: TRAVELS_FQDN, trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } } })];
    expect(findings(policies, 'OSSM201').map((x) => [x.name, x.severity])).toEqual([['travels', 'error'], ['travels-policy', 'error']]);
    expect(findings(policies, 'OSSM201')[0].message).toContain('the top-level trafficPolicy');
  });
  test('is a warning when one rule has no subsets (nothing is dropped, but the merge order decides)', () => {
    const f = findings([...cleanMesh(), destinationRule(AGENCY, 'travels-short', { host: 'travels' })], 'OSSM201');
    expect(f.map((x) => [x.name, x.severity])).toEqual([['travels', 'warning'], ['travels-short', 'warning']]);
  });
  test('does not fire for distinct subsets of one host in one namespace (Istio concatenates them)', () => {
    const split = [...cleanMesh(), destinationRule(AGENCY, 'travels-v4', { host: 'travels', subsets: [{ name: 'v4', labels: { version: 'v4' } }] })];
    expect(findings(split, 'OSSM201')).toEqual([]);
  });
  test('does not fire for a workloadSelector DestinationRule or another host', () => {
    expect(findings([...cleanMesh(), destinationRule(AGENCY, 'ws', { host: 'travels', workloadSelector: { matchLabels: { app: 'x' } } })], 'OSSM201')).toEqual([]);
    expect(findings([...cleanMesh(), destinationRule(AGENCY, 'cars', { host: 'cars' })], 'OSSM201')).toEqual([]);
  });
});

describe('OSSM201 competing DestinationRules', () => {
  const byName = (objects: KubeObject[]): string[][] => findings(objects, 'OSSM201').map((f) => [`${f.namespace}/${f.name}`, f.severity]);

  test('warns for rules of two namespaces for one host that share a subset, not for distinct subsets', () => {
    expect(byName([dr('a', 'r', 'cart.shop.svc.cluster.local', { subsets: subsets('v1') }), dr('b', 'r', 'cart.shop.svc.cluster.local', { subsets: subsets('v1', 'v2') })]))
      .toEqual([['a/r', 'warning'], ['b/r', 'warning']]);
    expect(byName([dr('a', 'r', 'cart.shop.svc.cluster.local', { subsets: subsets('v1') }), dr('b', 'r', 'cart.shop.svc.cluster.local', { subsets: subsets('v2') })]))
      .toEqual([]);
  });

  test('warns for a wildcard rule over a specific one when they share a subset', () => {
    const f = findings([dr('shop', 'cart', 'cart', { subsets: subsets('v1') }), dr('shop', 'wide', '*.shop.svc.cluster.local', { subsets: subsets('v1') })], 'OSSM201');
    expect(f.map((x) => [x.name, x.severity])).toEqual([['cart', 'warning'], ['wide', 'warning']]);
    expect(f[0].message).toContain('overlaps DestinationRule shop/wide (*.shop.svc.cluster.local), and both define subset v1');
  });

  test('leaves mesh-wide and namespace-wide TLS rules alone', () => {
    const tls = { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: subsets('v1') };
    expect(byName([dr('shop', 'cart', 'cart', { subsets: subsets('v1') }), dr('istio-system', 'mesh', '*.local', tls)])).toEqual([]);
    expect(byName([dr('shop', 'cart', 'cart', { subsets: subsets('v1') }), dr('shop', 'ns', '*.shop.svc.cluster.local', tls)])).toEqual([]);
    // a namespace-wide rule for another namespace is not exempt
    expect(byName([dr('shop', 'cart', 'cart', { subsets: subsets('v1') }), dr('other', 'ns', '*.shop.svc.cluster.local', tls)])).toHaveLength(2);
  });

  test('a rule written name.namespace is compared as meant, as a warning', () => {
    const objects = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, dr('shop', 'a', 'cart', { subsets: subsets('v1') }), dr('shop', 'b', 'cart.shop', { subsets: subsets('v1') })];
    expect(byName(objects)).toEqual([['shop/a', 'warning'], ['shop/b', 'warning']]);
  });
});

describe('OSSM202 subset selects no pods', () => {
  test('fires for a version no pod template carries, naming the versions that exist', () => {
    const f = findings(drEdit((o) => { o.spec.subsets.push({ name: 'v4', labels: { version: 'v4' } }); }), 'OSSM202');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(f[0].message).toContain('subset "v4" (version=v4) selects no pod template of Service travel-agency/travels');
    expect(f[0].message).toContain('version: v1, v2, v3');
  });
  test('fires when the workload is missing or the subset contradicts the Service selector', () => {
    expect(findings(cleanMesh().filter((o) => o.metadata?.name !== 'travels-v3'), 'OSSM202')).toHaveLength(1);
    const f = findings(drEdit((o) => { o.spec.subsets[0].labels = { app: 'cars', version: 'v1' }; }), 'OSSM202');
    expect(f[0].message).toContain('requires app=cars, but Service travel-agency/travels selects app=travels');
  });
  test('pods of other namespaces do not count', () => {
    const objects = cleanMesh().map((o) => (o.metadata?.name === 'travels-v3' ? deployment('travel-portal', 'travels-v3', { app: 'travels', version: 'v3' }) : o));
    expect(findings(objects, 'OSSM202')).toHaveLength(1);
  });
  test('does not fire when pods exist (any workload kind), the Service is not in the set or has no selector', () => {
    expect(findings(cleanMesh(), 'OSSM202')).toEqual([]);
    const statefulSet = cleanMesh().map((o) => (o.metadata?.name === 'travels-v3' ? deployment(AGENCY, 'travels-v3', { app: 'travels', version: 'v3' }, { kind: 'StatefulSet' }) : o));
    expect(findings(statefulSet, 'OSSM202')).toEqual([]);
    const noService = drEdit((o) => { o.spec.subsets.push({ name: 'v4', labels: { version: 'v4' } }); }).filter((o) => o.kind !== 'Service');
    expect(findings(noService, 'OSSM202')).toEqual([]);
    const noSelector = withEdit(drEdit((o) => { o.spec.subsets.push({ name: 'v4', labels: { version: 'v4' } }); }), 'Service', 'travels', (o) => { delete o.spec.selector; });
    expect(findings(noSelector, 'OSSM202')).toEqual([]);
  });
});

describe('OSSM202 endpoints of the subset', () => {
  const node = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });
  const pod = (nodeName?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web', version: 'v1' } },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'web', image: 'x' }] } });
  const zones = (...labels: Array<Record<string, string>>): KubeObject =>
    dr('shop', 'web', 'web', { subsets: labels.map((l, i) => ({ name: `s${i}`, labels: l })) });

  test('node topology labels come from the pod\'s Node; an empty value matches nothing', () => {
    const base = [service('shop', 'web', { app: 'web' }), pod('n1'), node('n1', { 'topology.kubernetes.io/zone': 'z1' })];
    expect(findings([...base, zones({ 'topology.kubernetes.io/zone': 'z1' }, { version: 'v1', 'topology.kubernetes.io/zone': 'z1' })], 'OSSM202')).toEqual([]);
    expect(findings([...base, zones({ 'topology.kubernetes.io/zone': 'z2' })], 'OSSM202')).toHaveLength(1);
    expect(findings([...base, zones({ 'topology.kubernetes.io/region': '' })], 'OSSM202')).toHaveLength(1);
    // without a Node in the set, the scheduler decides: not reported
    expect(findings([service('shop', 'web', { app: 'web' }), pod(), zones({ 'topology.kubernetes.io/zone': 'z2' })], 'OSSM202')).toEqual([]);
  });

  test('a ServiceEntry host: the subset must match an endpoint\'s labels', () => {
    const entry = (labels: Record<string, string>): KubeObject => ({ apiVersion: NET, kind: 'ServiceEntry', metadata: { name: 'db', namespace: 'shop' },
      spec: { hosts: ['db.example.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', endpoints: [{ address: 'db1.example.com', labels }] } });
    const rule = dr('shop', 'db', 'db.example.com', { subsets: [{ name: 'primary', labels: { role: 'primary' } }] });
    expect(findings([entry({ role: 'primary' }), rule], 'OSSM202')).toEqual([]);
    expect(findings([entry({ role: 'replica' }), rule], 'OSSM202').map((f) => f.message))
      .toEqual([expect.stringContaining('selects no endpoint of ServiceEntry shop/db (endpoint labels: role=replica)')]);
  });
});

describe('OSSM203 duplicate subset names', () => {
  test('fires once per duplicated name', () => {
    const f = findings(drEdit((o) => { o.spec.subsets.push({ name: 'v1', labels: { version: 'v2' } }, { name: 'v1', labels: { version: 'v3' } }); }), 'OSSM203');
    expect(f.map((x) => x.message)).toEqual(['subset "v1" is defined more than once']);
  });
  test('does not fire for distinct names', () => {
    expect(findings(cleanMesh(), 'OSSM203')).toEqual([]);
  });
});

describe('OSSM204 subset without labels', () => {
  test('fires for a subset with no or empty labels', () => {
    const f = findings(drEdit((o) => { o.spec.subsets.push({ name: 'all' }, { name: 'empty', labels: {} }); }), 'OSSM204');
    expect(f.map((x) => x.message)).toEqual([
      'subset "all" has no labels, so it selects every pod of the host',
      'subset "empty" has no labels, so it selects every pod of the host',
    ]);
    expect(f[0].severity).toBe('warning');
  });
  test('does not fire for labelled subsets', () => {
    expect(findings(cleanMesh(), 'OSSM204')).toEqual([]);
  });
});

describe('OSSM205 consecutiveErrors only', () => {
  test('fires at the top level, per port and per subset', () => {
    const f = findings(drEdit((o) => {
      o.spec.trafficPolicy.outlierDetection = { consecutiveErrors: 1, interval: '1s' };
      o.spec.trafficPolicy.portLevelSettings = [{ port: { number: 8000 }, outlierDetection: { consecutiveErrors: 2 } }];
      o.spec.subsets[1].trafficPolicy = { outlierDetection: { consecutiveErrors: 3 } };
    }), 'OSSM205');
    expect(f.map((x) => x.message.split(' sets')[0])).toEqual([
      'subsets[1] (v2).trafficPolicy.outlierDetection',
      'trafficPolicy.outlierDetection',
      'trafficPolicy.portLevelSettings[0].outlierDetection',
    ]);
  });
  test('does not fire when consecutive5xxErrors or consecutiveGatewayErrors is set', () => {
    expect(findings(drEdit((o) => { o.spec.trafficPolicy.outlierDetection = { consecutiveErrors: 1, consecutive5xxErrors: 1 }; }), 'OSSM205')).toEqual([]);
    expect(findings(drEdit((o) => { o.spec.trafficPolicy.outlierDetection = { consecutiveErrors: 1, consecutiveGatewayErrors: 1 }; }), 'OSSM205')).toEqual([]);
    expect(findings(cleanMesh(), 'OSSM205')).toEqual([]);
  });
});
