// Each kind of HTTP match, as Istio 1.20 and Envoy apply it, and the first unmet condition in words.
import { explain, ExplainRequest } from '../../lib';
import { AGENCY, deployment, service, virtualService } from '../analysis/fixtures';

const PORTAL = 'travel-portal';
const DESTINATION = [{ destination: { host: 'travels' } }];

/** Explains a request against `http[0]` with the given match, followed by a catch-all rule. */
function judge(match: object | object[], request: Partial<ExplainRequest> = {}): true | string | null {
  const objects = [
    service(AGENCY, 'travels', { app: 'travels' }),
    deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }),
    virtualService(AGENCY, 'travels', {
      hosts: ['travels'],
      http: [{ match: Array.isArray(match) ? match : [match], route: DESTINATION }, { route: DESTINATION }],
    }),
  ];
  const e = explain(objects, { host: 'travels.travel-agency', fromNamespace: PORTAL, ...request });
  expect(e.outcome).toBe('route');
  return e.matchedRule === 0 ? true : e.rules[0].reason;
}

describe('headers', () => {
  test.each([
    ['exact', { exact: 'viaggi.it' }, 'viaggi.it', true],
    ['exact is case-sensitive', { exact: 'viaggi.it' }, 'Viaggi.it', 'header portal is "Viaggi.it", not exactly "viaggi.it"'],
    ['prefix', { prefix: 'via' }, 'viaggi.it', true],
    ['prefix fails', { prefix: 'via' }, 'travels.uk', 'header portal is "travels.uk", not starting with "via"'],
    ['regex matches the whole value', { regex: 'v[12]' }, 'v2', true],
    ['regex is not a substring search', { regex: 'v[12]' }, 'v12', 'header portal is "v12", not matching the regex "v[12]"'],
    ['RE2 flags', { regex: '(?i)viaggi\\.it' }, 'VIAGGI.IT', true],
    ['empty match means present', {}, 'anything', true],
    ['regex "*" means present', { regex: '*' }, '', true],
  ])('%s', (_, spec, value, expected) => {
    expect(judge({ headers: { portal: spec } }, { headers: { portal: value } })).toBe(expected);
  });

  test('an absent header names what the rule needs', () => {
    expect(judge({ headers: { portal: { exact: 'viaggi.it' } } })).toBe('header portal is absent (the rule needs it exactly "viaggi.it")');
    expect(judge({ headers: { portal: {} } })).toBe('header portal is absent');
  });

  test('request header names are case-insensitive', () => {
    expect(judge({ headers: { 'x-user': { exact: 'jason' } } }, { headers: { 'X-User': 'jason' } })).toBe(true);
  });

  test('a regex that RE2 refuses (lookahead) is reported, not thrown', () => {
    expect(judge({ headers: { portal: { regex: '(?=v)v1' } } }, { headers: { portal: 'v1' } }))
      .toMatch(/^the rule's regex "\(\?=v\)v1" for header portal is not valid RE2 \(.+\); Istio rejects it$/);
  });

  test('JWT claim "headers" cannot be evaluated offline', () => {
    expect(judge({ headers: { '@request.auth.claims.group': { exact: 'admin' } } }))
      .toBe('the rule matches the JWT claim @request.auth.claims.group, which explain cannot evaluate');
  });
});

describe('uri, method, authority, scheme', () => {
  test.each([
    ['exact ignores the query string', { uri: { exact: '/api' } }, { path: '/api?x=1' }, true],
    ['exact', { uri: { exact: '/api' } }, { path: '/api/v1' }, 'path is "/api/v1", not exactly "/api"'],
    ['prefix', { uri: { prefix: '/api' } }, { path: '/api/v1' }, true],
    ['prefix is case-sensitive', { uri: { prefix: '/api' } }, { path: '/API/v1' }, 'path is "/API/v1", not starting with "/api"'],
    ['ignoreUriCase', { uri: { prefix: '/api' }, ignoreUriCase: true }, { path: '/API/v1' }, true],
    ['regex', { uri: { regex: '/api/v[0-9]+' } }, { path: '/api/v2' }, true],
    ['regex must match the whole path', { uri: { regex: '/api/v[0-9]+' } }, { path: '/api/v2/x' }, 'path is "/api/v2/x", not matching the regex "/api/v[0-9]+"'],
    ['method', { method: { exact: 'POST' } }, {}, 'method is "GET", not exactly "POST"'],
    ['method given', { method: { exact: 'POST' } }, { method: 'POST' }, true],
    ['authority defaults to the host as written', { authority: { exact: 'travels.travel-agency' } }, {}, true],
    ['authority', { authority: { prefix: 'travels:' } }, { authority: 'travels:8000' }, true],
    ['scheme', { scheme: { exact: 'https' } }, {}, 'scheme is "http", not exactly "https"'],
  ])('%s', (_, match, request, expected) => {
    expect(judge(match, request)).toBe(expected);
  });

  test('the first unmet condition in a fixed order: uri, scheme, method, authority, headers, query, withoutHeaders', () => {
    expect(judge({ uri: { prefix: '/x' }, method: { exact: 'POST' }, headers: { a: { exact: 'b' } } })).toBe('path is "/", not starting with "/x"');
    expect(judge({ uri: { prefix: '/' }, method: { exact: 'POST' }, headers: { a: { exact: 'b' } } })).toBe('method is "GET", not exactly "POST"');
  });
});

describe('query parameters', () => {
  test.each([
    ['exact', { exact: 'x' }, '/?tag=x', true],
    ['exact fails', { exact: 'x' }, '/?a=1&tag=y', 'query parameter tag is "y", not exactly "x"'],
    ['absent', { exact: 'x' }, '/', 'query parameter tag is absent (the rule needs it exactly "x")'],
    ['regex', { regex: 'v[0-9]' }, '/?tag=v7', true],
    ['present', {}, '/?tag', true],
  ])('%s', (_, spec, path, expected) => {
    expect(judge({ queryParams: { tag: spec } }, { path })).toBe(expected);
  });
});

describe('withoutHeaders', () => {
  test('a header the rule excludes', () => {
    const match = { withoutHeaders: { debug: { exact: '1' } } };
    expect(judge(match)).toBe(true);
    expect(judge(match, { headers: { debug: '0' } })).toBe(true);
    expect(judge(match, { headers: { debug: '1' } })).toBe('header debug is "1", which the rule excludes (withoutHeaders: exactly "1")');
  });

  test('present match: excluded when present at all', () => {
    expect(judge({ withoutHeaders: { debug: {} } })).toBe(true);
    expect(judge({ withoutHeaders: { debug: {} } }, { headers: { debug: '' } })).toBe('header debug is present, which the rule excludes (withoutHeaders)');
  });

  test('an absent header is taken as "" (treat_missing_header_as_empty)', () => {
    expect(judge({ withoutHeaders: { debug: { exact: '' } } })).toBe('header debug is absent (taken as ""), which the rule excludes (withoutHeaders: exactly "")');
  });
});

describe('conditions on the client and the port', () => {
  test('sourceNamespace', () => {
    expect(judge({ sourceNamespace: PORTAL })).toBe(true);
    expect(judge({ sourceNamespace: 'travel-control' })).toBe('the rule applies only to clients in namespace travel-control; the request comes from travel-portal');
  });

  test('sourceLabels', () => {
    expect(judge({ sourceLabels: { app: 'voyages' } })).toBe('the rule applies only to clients labelled app=voyages (the client\'s labels: none given)');
    expect(judge({ sourceLabels: { app: 'voyages' } }, { sourceLabels: { app: 'voyages', version: 'v1' } })).toBe(true);
  });

  test('gateways: mesh applies to sidecars, and then replaces the source conditions (as Istio does)', () => {
    expect(judge({ gateways: ['mesh'] })).toBe(true);
    expect(judge({ gateways: ['mesh'], sourceNamespace: 'elsewhere' })).toBe(true);
    expect(judge({ gateways: ['travel-control/control-gateway'] })).toBe('the rule applies only on gateway travel-control/control-gateway, not on the mesh\'s sidecars');
  });

  test('port', () => {
    expect(judge({ port: 8000 })).toBe(true);
    expect(judge({ port: 9000 })).toBe('the rule applies only to port 9000; the request goes to port 8000');
  });
});

test('match entries are alternatives; each one\'s first unmet condition is listed', () => {
  const entries = [{ name: 'uk', headers: { portal: { exact: 'travels.uk' } } }, { uri: { prefix: '/uk' } }];
  expect(judge(entries, { path: '/uk/home' })).toBe(true);
  expect(judge(entries)).toBe('none of its 2 match entries applies: match[0] "uk": header portal is absent (the rule needs it exactly "travels.uk"); match[1]: path is "/", not starting with "/uk"');
});

test('a VirtualService whose rules all apply to other clients gives no route at all: the default route', () => {
  const objects = [
    service(AGENCY, 'travels', { app: 'travels' }),
    deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }),
    virtualService(AGENCY, 'travels', { hosts: ['travels'], http: [{ match: [{ sourceNamespace: 'travel-control' }], route: DESTINATION }] }),
  ];
  const e = explain(objects, { host: 'travels.travel-agency', fromNamespace: PORTAL });
  expect(e).toMatchObject({ outcome: 'default-route', virtualService: 'travel-agency/travels', matchedRule: null });
  expect(e.reason).toMatch(/^no http rule of VirtualService travel-agency\/travels applies to this client \(see the rules\), so Istio builds no route from it: /);
  expect(explain(objects, { host: 'travels.travel-agency', fromNamespace: 'travel-control' }).outcome).toBe('route');
});

test('request maps are key-safe: a header named __proto__ is a header', () => {
  const headers = JSON.parse('{"__proto__": "x", "portal": "viaggi.it"}') as Record<string, string>;
  const match = JSON.parse('{"headers": {"__proto__": {"exact": "x"}}}');
  expect(judge(match, { headers })).toBe(true);
  expect(judge(match, { headers: JSON.parse('{"__proto__": "y"}') })).toBe('header __proto__ is "y", not exactly "x"');
});

test('a header named like an Object member is absent when not sent', () => {
  expect(judge({ headers: { constructor: { exact: 'x' } } })).toBe('header constructor is absent (the rule needs it exactly "x")');
});
