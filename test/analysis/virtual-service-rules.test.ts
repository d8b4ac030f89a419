// VirtualService rules that read hosts, visibility, gateways, matches and ports: OSSM103-105, 108, 110-112, 603, 604.
import { KubeObject } from '../../lib/analysis';
import { AGENCY, cleanMesh, findings, gateway, NET, service, virtualService, withEdit } from './fixtures';

const mesh = (ns: string, name: string, hosts: string[], exportTo?: string[]): KubeObject =>
  virtualService(ns, name, { hosts, ...(exportTo ? { exportTo } : {}), http: [{ route: [{ destination: { host: hosts[0] } }] }] });
const severities = (objects: KubeObject[], code: string): string[][] => findings(objects, code).map((f) => [`${f.namespace}/${f.name}`, f.severity]);

describe('OSSM103 VirtualServices for one host on the mesh gateway', () => {
  test('conflict only where some namespace sees both (exportTo)', () => {
    expect(severities([mesh('a', 'x', ['web.a.svc.cluster.local'], ['.']), mesh('b', 'x', ['web.a.svc.cluster.local'], ['.'])], 'OSSM103')).toEqual([]);
    expect(severities([mesh('a', 'x', ['web.a.svc.cluster.local'], ['.']), mesh('b', 'x', ['web.a.svc.cluster.local'], ['a'])], 'OSSM103'))
      .toEqual([['a/x', 'error'], ['b/x', 'error']]);
    expect(severities([mesh('a', 'x', ['web.a.svc.cluster.local']), mesh('b', 'x', ['web.a.svc.cluster.local'], ['~'])], 'OSSM103')).toEqual([]);
  });

  test('a wildcard overlap is a warning; short, two-label and FQDN spellings of one Service are one host', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } };
    expect(severities([mesh('a', 'all', ['*.a.svc.cluster.local']), mesh('a', 'web', ['web'])], 'OSSM103')).toEqual([['a/all', 'warning'], ['a/web', 'warning']]);
    expect(severities([ns, mesh('a', 'short', ['web']), mesh('a', 'dotted', ['web.a'])], 'OSSM103')).toEqual([['a/dotted', 'error'], ['a/short', 'error']]);
    expect(severities([mesh('a', 'x', ['*.example.com']), mesh('a', 'y', ['*.other.com'])], 'OSSM103')).toEqual([]);
  });

  test('VirtualServices bound only to a Gateway do not count', () => {
    const bound = virtualService('a', 'gw', { hosts: ['web'], gateways: ['g'], http: [{ route: [{ destination: { host: 'web' } }] }] });
    expect(findings([mesh('a', 'x', ['web']), bound], 'OSSM103')).toEqual([]);
  });
});

describe('OSSM104 and OSSM112 gateway spellings', () => {
  const withGateways = (refs: string[]): KubeObject[] => withEdit(cleanMesh(), 'VirtualService', 'travels-ingress', (o) => { o.spec.gateways = refs; });
  test('name.namespace, the FQDN form and ./name find the Gateway; the legacy forms get a hint', () => {
    for (const ref of [`travels-gateway.${AGENCY}`, `travels-gateway.${AGENCY}.svc.cluster.local`, './travels-gateway']) {
      expect(findings(withGateways([ref]), 'OSSM104')).toEqual([]);
    }
    expect(findings(withGateways([`travels-gateway.${AGENCY}`]), 'OSSM112').map((f) => f.message))
      .toEqual([`gateways[0] "travels-gateway.${AGENCY}" is the legacy spelling of Gateway ${AGENCY}/travels-gateway`]);
    expect(findings(withGateways(['./travels-gateway']), 'OSSM112')).toEqual([]);
    expect(findings(withGateways(['travels-gateway.other']), 'OSSM104').map((f) => f.message))
      .toEqual(['gateways[0] references Gateway other/travels-gateway ("travels-gateway.other"), which is not in the set']);
  });
});

describe('OSSM105 with several hosts and Gateways', () => {
  const twoGateways = (vsHosts: string[]): KubeObject[] => [
    gateway('ingress', 'api', ['*.api.example.com']), gateway('ingress', 'www', ['*.www.example.com']),
    virtualService('apps', 'site', { hosts: vsHosts, gateways: ['ingress/api', 'ingress/www'], http: [{ route: [{ destination: { host: 'site' } }] }] }),
  ];
  test('each Gateway must serve one of the hosts; a host no Gateway serves is a warning', () => {
    expect(findings(twoGateways(['a.api.example.com', 'a.www.example.com']), 'OSSM105')).toEqual([]);
    expect(severities(twoGateways(['a.api.example.com']), 'OSSM105')).toEqual([['apps/site', 'error']]);
    expect(severities(twoGateways(['a.api.example.com', 'a.www.example.com', 'typo.example.com']), 'OSSM105')).toEqual([['apps/site', 'warning']]);
  });
  test('a Gateway without servers is a warning', () => {
    const empty = { apiVersion: NET, kind: 'Gateway', metadata: { name: 'empty', namespace: 'apps' }, spec: { selector: { istio: 'ingressgateway' } } };
    const vs = virtualService('apps', 'site', { hosts: ['site.example.com'], gateways: ['empty'], http: [{ route: [{ destination: { host: 'site' } }] }] });
    expect(findings([empty, vs], 'OSSM105').map((f) => [f.severity, f.message])).toEqual([['warning', expect.stringContaining('has no server hosts')]]);
  });
});

