import {
  describeVisibility, exportToVisibility, gatewayHostAdmits, hostMatches, HostIndex, hostsIntersect, parseGatewayRef, parseHost, resolveHost,
  serviceOfHost, VISIBLE_EVERYWHERE, visibilitiesOverlap, visibleIn,
} from '../../lib/analysis/hosts';
import { portNameSelectsProtocol } from '../../lib/analysis/protocols';
import { AnalysisContext } from '../../lib/analysis/context';
import { gateway } from './fixtures';

test('resolveHost expands short names like Istio and Kiali', () => {
  expect(resolveHost('travels', 'travel-agency')).toBe('travels.travel-agency.svc.cluster.local');
  expect(resolveHost('travels.travel-portal', 'travel-agency', new Set(['travel-portal']))).toBe('travels.travel-portal.svc.cluster.local');
  expect(resolveHost('travels.travel-portal.svc', 'x')).toBe('travels.travel-portal.svc.cluster.local');
  expect(resolveHost('Travels.Travel-Portal.svc.cluster.local.', 'x')).toBe('travels.travel-portal.svc.cluster.local');
  expect(resolveHost('api.example.com', 'x')).toBe('api.example.com');
  expect(resolveHost('*.travel-agency.svc.cluster.local', 'x')).toBe('*.travel-agency.svc.cluster.local');
  expect(resolveHost('*', 'x')).toBe('*');
});

test('resolveHost keeps hosts outside the cluster as written', () => {
  expect(resolveHost('google.com', 'x')).toBe('google.com');
  expect(resolveHost('httpbin.org', 'x', new Set(['x', 'travel-portal']))).toBe('httpbin.org');
  // x.y is a Service only when y is a known namespace
  expect(resolveHost('travels.travel-portal', 'travel-agency')).toBe('travels.travel-portal');
  expect(resolveHost('www.example.com.', 'x')).toBe('www.example.com');
});

test('serviceOfHost only names in-cluster Services', () => {
  expect(serviceOfHost('cars.travel-agency.svc.cluster.local')).toEqual({ name: 'cars', namespace: 'travel-agency' });
  expect(serviceOfHost('api.example.com')).toBeUndefined();
  expect(serviceOfHost('*.travel-agency.svc.cluster.local')).toBeUndefined();
  expect(serviceOfHost('a.b.c.svc.cluster.local')).toBeUndefined();
});

test('hostsIntersect handles exact hosts and wildcards on either side', () => {
  expect(hostsIntersect('*', 'a.example.com')).toBe(true);
  expect(hostsIntersect('*.example.com', 'a.example.com')).toBe(true);
  expect(hostsIntersect('a.example.com', '*.example.com')).toBe(true);
  expect(hostsIntersect('*.example.com', '*.b.example.com')).toBe(true);
  expect(hostsIntersect('*.example.com', 'example.com')).toBe(false);
  expect(hostsIntersect('a.example.com', 'b.example.com')).toBe(false);
});

test('gatewayHostAdmits reads the namespace part of Gateway server hosts', () => {
  const gw = new AnalysisContext([gateway('ingress', 'gw', [])]).gateways.get('ingress/gw');
  if (!gw) throw new Error('gateway not indexed');
  expect(gatewayHostAdmits('a.example.com', gw, 'a.example.com', 'apps')).toBe(true);
  expect(gatewayHostAdmits('apps/a.example.com', gw, 'a.example.com', 'apps')).toBe(true);
  expect(gatewayHostAdmits('other/a.example.com', gw, 'a.example.com', 'apps')).toBe(false);
  expect(gatewayHostAdmits('./a.example.com', gw, 'a.example.com', 'apps')).toBe(false);
  expect(gatewayHostAdmits('./a.example.com', gw, 'a.example.com', 'ingress')).toBe(true);
  expect(gatewayHostAdmits('*/*', gw, 'a.example.com', 'apps')).toBe(true);
  // a short VirtualService host is compared resolved as well
  expect(gatewayHostAdmits('*.apps.svc.cluster.local', gw, 'web', 'apps')).toBe(true);
});

test('portNameSelectsProtocol follows <protocol>[-suffix]', () => {
  for (const ok of ['http', 'http-web', 'http2', 'grpc-web', 'grpc-web-x', 'HTTPS', 'tcp-db', 'udp', 'mongo', 'redis', 'mysql', 'tls']) {
    expect(portNameSelectsProtocol(ok)).toBe(true);
  }
  for (const bad of ['web', 'httpx', 'tcpdb', '-http', 'h2', 'sql']) {
    expect(portNameSelectsProtocol(bad)).toBe(false);
  }
});

