import fc from 'fast-check';
import { ApiObject, Chart } from 'cdk8s';
import { MeshService } from '../../lib';
import { invalidInput } from '../../lib/core/validation';
import { checkOutcome, FuzzTarget } from './check';

/** The checker must fail every way a construct can go wrong, or the property-based tests prove nothing. */
describe('the fuzz checker', () => {
  const target = (build: FuzzTarget<null>['build'], invariants?: FuzzTarget<null>['invariants']): FuzzTarget<null> =>
    ({ name: 'probe', props: fc.constant(null), build, invariants });

  test('accepts valid output and a refusal that names a construct path, the value and what is allowed', () => {
    expect(checkOutcome(target((app) => { new MeshService(new Chart(app, 'c'), 's', { name: 'svc', namespace: 'ns', port: { number: 80 } }); }), null)).toBe('accepted');
    expect(checkOutcome(target((app) => { throw invalidInput(new Chart(app, 'c'), 'port', 0, 'Allowed: 1 to 65535.'); }), null)).toBe('refused');
    expect(checkOutcome(target(() => { MeshService.fromServiceName('', 'ns', { port: 80, versions: [] }); }), null)).toBe('refused');
  });

  test.each<[string, FuzzTarget<null>['build'], RegExp]>([
    ['a TypeError from inside', () => { (undefined as any).x; }, /not the library's validation error: TypeError/],
    ['a plain Error', () => { throw new Error('bad'); }, /not the library's validation error: Error: bad/],
    ['a path that is no construct', (app) => { new Chart(app, 'c'); throw invalidInput('nowhere', 'x', 1, 'Allowed: 2.'); }, /path "nowhere" is no construct of the app/],
    ['an error that says nothing allowed', (app) => { throw invalidInput(new Chart(app, 'c'), 'x', 1, ''); }, /"allowed" says nothing/],
    ['a Service name that is not DNS-1035', (app) => { new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1abc' } }); },
      /Service\/\/1abc: name "1abc" breaks the name rule of Service/],
    ['an invalid label key', (app) => { new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { 'a b': 'x' } } }); },
      /metadata\.labels key "a b" is not a qualified name/],
    ['a custom resource its CRD refuses', (app) => {
      new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'a' }, spec: { hosts: ['a'], nosuch: 1 } } as any);
    }, /has unknown field "nosuch"/],
    ['an empty headers match', (app) => {
      new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'a' }, spec: { hosts: ['a'], http: [{ match: [{ headers: {} }], route: [{ destination: { host: 'a' } }] }] } } as any);
    }, /an empty headers match, which matches every request/],
    ['a pod that Pod Security "restricted" refuses', (app) => {
      new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'a', image: 'x' }] } } } } as any);
    }, /container a does not set allowPrivilegeEscalation: false/],
  ])('fails on %s', (_, build, message) => {
    expect(() => checkOutcome(target(build), null)).toThrow(message);
  });

  test('fails on a broken invariant', () => {
    expect(() => checkOutcome(target(() => undefined, () => ['the header was dropped']), null)).toThrow(/probe emitted invalid output, with no error:\n {2}the header was dropped/);
  });
});
