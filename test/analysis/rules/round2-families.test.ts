// The rule families of the second round: RE2 regexes (OSSM113), JWT-claim routes (OSSM114), Gateway conflicts
// (OSSM304), OSSM 3 injection (OSSM507, OSSM508), ServiceEntries (OSSM605, OSSM606), AuthorizationPolicy and
// PeerAuthentication (OSSM704–OSSM708).
import { KubeObject } from '../../../lib/analysis';
import { AGENCY, CP, NET, TRAVELS_FQDN, cleanMesh, deployment, findings, gateway, virtualService, withEdit } from '../fixtures';

const SEC = 'security.istio.io/v1beta1';
const policy = (ns: string, name: string, spec: object): KubeObject => ({ apiVersion: SEC, kind: 'AuthorizationPolicy', metadata: { name, namespace: ns }, spec });
const peer = (ns: string, name: string, spec: object): KubeObject => ({ apiVersion: SEC, kind: 'PeerAuthentication', metadata: { name, namespace: ns }, spec });
const serviceEntry = (name: string, spec: object): KubeObject => ({ apiVersion: NET, kind: 'ServiceEntry', metadata: { name, namespace: AGENCY }, spec });
const withMatch = (match: object) => withEdit(cleanMesh(), 'VirtualService', 'travels', (o) => { o.spec.http[0].match = [match]; });

describe('OSSM113 regular expressions that are not RE2', () => {
  test('fires for look-ahead and back-references in uri, headers and CORS origins', () => {
    const objects = withEdit(withMatch({ uri: { regex: '/api/(?!admin).*' }, headers: { portal: { regex: '(a)\\1' } } }), 'VirtualService', 'travels',
      (o) => { o.spec.http[1].corsPolicy = { allowOrigins: [{ regex: '.*[' }] }; });
    const f = findings(objects, 'OSSM113');
    expect(f.map((x) => x.severity)).toEqual(['error', 'error', 'error']);
    expect(f.map((x) => x.message.split(' is not valid RE2')[0])).toEqual([
      'http[0].match[0].headers.portal.regex "(a)\\\\1"',
      'http[0].match[0].uri.regex "/api/(?!admin).*"',
      'http[1].corsPolicy.allowOrigins[0].regex ".*["',
    ]);
    expect(f[1].message).toMatch(/Istio's webhook rejects the VirtualService$/);
  });

  test('does not fire for valid RE2 and other match kinds', () => {
    expect(findings(withMatch({ uri: { regex: '/api/v[0-9]+/.*' }, headers: { portal: { exact: '(?!x)' } } }), 'OSSM113')).toEqual([]);
  });
});

describe('OSSM114 JWT-claim routes without RequestAuthentication', () => {
  const claimRoute = () => withEdit(cleanMesh(), 'VirtualService', 'travels-ingress', (o) => { o.spec.http[0].match = [{ headers: { '@request.auth.claims.group': { exact: 'admin' } } }]; });
  const ra = (ns: string, selector?: object): KubeObject => ({ apiVersion: SEC, kind: 'RequestAuthentication', metadata: { name: 'jwt', namespace: ns }, spec: { ...(selector ? { selector: { matchLabels: selector } } : {}), jwtRules: [{ issuer: 'x' }] } });

  test('fires when no RequestAuthentication applies to the gateway pods', () => {
    const f = findings(claimRoute(), 'OSSM114');
    expect(f.map((x) => [x.severity, x.name])).toEqual([['error', 'travels-ingress']]);
    expect(f[0].message).toMatch(/^routes on the JWT claim @request\.auth\.claims\.group through Gateway travel-agency\/travels-gateway, but no RequestAuthentication applies to its pods \(istio-system: app=istio-ingressgateway,istio=ingressgateway\)/);
    // a RequestAuthentication of another namespace, or one selecting other pods, does not help
    expect(findings([...claimRoute(), ra(AGENCY)], 'OSSM114')).toHaveLength(1);
    expect(findings([...claimRoute(), ra(CP, { app: 'other' })], 'OSSM114')).toHaveLength(1);
  });

  test('does not fire with a RequestAuthentication for the gateway pods, or for a mesh route', () => {
    expect(findings([...claimRoute(), ra(CP, { istio: 'ingressgateway' })], 'OSSM114')).toEqual([]);
    expect(findings([...claimRoute(), ra(CP)], 'OSSM114')).toEqual([]);
    expect(findings(withMatch({ headers: { '@request.auth.claims.group': { exact: 'admin' } } }), 'OSSM114')).toEqual([]);
  });
});

describe('OSSM304 Gateways with the same selector serving one host on one port', () => {
  const https = (name: string, hosts: string[]): KubeObject => ({ apiVersion: NET, kind: 'Gateway', metadata: { name, namespace: AGENCY },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts, tls: { mode: 'SIMPLE', credentialName: name } }] } });

  test('HTTPS: an error on both Gateways; plain HTTP: a warning', () => {
    const f = findings([...cleanMesh(), https('a', ['shop.example.com']), https('b', ['*.example.com'])], 'OSSM304');
    expect(f.map((x) => [x.severity, x.name])).toEqual([['error', 'a'], ['error', 'b']]);
    expect(f[0].message).toBe('servers[0] serves shop.example.com on port 443, as Gateway travel-agency/b does on the same gateway pods (selector istio=ingressgateway): '
      + 'the pods use one TLS setting for the host, and the other Gateway\'s clients get the wrong certificate or 404');
    const http = findings([...cleanMesh(), gateway(AGENCY, 'again', ['travels.apps.example.com'])], 'OSSM304');
    expect(http.map((x) => [x.severity, x.name])).toEqual([['warning', 'again'], ['warning', 'travels-gateway']]);
  });

  test('does not fire for other hosts, other ports or other selectors', () => {
    const other = gateway(AGENCY, 'other', ['shop.example.com']);
    const otherPods = gateway(AGENCY, 'egress', ['travels.apps.example.com'], { istio: 'egressgateway' });
    expect(findings([...cleanMesh(), other, otherPods, https('tls', ['travels.apps.example.com'])], 'OSSM304')).toEqual([]);
  });
});

