// migrate --to gateway-api for ingress: Istio Gateways become Gateway API Gateways (class istio; a listener per server
// host and port; TLS SIMPLE with credentialName → certificateRefs, with a ReferenceGrant when the Secret is in the
// gateway pods' namespace; other TLS modes reported with why), the VirtualServices bound to them HTTPRoutes with that
// parentRef; explain through the gateway proves the same requests reach the same workloads before and after, for
// Istio's Bookinfo gateway files.
import { readdirSync, readFileSync } from 'node:fs';
import { ConversionOutcome, explain } from '../../lib';
import { loadManifests } from '../../lib/analysis/load';
import { KubeObject } from '../../lib/analysis/types';
import { migrateToGatewayApi } from '../../lib/migrate-gateway-api';
import { validateAll } from '../support/crd-schema';
import { describeWithShared, sharedPath } from '../support/shared';

const NETWORKING = sharedPath('reference', 'istio-bookinfo', 'networking');
const PLATFORM = sharedPath('reference', 'istio-bookinfo', 'platform', 'bookinfo.yaml');

/** Requests from outside that tell the gateway routes of Bookinfo apart. */
const PATHS = ['/productpage', '/productpage/x', '/static/app.css', '/staticx', '/login', '/logout', '/api/v1/products/0', '/api/v1/productsx', '/', '/.well-known/acme-challenge/t'];

function reached(objects: readonly KubeObject[], gateway: string, path: string) {
  const e = explain(objects, { host: 'bookinfo.example.com', gateway, path });
  return {
    outcome: e.outcome,
    destinations: e.destinations.map((d) => ({ host: d.host, port: d.port, workloads: d.workloads, weight: d.weight, problems: d.problems })),
    mirrors: e.mirrors.map((m) => m.workloads),
    timeout: e.timeout,
  };
}

describeWithShared('migrate --to gateway-api on Istio\'s Bookinfo gateway files', [NETWORKING, PLATFORM], () => {
  const files = readdirSync(NETWORKING).filter((f) => /kind: Gateway\b/.test(readFileSync(`${NETWORKING}/${f}`, 'utf8'))).sort();

  test('there are gateway files', () => {
    expect(files).toEqual(expect.arrayContaining(['bookinfo-gateway.yaml', 'certmanager-gateway.yaml']));
  });

  test.each(files)('%s: the same requests reach the same workloads through the Gateway API Gateway', (file) => {
    const platform = loadManifests([PLATFORM]);
    const rules = loadManifests([`${NETWORKING}/destination-rule-all.yaml`]);
    const traffic = loadManifests([`${NETWORKING}/${file}`]);
    const before = [...platform, ...rules, ...traffic];
    const result = migrateToGatewayApi(before);
    const written = result.files.flatMap((f) => f.objects) as KubeObject[];
    expect(validateAll(written, '3')).toEqual([]);
    expect(result.complete).toBe(true);

    const gateways = traffic.filter((o) => o.kind === 'Gateway');
    expect(gateways.length).toBeGreaterThan(0);
    for (const gw of gateways) {
      const key = `${gw.metadata?.namespace ?? 'default'}/${gw.metadata?.name}`;
      const converted = written.find((o) => o.kind === 'Gateway' && `${o.metadata?.namespace}/${o.metadata?.name}` === key)!;
      expect(converted.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect((converted.spec as any).gatewayClassName).toBe('istio');
      // every bound VirtualService became an HTTPRoute with the Gateway as parent
      const bound = traffic.filter((o) => o.kind === 'VirtualService' && ((o.spec as any).gateways ?? []).includes(gw.metadata?.name));
      for (const vs of bound) {
        const route = written.find((o) => o.kind === 'HTTPRoute' && o.metadata?.name === vs.metadata?.name)!;
        expect((route.spec as any).parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gw.metadata?.name }]);
      }
      let routed = 0;
      for (const path of PATHS) {
        const a = reached(before, key, path);
        const b = reached([...platform, ...written], key, path);
        expect({ file, path, ...b }).toEqual({ file, path, ...a });
        if (a.outcome === 'route') routed++;
      }
      // the comparison is not vacuous: some requests are routed, some are not
      expect(routed).toBeGreaterThan(0);
      expect(routed).toBeLessThan(PATHS.length);
      expect(explain([...platform, ...written], { host: 'bookinfo.example.com', gateway: key }).gateway?.listener).not.toBeNull();
    }
  });
});

