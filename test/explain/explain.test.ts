// Which VirtualService applies (mesh gateway, exportTo, precedence), delegates, TCP/TLS routes, and what a matched
// rule carries (mirrors, redirects, retries, timeouts); no-route and default-route reasons.
import { explain, ExplainRequest, KubeObject } from '../../lib';
import { AGENCY, deployment, destinationRule, NET, service, virtualService } from '../analysis/fixtures';

const PORTAL = 'travel-portal';
const HOST = 'travels.travel-agency.svc.cluster.local';
const travels = [
  service(AGENCY, 'travels', { app: 'travels' }),
  deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }),
  deployment(AGENCY, 'travels-v2', { app: 'travels', version: 'v2' }),
  destinationRule(AGENCY, 'travels', { host: 'travels', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }),
];
const to = (subset: string) => [{ route: [{ destination: { host: HOST, subset } }] }];
const vs = (ns: string, name: string, spec: object, metadata: object = {}): KubeObject =>
  ({ ...virtualService(ns, name, spec), metadata: { name, namespace: ns, ...metadata } });
const run = (objects: KubeObject[], request: Partial<ExplainRequest> = {}) =>
  explain([...travels, ...objects], { host: HOST, fromNamespace: PORTAL, ...request });
const subsets = (objects: KubeObject[], request: Partial<ExplainRequest> = {}) => run(objects, request).destinations.map((d) => d.subset);

describe('which VirtualService applies', () => {
  test('an exact host wins over a wildcard, and says so', () => {
    const e = run([vs(AGENCY, 'wild', { hosts: ['*.travel-agency.svc.cluster.local'], http: to('v2') }), vs(AGENCY, 'exact', { hosts: ['travels'], http: to('v1') })]);
    expect(e.virtualService).toBe('travel-agency/exact');
    expect(e.notes).toContain(`VirtualService travel-agency/wild also routes this host (as *.travel-agency.svc.cluster.local) but travel-agency/exact (as ${HOST}) applies: an exact host wins over a wildcard`);
  });

  test('the more specific wildcard wins', () => {
    const objects = [vs('travel-control', 'broad', { hosts: ['*.svc.cluster.local'], http: to('v1') }), vs(AGENCY, 'narrow', { hosts: ['*.travel-agency.svc.cluster.local'], http: to('v2') })];
    expect(run(objects).virtualService).toBe('travel-agency/narrow');
  });

  test('for one host: the client\'s private one first, then the oldest, then by name', () => {
    const publicOne = vs(AGENCY, 'a-public', { hosts: [HOST], http: to('v1') });
    const privateOne = vs(PORTAL, 'z-private', { hosts: [HOST], exportTo: ['.'], http: to('v2') });
    expect(run([publicOne, privateOne]).virtualService).toBe('travel-portal/z-private');
    expect(run([publicOne, vs(AGENCY, 'b-public', { hosts: [HOST], http: to('v2') })]).virtualService).toBe('travel-agency/a-public');
    const older = vs(AGENCY, 'b-older', { hosts: [HOST], http: to('v2') }, { creationTimestamp: '2024-01-01T00:00:00Z' });
    const newer = vs(AGENCY, 'a-newer', { hosts: [HOST], http: to('v1') }, { creationTimestamp: '2025-01-01T00:00:00Z' });
    const e = run([newer, older]);
    expect(e.virtualService).toBe('travel-agency/b-older');
    expect(e.notes.join('\n')).toMatch(/a sidecar applies one VirtualService per host: .*see OSSM103/);
  });

  test('exportTo hides a VirtualService from other namespaces', () => {
    const e = run([vs(AGENCY, 'travels', { hosts: ['travels'], exportTo: ['.'], http: to('v2') })]);
    expect(e.outcome).toBe('default-route');
    expect(e.notes).toContain('VirtualService travel-agency/travels names this host but is exported to namespace travel-agency only, not to travel-portal');
    expect(run([vs(AGENCY, 'travels', { hosts: ['travels'], exportTo: ['.'], http: to('v2') })], { fromNamespace: AGENCY }).outcome).toBe('route');
  });

  test('a VirtualService bound to gateways applies to sidecars only when it lists mesh', () => {
    expect(run([vs(AGENCY, 'travels', { hosts: ['travels'], gateways: ['travel-control/gw'], http: to('v2') })]).outcome).toBe('default-route');
    expect(subsets([vs(AGENCY, 'travels', { hosts: ['travels'], gateways: ['travel-control/gw', 'mesh'], http: to('v2') })])).toEqual(['v2']);
  });
});

