import { fleetFromYaml, OssmVersion, requireFleet, ValidationError, WORKSHOP_STEPS } from '../../lib';

const rules = { steps: WORKSHOP_STEPS };
const parse = (text: string) => fleetFromYaml(text, 'clusters.yaml', rules);

describe('the fleet description', () => {
  test('from YAML: name, baseDomain, ossmVersion (YAML\'s 2.6 and 3 count) and step; plain data with only those fields', () => {
    const fleet = parse(`
clusters:
  - name: east
    baseDomain: east.example.com
    ossmVersion: 2.6
    step: circuit-breaker
  - name: west
    baseDomain: apps.west.example.com
    ossmVersion: "3"
`);
    expect(fleet).toEqual({ clusters: [
      { name: 'east', baseDomain: 'east.example.com', ossmVersion: OssmVersion.V2_6, step: 'circuit-breaker' },
      { name: 'west', baseDomain: 'apps.west.example.com', ossmVersion: OssmVersion.V3 },
    ] });
  });

  test.each([
    ['a misspelt field', 'clusters: [{ name: east, baseDomian: east.example.com }]', 'clusters[0] field "baseDomian" is not valid. Allowed: "name", "baseDomain", "ossmVersion", "step".'],
    ['a field JavaScript treats as internals', 'clusters: [{ name: east, baseDomain: e.example.com, __proto__: { step: x } }]', 'clusters[0] field "__proto__" is not valid.'],
    ['an unknown top-level field', 'cluster: []', 'fleet field "cluster" is not valid. Allowed: "clusters".'],
    ['no clusters', 'clusters: []', 'clusters [] is not valid. Allowed: a list of at least one cluster'],
    ['a name that is no DNS label', 'clusters: [{ name: East_1, baseDomain: e.example.com }]', 'clusters[0].name "East_1" is not valid. Allowed: a DNS-1123 label'],
    ['two clusters with one name', 'clusters: [{ name: a, baseDomain: a.example.com }, { name: a, baseDomain: b.example.com }]', 'clusters[1].name "a" is not valid. Allowed: a name no other cluster of the fleet has.'],
    ['a base domain with a scheme', 'clusters: [{ name: a, baseDomain: "https://a.example.com" }]', 'clusters[0].baseDomain "https://a.example.com" is not valid. Allowed: a DNS-1123 subdomain'],
    ['a missing base domain', 'clusters: [{ name: a }]', 'clusters[0].baseDomain undefined is not valid.'],
    ['an OSSM version that does not exist', 'clusters: [{ name: a, baseDomain: a.example.com, ossmVersion: 2.5 }]', 'clusters[0].ossmVersion 2.5 is not valid. Allowed: "2.6", "3".'],
    ['a step the workshop does not have', 'clusters: [{ name: a, baseDomain: a.example.com, step: canary }]', 'clusters[0].step "canary" is not valid. Allowed: "header-routing", "weighted-routing", "fault-injection", "circuit-breaker".'],
    ['a duplicate key', 'clusters: [{ name: a, name: b, baseDomain: a.example.com }]', 'YAML "Map keys must be unique" is not valid.'],
    ['two documents', 'clusters: []\n---\nclusters: []\n', 'content "2 YAML documents" is not valid.'],
    ['a list at the top', '- name: a', 'content [{"name":"a"}] is not valid.'],
    ['a cluster that is a string', 'clusters: [east]', 'clusters[0] "east" is not valid. Allowed: an object.'],
  ])('refuses %s, naming the file, the field and the value', (_, text, message) => {
    let error: unknown;
    try {
      parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).path).toBe('clusters.yaml');
    expect((error as Error).message).toContain(`clusters.yaml: ${message}`);
  });

  test('from code: the same rules, the entry point as path; Object.prototype is untouched by any input', () => {
    expect(() => requireFleet('fleet', { clusters: [{ name: 'a', baseDomain: 'a.example.com', region: 'eu' } as any] }))
      .toThrow(new ValidationError('fleet', 'clusters[0] field', '"region"', 'Allowed: "name", "baseDomain", "ossmVersion", "step".'));
    expect(() => parse('clusters: [{ name: a, baseDomain: a.example.com, constructor: { prototype: { polluted: true } } }]')).toThrow(/field "constructor"/);
    expect(({} as any).polluted).toBeUndefined();
  });
});