describe('parseHost', () => {
  const known = new Set(['bookinfo', 'travel-agency']);
  test('reads name.namespace and name.namespace.svc as the Service, marked as not expanded by Istio', () => {
    expect(parseHost('reviews.bookinfo', 'x', known)).toEqual({
      written: 'reviews.bookinfo', fqdn: 'reviews.bookinfo.svc.cluster.local', wildcard: false, unexpanded: true,
      service: { name: 'reviews', namespace: 'bookinfo' },
    });
    expect(parseHost('reviews.other.svc', 'x', known)).toMatchObject({ fqdn: 'reviews.other.svc.cluster.local', unexpanded: true });
    expect(parseHost('reviews', 'bookinfo', known)).toMatchObject({ unexpanded: false, service: { name: 'reviews', namespace: 'bookinfo' } });
  });
  test('keeps external names, unknown two-label names, truncated names and wildcards as written, without a Service', () => {
    for (const h of ['httpbin.org', 'reviews.not-a-namespace', 'reviews.bookinfo.svc.cluster', '10.0.0.1']) {
      const parsed = parseHost(h, 'x', known);
      expect(parsed).toMatchObject({ fqdn: h, unexpanded: false, wildcard: false });
      expect(parsed.service).toBeUndefined();
    }
    expect(parseHost('*.bookinfo.svc.cluster.local', 'x', known)).toMatchObject({ wildcard: true, fqdn: '*.bookinfo.svc.cluster.local' });
    expect(parseHost('*.bookinfo.svc.cluster.local', 'x', known).service).toBeUndefined();
  });
});

test('hostMatches: a pattern matches the hosts below it, not its own suffix', () => {
  expect(hostMatches('*.example.com', 'a.b.example.com')).toBe(true);
  expect(hostMatches('*.example.com', 'example.com')).toBe(false);
  expect(hostMatches('*', 'anything')).toBe(true);
  expect(hostMatches('a.example.com', 'a.example.com')).toBe(true);
  expect(hostMatches('a.example.com', '*.example.com')).toBe(false);
});

describe('HostIndex', () => {
  // every pattern shape: exact, wildcard at several depths, the star, across two branches
  const patterns = ['*', '*.local', '*.cluster.local', '*.a.svc.cluster.local', 'r.a.svc.cluster.local', 's.a.svc.cluster.local',
    '*.b.svc.cluster.local', 'r.b.svc.cluster.local', 'example.com', '*.example.com', 'www.example.com', '*.eu.example.com', 'x.eu.example.com'];
  const index = new HostIndex<string>();
  for (const p of patterns) index.add(p, p);

  test('overlapping finds exactly the patterns hostsIntersect accepts, each once', () => {
    for (const p of patterns) {
      const found = [...index.overlapping(p)];
      expect(new Set(found).size).toBe(found.length);
      expect(found.sort()).toEqual(patterns.filter((q) => hostsIntersect(p, q)).sort());
    }
  });

  test('matching lists the patterns that match a host, most specific first', () => {
    expect([...index.matching('r.a.svc.cluster.local')]).toEqual(['r.a.svc.cluster.local', '*.a.svc.cluster.local', '*.cluster.local', '*.local', '*']);
    expect([...index.matching('y.eu.example.com')]).toEqual(['*.eu.example.com', '*.example.com', '*']);
    expect([...index.matching('unknown.org')]).toEqual(['*']);
  });
});

test('exportTo: default and * are every namespace, . the own one, ~ none', () => {
  expect(exportToVisibility(undefined, 'a')).toEqual(VISIBLE_EVERYWHERE);
  expect(exportToVisibility(['*', 'b'], 'a')).toEqual(VISIBLE_EVERYWHERE);
  const dotAndB = exportToVisibility(['.', 'b'], 'a');
  expect([visibleIn(dotAndB, 'a'), visibleIn(dotAndB, 'b'), visibleIn(dotAndB, 'c')]).toEqual([true, true, false]);
  const none = exportToVisibility(['~'], 'a');
  expect(visibleIn(none, 'a')).toBe(false);
  expect(visibilitiesOverlap(dotAndB, exportToVisibility(['b'], 'z'))).toBe(true);
  expect(visibilitiesOverlap(dotAndB, exportToVisibility(['.'], 'z'))).toBe(false);
  expect(visibilitiesOverlap(VISIBLE_EVERYWHERE, none)).toBe(false);
  expect(describeVisibility(dotAndB)).toBe('a, b');
});

test('parseGatewayRef resolves every spelling Istio accepts', () => {
  const key = (ref: string): string => parseGatewayRef(ref, 'apps').key;
  expect(parseGatewayRef('mesh', 'apps')).toMatchObject({ mesh: true, spelling: 'mesh' });
  expect(key('gw')).toBe('apps/gw');
  expect(key('./gw')).toBe('apps/gw');
  expect(key('ingress/gw')).toBe('ingress/gw');
  expect(parseGatewayRef('gw.ingress', 'apps')).toMatchObject({ key: 'ingress/gw', spelling: 'name.namespace' });
  expect(parseGatewayRef('gw.ingress.svc.cluster.local', 'apps')).toMatchObject({ key: 'ingress/gw', spelling: 'fqdn' });
});