describe('delegates', () => {
  const root = vs(AGENCY, 'root', { hosts: ['travels'], http: [{ match: [{ uri: { prefix: '/api' } }], delegate: { name: 'api', namespace: AGENCY } }, ...to('v1')] });
  const api = vs(AGENCY, 'api', { http: [{ match: [{ headers: { portal: { exact: 'viaggi.it' } } }], route: [{ destination: { host: 'travels', subset: 'v2' } }] }] });

  test('the root\'s match and then the delegate\'s rules', () => {
    const e = run([root, api], { path: '/api/x', headers: { portal: 'viaggi.it' } });
    expect(e).toMatchObject({ matchedRule: 0, delegate: { virtualService: 'travel-agency/api', matchedRule: 0 } });
    expect(e.destinations.map((d) => [d.subset, d.workloads])).toEqual([['v2', ['travel-agency/travels-v2']]]);
  });

  test('when no delegate rule matches, the next root rule is tried', () => {
    const e = run([root, api], { path: '/api/x' });
    expect(e.matchedRule).toBe(1);
    expect(e.rules[0]).toMatchObject({ matched: false, reason: 'no rule of the delegate VirtualService travel-agency/api matches' });
    expect(e.rules[0].delegateRules?.[0].reason).toBe('header portal is absent (the rule needs it exactly "viaggi.it")');
  });

  test('a missing delegate is a reason, not an error', () => {
    expect(run([root], { path: '/api' }).rules[0].reason).toBe('the rule delegates to VirtualService travel-agency/api, which is not in the set');
  });
});

