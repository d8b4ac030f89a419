// DestinationRules as Istio applies them (merge per namespace and host, client-namespace precedence), and the rules
// that read them: OSSM101 (subset of the rule that applies), OSSM201 (competing rules), OSSM202 (subset endpoints).
import { KubeObject } from '../../lib/analysis';
import { AnalysisContext } from '../../lib/analysis/context';
import { VISIBLE_EVERYWHERE, exportToVisibility } from '../../lib/analysis/hosts';
import { destinationRule, findings, NET, service, virtualService } from './fixtures';

const subsets = (...names: string[]): object[] => names.map((n) => ({ name: n, labels: { version: n } }));
const dr = (ns: string, name: string, host: string, spec: object = {}): KubeObject => destinationRule(ns, name, { host, ...spec });

describe('DestinationRuleIndex', () => {
  const aged = (o: KubeObject, creationTimestamp: string): KubeObject => ({ ...o, metadata: { ...o.metadata, creationTimestamp } });
  const objects = [
    aged(dr('shop', 'local', 'cart', { subsets: subsets('v1') }), '2024-01-01T00:00:00Z'),
    dr('shop', 'wide', '*.shop.svc.cluster.local', { subsets: subsets('v9') }),
    dr('client', 'override', 'cart.shop.svc.cluster.local', { subsets: subsets('v2') }),
    dr('istio-system', 'root', '*.local', { subsets: subsets('r'), exportTo: ['*'] }),
    dr('shop', 'private', 'orders', { subsets: subsets('p'), exportTo: ['.'] }),
    aged(dr('shop', 'cart-2', 'cart.shop.svc.cluster.local', { subsets: subsets('v3') }), '2025-01-01T00:00:00Z'),
  ];
  const index = new AnalysisContext(objects).destinationRuleIndex;
  const names = (g: ReturnType<typeof index.forClient>): string[] => g?.rules.map((r) => r.ref.name) ?? [];

  test('merges the rules of one namespace and host, oldest first (then by name, as Istio orders them)', () => {
    const cart = index.groups.find((g) => g.namespace === 'shop' && g.host === 'cart.shop.svc.cluster.local');
    expect(cart?.rules.map((r) => r.ref.name)).toEqual(['local', 'cart-2']);
    expect([...(cart?.subsets ?? [])]).toEqual(['v1', 'v3']);
    const unaged = new AnalysisContext(objects.map((o) => ({ ...o, metadata: { ...o.metadata, creationTimestamp: undefined } }))).destinationRuleIndex;
    expect(unaged.groups.find((g) => g.host === 'cart.shop.svc.cluster.local' && g.namespace === 'shop')?.rules.map((r) => r.ref.name)).toEqual(['cart-2', 'local']);
  });

  test('picks the client namespace\'s rule, else the host namespace\'s, else the root namespace\'s, most specific first', () => {
    expect(names(index.forClient('cart.shop.svc.cluster.local', 'client', 'shop'))).toEqual(['override']);
    expect(names(index.forClient('cart.shop.svc.cluster.local', 'other', 'shop'))).toEqual(['local', 'cart-2']);
    expect(names(index.forClient('cart.shop.svc.cluster.local', 'shop', 'shop'))).toEqual(['local', 'cart-2']);
    expect(names(index.forClient('pay.shop.svc.cluster.local', 'other', 'shop'))).toEqual(['wide']);
    expect(names(index.forClient('pay.bank.svc.cluster.local', 'other', 'bank'))).toEqual(['root']);
    // exported to its own namespace only: clients elsewhere fall through to the root namespace's rule
    expect(names(index.forClient('orders.shop.svc.cluster.local', 'other', 'shop'))).toEqual(['wide']);
    expect(names(index.forClient('orders.shop.svc.cluster.local', 'shop', 'shop'))).toEqual(['private']);
  });

  test('applicable: per namespace the most specific rule, for the clients that may use a route', () => {
    const hosts = (clients: Parameters<typeof index.applicable>[1]): string[] =>
      index.applicable('cart.shop.svc.cluster.local', clients, 'shop').flatMap((g) => g.rules.map((r) => `${r.ref.namespace}/${r.ref.name}`)).sort();
    expect(hosts(VISIBLE_EVERYWHERE)).toEqual(['client/override', 'istio-system/root', 'shop/cart-2', 'shop/local']);
    expect(hosts(exportToVisibility(['.'], 'shop'))).toEqual(['istio-system/root', 'shop/cart-2', 'shop/local']);
  });
});

describe('OSSM101 with the rule that applies', () => {
  const route = (ns: string, host: string, subset: string, exportTo?: string[]): KubeObject =>
    virtualService(ns, `to-${subset}`, { hosts: [host], ...(exportTo ? { exportTo } : {}), http: [{ route: [{ destination: { host, subset } }] }] });

  test('a wildcard rule\'s subsets do not count for a host with a more specific rule of the same namespace', () => {
    const objects = [dr('shop', 'cart', 'cart', { subsets: subsets('v1') }), dr('shop', 'wide', '*.shop.svc.cluster.local', { subsets: subsets('v2') }),
      route('shop', 'cart', 'v2')];
    expect(findings(objects, 'OSSM101').map((f) => f.message)).toEqual([expect.stringContaining('which DestinationRule shop/cart does not define (defined: v1)')]);
    expect(findings([...objects.slice(1), route('shop', 'cart', 'v2')], 'OSSM101')).toEqual([]);
  });

  test('a rule exported away from the route\'s clients does not define its subsets', () => {
    const privateRule = dr('shop', 'cart', 'cart', { subsets: subsets('v1'), exportTo: ['.'] });
    expect(findings([privateRule, route('front', 'cart.shop.svc.cluster.local', 'v1', ['.'])], 'OSSM101')).toHaveLength(1);
    expect(findings([privateRule, route('shop', 'cart', 'v1')], 'OSSM101')).toEqual([]);
    // a client-side rule in the route's namespace counts
    expect(findings([dr('front', 'cart', 'cart.shop.svc.cluster.local', { subsets: subsets('v1') }), route('front', 'cart.shop.svc.cluster.local', 'v1', ['.'])], 'OSSM101')).toEqual([]);
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