describe('migrate --to gateway-api: Istio Gateway TLS', () => {
  const istio = (kind: string, namespace: string, name: string, spec: object): KubeObject => ({ apiVersion: 'networking.istio.io/v1', kind, metadata: { name, namespace }, spec });
  const server = (port: number, protocol: string, hosts: string[], tls?: object) => ({ port: { number: port, name: `p${port}`, protocol }, hosts, ...(tls ? { tls } : {}) });
  const APP: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } },
    istio('VirtualService', 'shop', 'web', { hosts: ['shop.example.com'], gateways: ['edge'], http: [{ route: [{ destination: { host: 'web', port: { number: 8080 } } }] }] }),
  ];
  const GATEWAY_PODS: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istio-ingressgateway', namespace: 'istio-ingress' },
    spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, template: { metadata: { labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
  };
  const gateway = (servers: object[]) => istio('Gateway', 'shop', 'edge', { selector: { istio: 'ingressgateway' }, servers });
  const notesOf = (result: ReturnType<typeof migrateToGatewayApi>) => result.entries.find((e) => e.source === 'Gateway shop/edge')!.notes;

  test('SIMPLE with credentialName: certificateRefs to the Secret where the gateway pods read it, and a ReferenceGrant there', () => {
    const before = [...APP, GATEWAY_PODS, gateway([server(443, 'HTTPS', ['shop.example.com'], { mode: 'SIMPLE', credentialName: 'shop-cert' })])];
    const result = migrateToGatewayApi(before);
    const written = result.files.flatMap((f) => f.objects) as KubeObject[];
    expect(validateAll(written, '3')).toEqual([]);
    expect(result.complete).toBe(true);
    const gw = written.find((o) => o.kind === 'Gateway')!;
    expect((gw.spec as any).listeners).toEqual([{
      name: 'https-443', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com',
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-cert', namespace: 'istio-ingress' }] },
      allowedRoutes: { namespaces: { from: 'All' } },
    }]);
    const grant = written.find((o) => o.kind === 'ReferenceGrant')!;
    expect([grant.apiVersion, grant.metadata?.namespace, grant.spec]).toEqual(['gateway.networking.k8s.io/v1beta1', 'istio-ingress', {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'shop' }],
      to: [{ group: '', kind: 'Secret', name: 'shop-cert' }],
    }]);
    expect(notesOf(result).find((n) => n.field === 'servers[0].tls.credentialName')?.detail).toMatch(/Secret istio-ingress\/shop-cert.*ReferenceGrant in istio-ingress/);
    // explain on both sides: the same workload behind the HTTPS server and listener
    const a = explain(before, { host: 'shop.example.com', gateway: 'shop/edge', scheme: 'https' });
    const b = explain([...APP.filter((o) => o.kind !== 'VirtualService'), ...written], { host: 'shop.example.com', gateway: 'shop/edge', scheme: 'https' });
    expect([b.outcome, b.gateway?.listener, b.gateway?.port, b.destinations.map((d) => [d.workloads, d.weight])])
      .toEqual([a.outcome, 'https-443', a.gateway?.port, a.destinations.map((d) => [d.workloads, d.weight])]);
    expect(a.destinations.map((d) => d.workloads)).toEqual([['shop/web']]);
  });

  test('gateway pods the input does not show: the Secret in the Gateway\'s namespace, and the report says what to do', () => {
    const result = migrateToGatewayApi([...APP, gateway([server(443, 'HTTPS', ['shop.example.com'], { mode: 'SIMPLE', credentialName: 'shop-cert' })])]);
    const written = result.files.flatMap((f) => f.objects) as KubeObject[];
    expect(written.filter((o) => o.kind === 'ReferenceGrant')).toEqual([]);
    expect((written.find((o) => o.kind === 'Gateway')!.spec as any).listeners[0].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'shop-cert' }]);
    expect(notesOf(result).find((n) => n.field === 'servers[0].tls.credentialName')?.detail).toMatch(/in the Gateway's namespace shop: .*does not show; copy the Secret to shop/);
  });

  test('PASSTHROUGH, MUTUAL and SIMPLE without credentialName are not convertible, each with why; the rest is still written', () => {
    const result = migrateToGatewayApi([...APP, GATEWAY_PODS, gateway([
      server(80, 'HTTP', ['shop.example.com']),
      server(443, 'TLS', ['db.example.com'], { mode: 'PASSTHROUGH' }),
      server(8443, 'HTTPS', ['shop.example.com'], { mode: 'MUTUAL', credentialName: 'shop-cert' }),
      server(9443, 'HTTPS', ['shop.example.com'], { mode: 'SIMPLE', serverCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem' }),
    ])]);
    expect(result.complete).toBe(false);
    const refused = notesOf(result).filter((n) => n.outcome === ConversionOutcome.NOT_CONVERTIBLE);
    expect(refused.map((n) => n.field)).toEqual(['servers[1]', 'servers[2].tls.mode', 'servers[3].tls']);
    expect(refused[1].detail).toMatch(/MUTUAL: client certificate validation .*not in the Gateway API v1\.2\.1 standard channel/);
    expect(refused[2].detail).toMatch(/without a credentialName .*certificateRefs name a Secret/);
    const written = result.files.flatMap((f) => f.objects) as KubeObject[];
    expect((written.find((o) => o.kind === 'Gateway')!.spec as any).listeners.map((l: any) => l.name)).toEqual(['http-80']);
    expect(validateAll(written, '3')).toEqual([]);
    // PASSTHROUGH on an HTTPS server
    const passthrough = migrateToGatewayApi([...APP, gateway([server(443, 'HTTPS', ['shop.example.com'], { mode: 'PASSTHROUGH' })])]);
    expect(notesOf(passthrough).find((n) => n.field === 'servers[0].tls.mode')?.detail).toMatch(/TLSRoute, which is not in the Gateway API v1\.2\.1 standard channel/);
  });
});
