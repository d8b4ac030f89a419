// Regression tests for inputs the property-based tests (test/fuzz/readers.test.ts) found the analyzer mishandling:
// values of the wrong type, keys that are JavaScript's own, and answers that followed the input order.
import { analyze, Finding, KubeObject } from '../../lib';
import { AGENCY, NET, service, virtualService } from './fixtures';

const withCode = (objects: KubeObject[], code: string): Finding[] => analyze(objects).findings.filter((f) => f.code === code);
/** An object whose `toString` is no function: `String()` of it throws. */
const unprintable = () => Object.fromEntries([['toString', 'x']]);

describe('the analyzer reads values of the wrong type without failing', () => {
  test('a match gateway that is no string (OSSM108/OSSM111 compare match lists)', () => {
    const vs = virtualService(AGENCY, 'travels', { hosts: ['travels'], tcp: [
      { match: [{ gateways: [unprintable()] }], route: [{ destination: { host: 'travels' } }] },
      { match: [{ gateways: [unprintable()] }], route: [{ destination: { host: 'travels' } }] },
    ] });
    expect(() => analyze([vs])).not.toThrow();
    expect(withCode([vs], 'OSSM111')).toEqual([]); // entries Istio refuses cover nothing
  });

  test('a destination port number that is no number (OSSM109)', () => {
    const route = { destination: { host: 'travels', port: { number: unprintable() } }, weight: 50 };
    const vs = virtualService(AGENCY, 'travels', { hosts: ['travels'], http: [{ route: [route, route] }] });
    expect(withCode([vs], 'OSSM109')).toEqual([]);
  });

  test.each(['toString', 'constructor', '__proto__'])('kind %s, and an SMCP spec.version of that name', (name) => {
    const objects: KubeObject[] = [
      { apiVersion: 'apps/v1', kind: name, metadata: { name: 'a' }, spec: {} },
      { apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'basic', namespace: 'istio-system' }, spec: { version: name } },
    ];
    expect(() => analyze(objects)).not.toThrow();
  });
});

describe('findings do not depend on the input order', () => {
  const both = (objects: KubeObject[], code: string) => [withCode(objects, code), withCode([...objects].reverse(), code)];

  test('of two control planes that run the same Istio, the one named in OSSM601 is the first by namespace', () => {
    const smcp = (ns: string): KubeObject => ({ apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'basic', namespace: ns }, spec: { version: 'v2.6' } });
    const objects = [smcp('mesh-b'), smcp('mesh-a'), virtualService(AGENCY, 'travels', { hosts: ['travels'] }, 'networking.istio.io/v1')];
    const [forward, backward] = both(objects, 'OSSM601');
    expect(forward[0].message).toContain('ServiceMeshControlPlane mesh-a/basic');
    expect(backward).toEqual(forward);
  });

  test('OSSM103 lists the other VirtualServices by name', () => {
    const objects = ['c', 'a', 'b'].map((name) => virtualService(AGENCY, name, { hosts: ['travels'] }));
    const [forward, backward] = both(objects, 'OSSM103');
    expect(forward.find((f) => f.name === 'c')!.message).toContain('VirtualService travel-agency/a and VirtualService travel-agency/b');
    expect(backward).toEqual(forward);
  });

  test('OSSM110 names the ServiceEntry of a host that several declare by namespace and name', () => {
    const entry = (name: string, ports: number[]): KubeObject => ({ apiVersion: NET, kind: 'ServiceEntry', metadata: { name, namespace: AGENCY },
      spec: { hosts: ['api.example.com'], ports: ports.map((number) => ({ number, name: `http-${number}`, protocol: 'HTTP' })) } });
    const objects = [entry('z', [80]), entry('a', [8080]), service(AGENCY, 'travels', { app: 'travels' }),
      virtualService(AGENCY, 'travels', { hosts: ['travels'], http: [{ route: [{ destination: { host: 'api.example.com' } }] }] })];
    const [forward, backward] = both(objects, 'OSSM110');
    expect(forward[0].message).toContain('ServiceEntry travel-agency/a has ports 80 and 8080');
    expect(backward).toEqual(forward);
  });
});
