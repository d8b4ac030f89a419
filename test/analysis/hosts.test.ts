import { gatewayHostAdmits, hostsIntersect, resolveHost, serviceOfHost } from '../../lib/analysis/hosts';
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