describe('what a matched rule carries', () => {
  test('mirrors with their percentage (100 when not given), timeout, retries, header manipulation', () => {
    const e = run([vs(AGENCY, 'travels', { hosts: ['travels'], http: [{
      route: [{ destination: { host: 'travels', subset: 'v1' }, headers: { request: { set: { 'x-version': 'v1' } } } }],
      mirror: { host: 'travels', subset: 'v2' }, mirrorPercentage: { value: 25 },
      mirrors: [{ destination: { host: 'travels', subset: 'v1' } }],
      timeout: '3s',
      retries: { attempts: 3, perTryTimeout: '1s' },
      headers: { response: { remove: ['x-internal'] } },
    }] })]);
    expect(e.mirrors.map((m) => [m.subset, m.percentage, m.workloads])).toEqual([['v2', 25, ['travel-agency/travels-v2']], ['v1', 100, ['travel-agency/travels-v1']]]);
    expect(e).toMatchObject({ timeout: '3s', headers: { response: { remove: ['x-internal'] } } });
    expect(e.retries).toEqual({ attempts: 3, perTryTimeout: '1s', retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', istioDefault: false });
    expect(e.destinations[0].headers).toEqual({ request: { set: { 'x-version': 'v1' } } });
  });

  test('attempts: 0 turns retries off', () => {
    expect(run([vs(AGENCY, 'travels', { hosts: ['travels'], http: [{ ...to('v1')[0], retries: { attempts: 0 } }] })]).retries)
      .toEqual({ attempts: 0, perTryTimeout: null, retryOn: null, istioDefault: false });
  });

  test('a fault without percentage applies to no request, and explain says so', () => {
    const e = run([vs(AGENCY, 'travels', { hosts: ['travels'], http: [{ ...to('v1')[0], fault: { abort: { httpStatus: 503 } } }] })]);
    expect(e.fault).toEqual({ abort: { httpStatus: 503, grpcStatus: null, percentage: 0 }, delay: null });
    expect(e.notes).toContain('fault.abort sets no percentage: Envoy applies it to no request (set percentage.value)');
  });

  test('redirect and direct response answer without destinations', () => {
    const redirect = run([vs(AGENCY, 'travels', { hosts: ['travels'], http: [{ redirect: { uri: '/v2' } }] })]);
    expect(redirect).toMatchObject({ routed: true, outcome: 'redirect', destinations: [], redirect: { uri: '/v2' }, retries: null });
    const direct = run([vs(AGENCY, 'travels', { hosts: ['travels'], http: [{ directResponse: { status: 503 } }] })]);
    expect(direct).toMatchObject({ routed: true, outcome: 'direct-response', directResponse: { status: 503 } });
  });

  test('weights that do not add up to 100 are split in proportion, said in a note', () => {
    const e = run([vs(AGENCY, 'travels', { hosts: ['travels'], http: [{ route: [
      { destination: { host: 'travels', subset: 'v1' }, weight: 30 }, { destination: { host: 'travels', subset: 'v2' }, weight: 30 }] }] })]);
    expect(e.notes).toContain('the weights of the rule add up to 60, not 100: Envoy splits the requests in proportion (weight / 60)');
  });
});

describe('TCP and TLS', () => {
  const db = [
    service(AGENCY, 'mysqldb', { app: 'mysqldb' }, [{ name: 'tcp', port: 3306 }]),
    deployment(AGENCY, 'mysqldb-v1', { app: 'mysqldb', version: 'v1' }),
    deployment(AGENCY, 'mysqldb-v2', { app: 'mysqldb', version: 'v2' }),
    destinationRule(AGENCY, 'mysqldb', { host: 'mysqldb', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }),
  ];
  const tcpVs = vs(AGENCY, 'mysqldb', { hosts: ['mysqldb'], http: to('v1'), tcp: [
    { match: [{ sourceNamespace: 'travel-control' }], route: [{ destination: { host: 'mysqldb', subset: 'v1' } }] },
    { match: [{ port: 3306 }], route: [{ destination: { host: 'mysqldb', subset: 'v2' } }] },
  ] });

  test('a TCP port takes the tcp rules, matched on source and port', () => {
    const e = explain([...db, tcpVs], { host: 'mysqldb.travel-agency', fromNamespace: AGENCY });
    expect(e).toMatchObject({ outcome: 'route', routeType: 'tcp', matchedRule: 1, retries: null, request: { protocol: 'tcp', port: 3306 } });
    expect(e.rules[0].reason).toBe('the rule applies only to clients in namespace travel-control; the request comes from travel-agency');
    expect(e.destinations.map((d) => [d.subset, d.workloads])).toEqual([['v2', ['travel-agency/mysqldb-v2']]]);
  });

  test('a TLS port takes the tls rules, matched on SNI', () => {
    const tls = [
      service(AGENCY, 'secure', { app: 'secure' }, [{ name: 'https', port: 443 }]),
      deployment(AGENCY, 'secure-v1', { app: 'secure' }),
      vs(AGENCY, 'secure', { hosts: ['secure'], tls: [{ match: [{ sniHosts: ['secure.travel-agency.svc.cluster.local'] }], route: [{ destination: { host: 'secure' } }] }] }),
    ];
    expect(explain(tls, { host: 'secure.travel-agency.svc.cluster.local', fromNamespace: AGENCY })).toMatchObject({ outcome: 'route', routeType: 'tls', matchedRule: 0 });
    const other = explain(tls, { host: 'secure.travel-agency.svc.cluster.local', fromNamespace: AGENCY, authority: 'other.example.com' });
    expect(other).toMatchObject({ outcome: 'default-route', routeType: 'tls' });
    expect(other.rules[0].reason).toBe('SNI "other.example.com" is none of the rule\'s sniHosts (secure.travel-agency.svc.cluster.local)');
  });
});

describe('no route, and the default route', () => {
  test('a port the Service does not have', () => {
    const e = run([], { port: 9999 });
    expect(e).toMatchObject({ routed: false, outcome: 'no-route', reason: 'Service/travel-agency/travels has no port 9999 (its ports: 8000): the sidecar has no route for it' });
  });

  test('an external name is not taken for a Service of a namespace', () => {
    const e = run([], { host: 'httpbin.org' });
    expect(e.request.fqdn).toBe('httpbin.org');
    expect(e.outcome).toBe('no-route');
  });

  test('a ServiceEntry host is routed by default to it', () => {
    const se = { apiVersion: NET, kind: 'ServiceEntry', metadata: { name: 'httpbin', namespace: AGENCY }, spec: { hosts: ['httpbin.org'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } };
    const e = run([se], { host: 'httpbin.org' });
    expect(e).toMatchObject({ outcome: 'default-route', target: { kind: 'ServiceEntry', namespace: AGENCY, name: 'httpbin', port: 80, protocol: 'http' } });
    expect(e.destinations[0]).toMatchObject({ host: 'httpbin.org', target: 'ServiceEntry/travel-agency/httpbin', workloads: [], problems: [] });
  });

  test('a Service not exported to the client\'s namespace is an unknown host there', () => {
    const hidden = { ...travels[0], metadata: { ...travels[0].metadata, annotations: { 'networking.istio.io/exportTo': '.' } } };
    const e = explain([hidden, ...travels.slice(1)], { host: HOST, fromNamespace: PORTAL });
    expect(e.outcome).toBe('no-route');
    expect(e.notes).toContain('Service travel-agency/travels is exported to namespace travel-agency only (annotation networking.istio.io/exportTo), not to travel-portal');
  });

  test('a VirtualService for a host outside the registry applies on port 80 only', () => {
    const external = vs(AGENCY, 'ext', { hosts: ['api.example.com'], http: to('v1') });
    expect(run([external], { host: 'api.example.com' })).toMatchObject({ outcome: 'route', virtualService: 'travel-agency/ext' });
    expect(run([external], { host: 'api.example.com', port: 8080 }).reason)
      .toBe('no Service or ServiceEntry is named api.example.com; Istio applies VirtualService travel-agency/ext to a host outside the registry on port 80 only');
  });

  test('a client outside the mesh is said to bypass the routing', () => {
    const roll = { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default', namespace: 'istio-system' }, spec: { members: [AGENCY] } };
    expect(run([roll]).notes).toContain('namespace travel-portal is not a member of the mesh (ServiceMeshMemberRoll): its pods have no sidecar and bypass this routing (kube-proxy sends them to any pod of the Service)');
  });

  test('a Service that selects no pod: the default route has a problem', () => {
    const e = explain([service(AGENCY, 'lonely', { app: 'lonely' })], { host: 'lonely.travel-agency', fromNamespace: PORTAL });
    expect(e.destinations[0].problems).toEqual(['no pod template in namespace travel-agency carries app=lonely: Envoy answers 503 (no healthy upstream)']);
  });
});

test('an invalid request is refused with the field, the value and what is allowed', () => {
  expect(() => explain(travels, { host: '*.example.com' })).toThrow('explain: host "*.example.com" is not valid. Allowed: a host name');
  expect(() => explain(travels, { host: 'travels', port: 0 })).toThrow('explain: port 0 is not valid. Allowed: a whole number from 1 to 65535.');
  expect(() => explain(travels, { host: 'travels', path: 'api' })).toThrow('explain: path "api" is not valid. Allowed: a path starting with "/".');
  expect(() => explain(travels, { host: 'travels', fromNamespace: 'Bad_NS' })).toThrow('explain: fromNamespace "Bad_NS" is not valid.');
});
