// DestinationRules as Istio applies them (merge per namespace and host, client-namespace precedence), and the rules
// that read them: OSSM101 (subset of the rule that applies), OSSM201 (competing rules), OSSM202 (subset endpoints).
import { KubeObject } from '../../lib/analysis';
import { AnalysisContext } from '../../lib/analysis/context';
import { VISIBLE_EVERYWHERE, exportToVisibility } from '../../lib/analysis/hosts';
import { destinationRule } from './fixtures';

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