describe('OSSM605/OSSM606 ServiceEntries', () => {
  test('OSSM605: a TCP port without addresses is a warning; addresses or an HTTP port are fine', () => {
    const f = findings([...cleanMesh(), serviceEntry('db', { hosts: ['db.example.com'], ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }], resolution: 'DNS' })], 'OSSM605');
    expect(f.map((x) => [x.severity, x.message])).toEqual([['warning', 'port 5432 is TCP (protocol TCP) and the entry has no addresses: the sidecars cannot tell its connections from any other to that port']]);
    const fine = [serviceEntry('db', { hosts: ['db.example.com'], addresses: ['10.0.0.5/32'], ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }], resolution: 'DNS' }),
      serviceEntry('api', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS' })];
    expect(findings([...cleanMesh(), ...fine], 'OSSM605')).toEqual([]);
  });

  test('OSSM606: STATIC without endpoints and a repeated port are errors, DNS with a wildcard host a warning', () => {
    const f = findings([...cleanMesh(),
      serviceEntry('static', { hosts: ['s.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }, { number: 80, name: 'http2', protocol: 'HTTP' }], resolution: 'STATIC' }),
      serviceEntry('wild', { hosts: ['*.example.org'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS' })], 'OSSM606');
    expect(f.map((x) => [x.severity, x.name, x.message.split(':')[0]])).toEqual([
      ['error', 'static', 'ports[1] repeats port number 80'],
      ['error', 'static', 'resolution STATIC without endpoints or workloadSelector'],
      ['warning', 'wild', 'resolution DNS with the wildcard host *.example.org and no endpoints'],
    ]);
  });

  test('OSSM606 does not fire for STATIC with endpoints, NONE with a wildcard, DNS with endpoints', () => {
    const objects = [...cleanMesh(),
      serviceEntry('static', { hosts: ['s.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'STATIC', endpoints: [{ address: '10.0.0.1' }] }),
      serviceEntry('none', { hosts: ['*.example.org'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'NONE' }),
      serviceEntry('dns', { hosts: ['*.example.net'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS', endpoints: [{ address: 'proxy.example.net' }] })];
    expect(findings(objects, 'OSSM606')).toEqual([]);
  });
});

describe('OSSM507/OSSM508 injection on OSSM 3', () => {
  const istio: KubeObject = { apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: { namespace: CP, version: 'v1.30.3' } };
  const ossm3 = (labels?: Record<string, string>, podInject = false): KubeObject[] => [
    istio,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', ...(labels ? { labels } : {}) } },
    deployment('shop', 'web', { app: 'web' }, { inject: podInject }),
  ];

  test('OSSM507: a mesh namespace without injection label whose workloads do not opt in', () => {
    const f = findings(ossm3(), 'OSSM507');
    expect(f.map((x) => [x.severity, x.kind, x.name, x.message])).toEqual([['warning', 'Namespace', 'shop', 'namespace shop is in the OSSM 3 mesh but has no istio-injection or istio.io/rev label, so its workload (web) get no sidecar']]);
  });

  test('OSSM507 does not fire for labelled namespaces, an explicit opt-out, pods that opt in, or on OSSM 2', () => {
    expect(findings(ossm3({ 'istio-injection': 'enabled' }), 'OSSM507')).toEqual([]);
    expect(findings(ossm3({ 'istio-injection': 'disabled' }), 'OSSM507')).toEqual([]);
    expect(findings(ossm3({ 'istio.io/rev': 'default' }), 'OSSM507')).toEqual([]);
    expect(findings(ossm3(undefined, true), 'OSSM507')).toEqual([]);
    expect(findings(cleanMesh(), 'OSSM507')).toEqual([]);
  });

  test('OSSM508: an injection webhook calling an IP; a Service reference or a DNS name is fine', () => {
    const hook = (clientConfig: object): KubeObject => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'istio-sidecar-injector' },
      webhooks: [{ name: 'rev.namespace.sidecar-injector.istio.io', clientConfig }] } as KubeObject);
    expect(findings([hook({ url: 'https://10.1.2.3:15017/inject' })], 'OSSM508').map((x) => [x.severity, x.message])).toEqual([
      ['warning', 'webhooks[0] (rev.namespace.sidecar-injector.istio.io) calls https://10.1.2.3:15017/inject, an IP address: when istiod moves, injection fails']]);
    expect(findings([hook({ service: { name: 'istiod', namespace: CP, path: '/inject' } })], 'OSSM508')).toEqual([]);
    expect(findings([hook({ url: 'https://istiod.istio-system.svc:443/inject' })], 'OSSM508')).toEqual([]);
  });
});

describe('OSSM704–OSSM706 AuthorizationPolicy fields', () => {
  test('OSSM704: a source namespace the set does not have; known namespaces and wildcards are fine', () => {
    const p = policy(AGENCY, 'from', { rules: [{ from: [{ source: { namespaces: ['travel-portl', CP, 'travel-*'] } }] }] });
    expect(findings([...cleanMesh(), p], 'OSSM704').map((x) => [x.severity, x.message])).toEqual([
      ['warning', 'rules[0].from[0].source.namespaces[0] names namespace travel-portl, which the set does not have: no caller comes from it']]);
    expect(findings([...cleanMesh(), policy(AGENCY, 'ok', { rules: [{ from: [{ source: { notNamespaces: [AGENCY] } }] }] })], 'OSSM704')).toEqual([]);
  });

  test('OSSM705: a lower-case or unknown method; HTTP and gRPC methods are fine', () => {
    const p = policy(AGENCY, 'ops', { rules: [{ to: [{ operation: { methods: ['get', 'FETCH', 'GET', '/travels.Booking/Create'] } }] }] });
    expect(findings([...cleanMesh(), p], 'OSSM705').map((x) => x.message)).toEqual([
      'rules[0].to[0].operation.methods[0] "get" is no HTTP method (methods compare exactly: write GET) nor a gRPC method: it matches no request',
      'rules[0].to[0].operation.methods[1] "FETCH" is no HTTP method nor a gRPC method: it matches no request',
    ]);
  });

  test('OSSM706: principals where mTLS is disabled for every workload the policy applies to', () => {
    const p = policy(AGENCY, 'from-portal', { selector: { matchLabels: { app: 'travels' } }, rules: [{ from: [{ source: { principals: [`cluster.local/ns/${AGENCY}/sa/default`] } }] }] });
    const disabled = peer(AGENCY, 'default', { mtls: { mode: 'DISABLE' } });
    const f = findings([...cleanMesh(), p, disabled], 'OSSM706');
    expect(f.map((x) => [x.severity, x.name])).toEqual([['error', 'from-portal']]);
    expect(f[0].message).toMatch(/^rules\[0\]\.from\[0\]\.source\.principals needs the caller's mTLS identity, but mutual TLS is disabled for every workload the policy applies to \(PeerAuthentication travel-agency\/default\)/);
    // PERMISSIVE (auto mTLS), or one workload with mTLS: identities exist
    expect(findings([...cleanMesh(), p, peer(AGENCY, 'default', { mtls: { mode: 'PERMISSIVE' } })], 'OSSM706')).toEqual([]);
    const v1Strict = peer(AGENCY, 'v1', { selector: { matchLabels: { version: 'v1' } }, mtls: { mode: 'STRICT' } });
    expect(findings([...cleanMesh(), p, disabled, v1Strict], 'OSSM706')).toEqual([]);
  });
});

describe('OSSM707 ALLOW policies that let no caller through', () => {
  test('gateway: an allow-only policy asking for principals blocks every request from outside (error); allow-nothing alone is a warning', () => {
    const internal = policy(CP, 'ingress', { selector: { matchLabels: { istio: 'ingressgateway' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/travel-agency/sa/default'] } }] }] });
    const f = findings([...cleanMesh(), internal], 'OSSM707');
    expect(f.map((x) => [x.severity, x.name])).toEqual([['error', 'ingress']]);
    expect(f[0].message).toBe('the gateway pods istio-system/app=istio-ingressgateway,istio=ingressgateway receive requests from outside the mesh, which carry no peer identity: '
      + 'ALLOW policy istio-system/ingress applies and no rule can match, so every such request gets 403');
    const denyAll = policy(CP, 'allow-nothing', {});
    expect(findings([...cleanMesh(), denyAll], 'OSSM707').map((x) => [x.severity, x.name])).toEqual([['warning', 'allow-nothing']]);
  });

  test('gateway: a rule without from (or with ipBlocks, paths) lets outside clients through', () => {
    const open = policy(CP, 'ingress', { selector: { matchLabels: { istio: 'ingressgateway' } }, rules: [{ to: [{ operation: { paths: ['/api/*'] } }] }] });
    expect(findings([...cleanMesh(), open], 'OSSM707')).toEqual([]);
    const ips = policy(CP, 'ips', { selector: { matchLabels: { istio: 'ingressgateway' } }, rules: [{ from: [{ source: { remoteIpBlocks: ['203.0.113.0/24'] } }] }] });
    expect(findings([...cleanMesh(), ips], 'OSSM707')).toEqual([]);
  });

  test('service: principals no workload of the set runs as, in namespaces the set has workloads of', () => {
    const typo = policy(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels' } }, rules: [{ from: [{ source: { principals: [`cluster.local/ns/${AGENCY}/sa/travel-portal`] } }] }] });
    const f = findings([...cleanMesh(), typo], 'OSSM707');
    expect(new Set(f.map((x) => `${x.severity} ${x.name}`))).toEqual(new Set(['error travels']));
    expect(f[0].message).toMatch(/^workload travel-agency\/travels-v1 can be called only by the identities of the set \(istio-system\/istio-egressgateway-service-account, istio-system\/istio-ingressgateway-service-account and travel-agency\/default\)/);
  });

  test('service: not reported when a caller of the set matches, or when the rule may be meant for callers outside the set', () => {
    const ok = policy(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels' } }, rules: [{ from: [{ source: { principals: [`cluster.local/ns/${AGENCY}/sa/default`] } }] }] });
    expect(findings([...cleanMesh(), ok], 'OSSM707')).toEqual([]);
    const elsewhere = policy(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels' } }, rules: [{ from: [{ source: { namespaces: ['travel-portal'] } }] }] });
    expect(findings([...cleanMesh(), elsewhere], 'OSSM707')).toEqual([]);
    const wildcard = policy(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels' } }, rules: [{ from: [{ source: { principals: ['*'] } }] }] });
    expect(findings([...cleanMesh(), wildcard], 'OSSM707')).toEqual([]);
  });
});

describe('OSSM708 PeerAuthentications Istio rejects', () => {
  test('portLevelMtls without selector, a bad port key, an unknown mode', () => {
    const f = findings([...cleanMesh(),
      peer(AGENCY, 'default', { mtls: { mode: 'STRICT' }, portLevelMtls: { 8000: { mode: 'PERMISSIVE' } } }),
      peer(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels' } }, mtls: { mode: 'strict' }, portLevelMtls: { http: { mode: 'DISABLE' } } })], 'OSSM708');
    expect(f.map((x) => [x.severity, x.name, x.message.split(':')[0]])).toEqual([
      ['error', 'default', 'portLevelMtls (port 8000) on a policy without selector'],
      ['error', 'travels', 'mtls.mode "strict" is not UNSET, DISABLE, PERMISSIVE or STRICT'],
      ['error', 'travels', 'portLevelMtls key "http" is no port number from 1 to 65535'],
    ]);
  });

  test('does not fire for a workload policy with port-level modes', () => {
    expect(findings([...cleanMesh(), peer(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8000: { mode: 'PERMISSIVE' } } })], 'OSSM708')).toEqual([]);
  });
});

test('the clean mesh raises none of the new rules', () => {
  const objects = [...cleanMesh(), virtualService(AGENCY, 'extra', { hosts: [TRAVELS_FQDN.replace('travels', 'extra')], http: [{ route: [{ destination: { host: TRAVELS_FQDN } }] }] })];
  const codes = ['OSSM113', 'OSSM114', 'OSSM304', 'OSSM507', 'OSSM508', 'OSSM605', 'OSSM606', 'OSSM704', 'OSSM705', 'OSSM706', 'OSSM707', 'OSSM708', 'OSSM801', 'OSSM802', 'OSSM803'];
  for (const code of codes) expect({ code, findings: findings(objects, code) }).toEqual({ code, findings: [] });
});

describe('no noise and clearer words on valid meshes', () => {
  test('OSSM201: a client-side DestinationRule override exported to its own namespace only is not reported; without exportTo it is', () => {
    const override = (exportTo?: string[]): KubeObject => ({ apiVersion: NET, kind: 'DestinationRule', metadata: { name: 'travels-override', namespace: 'travel-portal' },
      spec: { host: TRAVELS_FQDN, ...(exportTo ? { exportTo } : {}), subsets: [{ name: 'v1', labels: { version: 'v1' } }] } });
    expect(findings([...cleanMesh(), override(['.'])], 'OSSM201')).toEqual([]);
    expect(findings([...cleanMesh(), override()], 'OSSM201').map((x) => [x.severity, x.namespace])).toEqual([['warning', AGENCY], ['warning', 'travel-portal']]);
  });

  test('OSSM104: Istio\'s generated name of a Gateway API Gateway is a warning (IST0165), another missing Gateway an error', () => {
    const vs = virtualService(AGENCY, 'generated', { hosts: ['x.example.com'], gateways: ['istio-ingress/web-istio-autogenerated-k8s-gateway', 'missing'], http: [{ route: [{ destination: { host: TRAVELS_FQDN } }] }] });
    const f = findings([...cleanMesh(), vs], 'OSSM104');
    expect(f.map((x) => [x.severity, x.message.split(':')[0]])).toEqual([
      ['error', 'gateways[1] references Gateway travel-agency/missing ("missing"), which is not in the set'],
      ['warning', 'gateways[0] references istio-ingress/web-istio-autogenerated-k8s-gateway, the name Istio generates for a Gateway API Gateway'],
    ]);
  });

  test('OSSM101: a DestinationRule that exists but is not exported to the VirtualService\'s namespace is named, not called missing', () => {
    // the VirtualService applies in travel-agency only; the rule is exported to travel-portal only
    const hidden = withEdit(withEdit(cleanMesh(), 'DestinationRule', 'travels', (o) => { o.metadata.namespace = 'travel-portal'; o.spec.exportTo = ['.']; }),
      'VirtualService', 'travels', (o) => { o.spec.exportTo = ['.']; });
    const f = findings(hidden, 'OSSM101');
    expect(f.length).toBeGreaterThan(0);
    expect(f[0].message).toMatch(/DestinationRule travel-portal\/travels exists but is not visible where the VirtualService applies/);
    expect(f[0].message).not.toMatch(/is in the set/);
    const gone = cleanMesh().filter((o) => o.kind !== 'DestinationRule');
    expect(findings(gone, 'OSSM101')[0].message).toMatch(/but no DestinationRule for travels\.travel-agency\.svc\.cluster\.local is in the set$/);
  });
});
