// OSSM101–OSSM112: VirtualService routes, hosts, gateways, weights, rule order and ports.
import { KubeObject } from '../../../lib/analysis';
import { NET, AGENCY, CP, service, virtualService, destinationRule, gateway, TRAVELS_FQDN, cleanMesh, withEdit, findings } from '../fixtures';

const vsEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'VirtualService', 'travels', edit);
const drEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'DestinationRule', 'travels', edit);
const ingressEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'VirtualService', 'travels-ingress', edit);
const gatewayEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'Gateway', 'travels-gateway', edit);
const weightedRoute = (o: any): any[] => o.spec.http[1].route;
const mesh = (ns: string, name: string, hosts: string[], exportTo?: string[]): KubeObject =>
  virtualService(ns, name, { hosts, ...(exportTo ? { exportTo } : {}), http: [{ route: [{ destination: { host: hosts[0] } }] }] });
const severities = (objects: KubeObject[], code: string): string[][] => findings(objects, code).map((f) => [`${f.namespace}/${f.name}`, f.severity]);
const subsets = (...names: string[]): object[] => names.map((n) => ({ name: n, labels: { version: n } }));
const dr = (ns: string, name: string, host: string, spec: object = {}): KubeObject => destinationRule(ns, name, { host, ...spec });

describe('OSSM101 subset not defined', () => {
  test('fires for a subset the DestinationRule does not define', () => {
    const f = findings(vsEdit((o) => { o.spec.http[0].route[0].destination.subset = 'v4'; }), 'OSSM101');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', kind: 'VirtualService', namespace: AGENCY, name: 'travels' });
    expect(f[0].message).toContain('subset "v4"');
    expect(f[0].message).toContain('defined: v1, v2, v3');
  });
  test('fires when no DestinationRule for the host is in the set, for tcp and tls routes too', () => {
    const objects = cleanMesh().filter((o) => o.kind !== 'DestinationRule');
    objects.push(virtualService(AGENCY, 'db', { hosts: ['db'], tcp: [{ route: [{ destination: { host: 'db', subset: 'v1' } }] }] }));
    objects.push(virtualService(AGENCY, 'tls', { hosts: ['tls'], tls: [{ match: [{ sniHosts: ['tls'] }], route: [{ destination: { host: 'tls', subset: 'a' } }] }] }));
    const f = findings(objects, 'OSSM101');
    // one finding per host and subset: v1, v2 and v3 of travels
    expect(f.map((x) => x.name)).toEqual(['db', 'tls', 'travels', 'travels', 'travels']);
    expect(f[0].message).toContain(`no DestinationRule for db.${AGENCY}.svc.cluster.local`);
  });
  test('does not fire when the subset is defined, also by a short-host or wildcard DestinationRule', () => {
    expect(findings(cleanMesh(), 'OSSM101')).toEqual([]);
    expect(findings(drEdit((o) => { o.spec.host = 'travels'; }), 'OSSM101')).toEqual([]);
    expect(findings(drEdit((o) => { o.spec.host = `*.${AGENCY}.svc.cluster.local`; }), 'OSSM101')).toEqual([]);
  });
  test('checks mirrors too', () => {
    const objects = vsEdit((o) => { o.spec.http[1].mirror = { host: TRAVELS_FQDN, subset: 'shadow' }; });
    expect(findings(objects, 'OSSM101').map((f) => f.message)).toEqual([expect.stringContaining('http[1].mirror')]);
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

describe('OSSM102 destination host without Service', () => {
  const dest = (host: string): KubeObject[] => vsEdit((o) => { weightedRoute(o)[2].destination = { host }; delete weightedRoute(o)[2].weight; weightedRoute(o)[0].weight = 70; });
  test('fires for short names and FQDNs of missing Services', () => {
    expect(findings(dest('reviews'), 'OSSM102').map((f) => f.message)).toEqual([expect.stringContaining(`reviews.${AGENCY}.svc.cluster.local`)]);
    expect(findings(dest('reviews.bookinfo.svc.cluster.local'), 'OSSM102')).toHaveLength(1);
    expect(findings(dest(`reviews.${AGENCY}`), 'OSSM102')).toHaveLength(1);
    expect(findings(dest(`travels.${AGENCY}.svc.cluster.local`), 'OSSM102')).toEqual([]);
  });
  test('external hosts (and x.y where y is no known namespace) need a ServiceEntry', () => {
    expect(findings(dest('httpbin.org'), 'OSSM102').map((f) => f.message)).toEqual([expect.stringContaining('no ServiceEntry in the set declares it')]);
    expect(findings(dest('api.example.com'), 'OSSM102')).toHaveLength(1);
    const entry = (hosts: string[], exportTo?: string[]): KubeObject =>
      ({ apiVersion: NET, kind: 'ServiceEntry', metadata: { name: 'external', namespace: AGENCY }, spec: { hosts, ...(exportTo ? { exportTo } : {}) } });
    expect(findings([...dest('httpbin.org'), entry(['httpbin.org'])], 'OSSM102')).toEqual([]);
    expect(findings([...dest('api.example.com'), entry(['*.example.com'])], 'OSSM102')).toEqual([]);
    expect(findings([...dest('legacy.other.svc.cluster.local'), entry(['legacy.other.svc.cluster.local'])], 'OSSM102')).toEqual([]);
  });
  test('a Service or ServiceEntry not exported to the VirtualService\'s namespace is not found there', () => {
    const hidden = dest(`hidden.${CP}.svc.cluster.local`);
    hidden.push({ ...service(CP, 'hidden', { app: 'hidden' }), metadata: { name: 'hidden', namespace: CP, annotations: { 'networking.istio.io/exportTo': '.' } } });
    expect(findings(hidden, 'OSSM102').map((f) => f.message)).toEqual([expect.stringContaining(`Service ${CP}/hidden is exported to ${CP}`)]);
    const exported = hidden.map((o) => (o.metadata?.name === 'hidden' ? { ...o, metadata: { ...o.metadata, annotations: { 'networking.istio.io/exportTo': `.,${AGENCY}` } } } : o));
    expect(findings(exported, 'OSSM102')).toEqual([]);
    const seOnlyHere = [...dest('api.example.com'), { apiVersion: NET, kind: 'ServiceEntry', metadata: { name: 'api', namespace: CP }, spec: { hosts: ['api.example.com'], exportTo: ['.'] } }];
    expect(findings(seOnlyHere, 'OSSM102').map((f) => f.message)).toEqual([expect.stringContaining(`ServiceEntry ${CP}/api is exported to ${CP}`)]);
  });
  test('fires on a DestinationRule whose host has no Service', () => {
    const f = findings(drEdit((o) => { o.spec.host = 'travel'; }), 'OSSM102');
    expect(f.find((x) => x.kind === 'DestinationRule')).toMatchObject({ severity: 'warning', name: 'travels' });
  });
});

describe('OSSM103 two VirtualServices for one host on the mesh gateway', () => {
  const second = (spec: object): KubeObject[] => [...cleanMesh(), virtualService(AGENCY, 'travels-2', { http: [{ route: [{ destination: { host: 'travels' } }] }], ...spec })];
  test('fires on both, also when the hosts are written differently', () => {
    const f = findings(second({ hosts: ['travels'] }), 'OSSM103');
    expect(f.map((x) => x.name)).toEqual(['travels', 'travels-2']);
    expect(f[0].message).toContain('VirtualService travel-agency/travels-2');
    expect(findings(second({ hosts: ['travels.travel-agency'], gateways: ['mesh', 'travels-gateway'] }), 'OSSM103')).toHaveLength(2);
  });
  test('does not fire when the second one is bound to a Gateway only, or names another host', () => {
    expect(findings(second({ hosts: [TRAVELS_FQDN], gateways: ['travels-gateway'] }), 'OSSM103')).toEqual([]);
    expect(findings(second({ hosts: ['cars'] }), 'OSSM103')).toEqual([]);
  });
  test('does not mix up a short host of another namespace', () => {
    const other = [...cleanMesh(), virtualService('travel-portal', 'travels', { hosts: ['travels'], http: [{ route: [{ destination: { host: 'travels' } }] }] })];
    expect(findings(other, 'OSSM103')).toEqual([]);
  });
});

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

describe('OSSM104 Gateway not in the set', () => {
  test('fires for a missing gateway, a gateway in another namespace and a missing match-level gateway', () => {
    expect(findings(ingressEdit((o) => { o.spec.gateways = ['nope']; }), 'OSSM104').map((f) => f.message))
      .toEqual([expect.stringContaining('Gateway travel-agency/nope')]);
    expect(findings(ingressEdit((o) => { o.spec.gateways = [`${CP}/travels-gateway`]; }), 'OSSM104')).toHaveLength(1);
    expect(findings(ingressEdit((o) => { o.spec.http[0].match = [{ gateways: ['gone'] }]; }), 'OSSM104').map((f) => f.message))
      .toEqual([expect.stringContaining('http[0].match[0].gateways[0]')]);
  });
  test('does not fire for ns/name, a bare name in the same namespace, or mesh', () => {
    expect(findings(ingressEdit((o) => { o.spec.gateways = [`${AGENCY}/travels-gateway`, 'mesh']; }), 'OSSM104')).toEqual([]);
    expect(findings(cleanMesh(), 'OSSM104')).toEqual([]);
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

describe('OSSM105 host not served by the Gateway', () => {
  const gwHosts = (hosts: string[]): KubeObject[] => gatewayEdit((o) => { o.spec.servers[0].hosts = hosts; });
  test('fires when no server host admits the VirtualService host', () => {
    const f = findings(gwHosts(['control.apps.example.com']), 'OSSM105');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', name: 'travels-ingress' });
    expect(f[0].message).toContain('none of its hosts (travels.apps.example.com) is served by Gateway travel-agency/travels-gateway');
    expect(findings(gwHosts(['other-ns/travels.apps.example.com']), 'OSSM105')).toHaveLength(1);
    expect(findings(gwHosts(['*.other.com']), 'OSSM105')).toHaveLength(1);
  });
  test('does not fire for *, *.domain, ns/host, ./host and */host', () => {
    for (const hosts of [['*'], ['*.apps.example.com'], [`${AGENCY}/travels.apps.example.com`], ['./travels.apps.example.com'], ['*/*']]) {
      expect(findings(gwHosts(hosts), 'OSSM105')).toEqual([]);
    }
  });
  test('./host only admits VirtualServices of the Gateway\'s namespace', () => {
    const objects = [...cleanMesh().filter((o) => o.kind !== 'Gateway'), gateway(CP, 'shared', ['./travels.apps.example.com'])];
    const edited = withEdit(objects, 'VirtualService', 'travels-ingress', (o) => { o.spec.gateways = [`${CP}/shared`]; });
    expect(findings(edited, 'OSSM105')).toHaveLength(1);
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

describe('OSSM106 weights not summing to 100', () => {
  test('fires for 50/30/10 and for several destinations without weights', () => {
    expect(findings(vsEdit((o) => { weightedRoute(o)[2].weight = 10; }), 'OSSM106').map((f) => f.message))
      .toEqual(['http[1].route weights sum to 90, not 100']);
    const f = findings(vsEdit((o) => { for (const d of weightedRoute(o)) delete d.weight; }), 'OSSM106');
    expect(f[0].message).toContain('3 of 3 destinations have no weight');
    expect(f[0].severity).toBe('warning');
  });
  test('fires for tcp routes', () => {
    const objects = [...cleanMesh(), virtualService(AGENCY, 'db', { hosts: ['travels'], gateways: ['travels-gateway'],
      tcp: [{ route: [{ destination: { host: 'travels', subset: 'v1' }, weight: 20 }, { destination: { host: 'travels', subset: 'v2' }, weight: 20 }] }] })];
    expect(findings(objects, 'OSSM106').map((f) => f.name)).toEqual(['db']);
  });
  test('does not fire for 100 in total or a single destination without weight', () => {
    expect(findings(cleanMesh(), 'OSSM106')).toEqual([]);
    expect(findings(vsEdit((o) => { o.spec.http[1].route = [{ destination: { host: 'travels', subset: 'v1' } }]; }), 'OSSM106')).toEqual([]);
  });
});

describe('OSSM107 weights and percentages out of range', () => {
  test('fires for weights over 100, negative or fractional', () => {
    expect(findings(vsEdit((o) => { weightedRoute(o)[0].weight = 150; weightedRoute(o)[1].weight = -70; }), 'OSSM107')).toHaveLength(2);
    expect(findings(vsEdit((o) => { weightedRoute(o)[0].weight = 49.5; weightedRoute(o)[1].weight = 30.5; }), 'OSSM107')).toHaveLength(2);
  });
  test('fires for fault and mirror percentages outside 0–100', () => {
    const f = findings(vsEdit((o) => {
      o.spec.http[1].fault = { abort: { httpStatus: 500, percentage: { value: 120 } }, delay: { fixedDelay: '1s', percentage: { value: -5 } } };
      o.spec.http[1].mirrorPercentage = { value: 200 };
    }), 'OSSM107');
    expect(f.map((x) => x.message)).toEqual([
      'http[1].fault.abort.percentage.value is 120, outside 0–100',
      'http[1].fault.delay.percentage.value is -5, outside 0–100',
      'http[1].mirrorPercentage.value is 200, outside 0–100',
    ]);
    expect(f[0].severity).toBe('error');
  });
  test('does not fire for 0 and 100 and fractional percentages', () => {
    expect(findings(vsEdit((o) => {
      o.spec.http[1].fault = { abort: { httpStatus: 500, percentage: { value: 100 } }, delay: { fixedDelay: '1s', percentage: { value: 0.5 } } };
    }), 'OSSM107')).toEqual([]);
  });
});

describe('OSSM108 rule after a catch-all', () => {
  const swap = (o: any): void => { o.spec.http.reverse(); };
  test('fires for a header rule after a rule without match', () => {
    const f = findings(vsEdit(swap), 'OSSM108');
    expect(f.map((x) => x.message)).toEqual(['http[1] is never reached: http[0] before it matches every request']);
  });
  test('fires after an empty match entry or a uri prefix "/"', () => {
    expect(findings(vsEdit((o) => { o.spec.http.unshift({ name: 'all', match: [{ headers: { a: { exact: 'b' } } }, {}], route: o.spec.http[1].route }); }), 'OSSM108')).toHaveLength(2);
    const f = findings(vsEdit((o) => { o.spec.http[0].match = [{ uri: { prefix: '/' } }]; o.spec.http.push({ name: 'late', route: o.spec.http[1].route }); }), 'OSSM108');
    expect(f.map((x) => x.message)).toEqual([
      'http[1] is never reached: http[0] before it matches every request',
      'http[2] (late) is never reached: http[0] before it matches every request',
    ]);
  });
  test('does not fire when the catch-all comes last or the first rule matches a prefix', () => {
    expect(findings(cleanMesh(), 'OSSM108')).toEqual([]);
    expect(findings(vsEdit((o) => { o.spec.http[0].match = [{ uri: { prefix: '/api' } }]; }), 'OSSM108')).toEqual([]);
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

describe('OSSM109 repeated destination', () => {
  test('fires when a route lists the same subset twice', () => {
    expect(findings(vsEdit((o) => { weightedRoute(o)[2].destination.subset = 'v1'; }), 'OSSM109').map((f) => f.message))
      .toEqual([`http[1].route[2] repeats route[0]: ${TRAVELS_FQDN} subset v1`]);
  });
  test('does not fire for different subsets', () => {
    expect(findings(cleanMesh(), 'OSSM109')).toEqual([]);
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
