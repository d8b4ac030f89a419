// Issue 23: a boolean or number where Istio's CRD wants a string (in a match, or as a subset) is an analyzer error,
// and explain never reads it as "any value".
import { analyze, explain, parseManifests } from '../../../lib';
import { AGENCY, service, virtualService } from '../fixtures';

const messages = (objects: ReturnType<typeof parseManifests>) => analyze(objects).findings.filter((f) => f.code === 'OSSM115').map((f) => f.message);

const yamlVs = (http: string) => parseManifests(`apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: travels, namespace: ${AGENCY}}
spec:
  hosts: [travels]
  http:
${http}`, 'vs.yaml');

describe('OSSM115: string fields that hold another type', () => {
  test('YAML 1.1 booleans and numbers in header, uri, query and withoutHeaders matches; a list', () => {
    const vs = yamlVs(`  - match:
    - headers: {end-user: {exact: yes}, x-n: {prefix: 123}, x-list: {regex: [a]}, x-ok: {exact: "yes"}}
      uri: {exact: on}
      queryParams: {debug: {exact: true}}
      withoutHeaders: {x-w: {exact: 1.5}}
      method: GET
    route: [{destination: {host: travels}}]
`);
    expect(messages(vs).sort()).toEqual([
      'http[0].match[0].uri.exact is true (boolean), not a string',
      'http[0].match[0].headers["end-user"].exact is true (boolean), not a string',
      'http[0].match[0].headers["x-n"].prefix is 123 (number), not a string',
      'http[0].match[0].headers["x-list"].regex is ["a"] (a list), not a string',
      'http[0].match[0].queryParams["debug"].exact is true (boolean), not a string',
      'http[0].match[0].withoutHeaders["x-w"].exact is 1.5 (number), not a string',
      'http[0].match[0].method is "GET", not an object with exact, prefix or regex',
    ].sort());
    expect(analyze(vs).findings.find((f) => f.code === 'OSSM115')).toMatchObject({ severity: 'error' });
  });

  test('subsets of routes and mirrors: subset: on is no string', () => {
    const vs = yamlVs(`  - route: [{destination: {host: travels, subset: on}}, {destination: {host: travels, subset: "off"}}]
    mirror: {host: travels, subset: 2}
  - route: [{destination: {host: travels, subset: v1}}]
`);
    expect(messages(vs).sort()).toEqual([
      'http[0].mirror.subset is 2 (number), not a string: the CRD refuses the object (a subset named "on", "yes" or "1" must be quoted)',
      'http[0].route[0].destination.subset is true (boolean), not a string: the CRD refuses the object (a subset named "on", "yes" or "1" must be quoted)',
    ]);
  });

  test('DestinationRule subsets: a name or label value that is no string', () => {
    const dr = parseManifests(`apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: travels, namespace: ${AGENCY}}
spec:
  host: travels
  subsets:
  - {name: on, labels: {version: v1}}
  - {name: v2, labels: {version: 2, ok: "2"}}
`, 'dr.yaml');
    expect(messages(dr).sort()).toEqual([
      'subsets[0].name is true (boolean), not a string: the CRD refuses the object (quote it, e.g. name: "on")',
      'subsets[1].labels["version"] is 2 (number), not a string: the CRD refuses the object (quote it)',
    ]);
  });

  test('strings everywhere: nothing', () => {
    expect(messages(yamlVs(`  - match: [{headers: {end-user: {exact: "yes"}}, uri: {prefix: /}}]
    route: [{destination: {host: travels, subset: "on"}}]
`))).toEqual([]);
  });
});

describe('explain never reads a match that is no string as "any value"', () => {
  const objects = [service(AGENCY, 'travels', { app: 'travels' })];
  const request = { host: `travels.${AGENCY}`, fromNamespace: AGENCY, headers: { 'end-user': 'jason' } };

  test.each([
    [{ exact: true }, 'exact: true'],
    [{ exact: 123 }, 'exact: 123'],
    [{ prefix: ['a'] }, 'prefix: ["a"]'],
    ['jason', '"jason"'],
  ])('header match %j: not matched, with the reason', (spec, shown) => {
    const vs = virtualService(AGENCY, 'travels', { hosts: ['travels'], http: [
      { match: [{ headers: { 'end-user': spec } }], route: [{ destination: { host: 'travels', subset: 'v2' } }] },
      { route: [{ destination: { host: 'travels' } }] },
    ] });
    const e = explain([...objects, vs], request);
    expect(e.matchedRule).toBe(1);
    expect(e.rules[0]).toMatchObject({ matched: false });
    expect(e.rules[0].reason).toContain(`the rule's match for header end-user is ${shown}, which is not a string match (Istio's CRD refuses it; it matches nothing)`);
  });

  test('a subset that is no string is a problem of the destination, not dropped', () => {
    const vs = virtualService(AGENCY, 'travels', { hosts: ['travels'], http: [{ route: [{ destination: { host: 'travels', subset: true } }] }] });
    const e = explain([...objects, vs], request);
    expect(e.destinations[0].problems).toContain('subset true is not a string: Istio\'s CRD refuses the VirtualService (quote it, e.g. subset: "on")');
  });
});