describe('OSSM108 and OSSM111 rule order', () => {
  const rules = (section: 'http' | 'tcp' | 'tls', matches: Array<object[] | undefined>): KubeObject =>
    virtualService('a', 'vs', { hosts: ['web'], [section]: matches.map((m) => ({ ...(m ? { match: m } : {}), route: [{ destination: { host: 'web' } }] })) });
  const messages = (o: KubeObject, code: string): string[] => findings([o], code).map((f) => f.message);

  test('a repeated or broader earlier match makes a later rule unreachable and its match ineffective', () => {
    const prefix = (p: string, extra: object = {}): object => ({ uri: { prefix: p }, ...extra });
    const dup = rules('http', [[prefix('/api')], [{ name: 'again', ...prefix('/api') }]]);
    expect(messages(dup, 'OSSM108')).toEqual(['http[1] is never reached: each of its matches is already taken by an earlier rule']);
    expect(messages(dup, 'OSSM111')).toEqual(['http[1].match[0] never takes effect: http[0].match[0] already matches everything it matches']);
    const broader = rules('http', [[prefix('/api/v1/product', { method: { exact: 'GET' } })], [prefix('/api/v1/products', { method: { exact: 'GET' } }), prefix('/x')]]);
    expect(messages(broader, 'OSSM108')).toEqual([]);
    expect(messages(broader, 'OSSM111')).toEqual(['http[1].match[0] never takes effect: http[0].match[0] already matches everything it matches']);
    // a narrower earlier match, or a condition the later one lacks, covers nothing
    expect(messages(rules('http', [[prefix('/api', { headers: { user: { exact: 'jason' } } })], [prefix('/api')]]), 'OSSM111')).toEqual([]);
    expect(messages(rules('http', [[prefix('/api/v1/products')], [prefix('/api/v1/product')]]), 'OSSM111')).toEqual([]);
  });

  test('tcp and tls rules: a catch-all rule, repeated ports and SNI hosts', () => {
    expect(messages(rules('tcp', [undefined, [{ port: 31400 }]]), 'OSSM108')).toEqual(['tcp[1] is never reached: tcp[0] before it matches every request']);
    expect(messages(rules('tcp', [[{ port: 31400 }], [{ port: 31400 }, { port: 31401 }]]), 'OSSM111')).toHaveLength(1);
    expect(messages(rules('tls', [[{ port: 443, sniHosts: ['*.example.com'] }], [{ port: 443, sniHosts: ['a.example.com'] }]]), 'OSSM108')).toHaveLength(1);
    expect(messages(rules('tls', [[{ port: 443, sniHosts: ['a.example.com'] }], [{ port: 443, sniHosts: ['*.example.com'] }]]), 'OSSM108')).toEqual([]);
  });
});

describe('OSSM110 destination ports', () => {
  const twoPorts = service('a', 'web', { app: 'web' }, [{ name: 'http', port: 80 }, { name: 'https', port: 443 }]);
  const route = (spec: object): KubeObject => virtualService('a', 'vs', spec);
  test('a port the host does not expose', () => {
    const f = findings([twoPorts, route({ hosts: ['web'], http: [{ route: [{ destination: { host: 'web', port: { number: 8080 } } }] }] })], 'OSSM110');
    expect(f.map((x) => x.message)).toEqual(['http[0].route[0] routes to port 8080 of web, which Service a/web does not expose (its ports: 80 and 443)']);
  });
  test('no port for a multi-port host: only where the request cannot give it', () => {
    const sameHost = route({ hosts: ['web'], http: [{ route: [{ destination: { host: 'web' } }] }] });
    expect(findings([twoPorts, sameHost], 'OSSM110')).toEqual([]);
    const otherHost = route({ hosts: ['front'], http: [{ route: [{ destination: { host: 'web' } }] }] });
    expect(findings([twoPorts, otherHost], 'OSSM110')).toHaveLength(1);
    const onGateway = route({ hosts: ['web.example.com'], gateways: ['g'], http: [{ route: [{ destination: { host: 'web' } }] }] });
    expect(findings([twoPorts, onGateway], 'OSSM110')[0].message).toContain('the gateway\'s listener port is used');
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
