import { App, Duration, Testing } from 'cdk8s';
import {
  checkExplainRequest, FaultInjectionChart, HeaderMatch, HeaderRoutingChart, MeshBaseChart, MeshDeployment, MeshIngress, MeshService,
  MeshServiceProps, OperatorSubscription, OssmVersion, TravelsAppsChart, ValidationError, WeightedRoutingChart, WorkloadVersionOptions,
} from '../../lib';
import { formatValue, invalidInput, rethrowAsInvalidInput } from '../../lib/core/validation';
import { requireSafeMap } from '../../lib/core/safe-map';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { find } from '../support/objects';
import { errorOf } from '../support/errors';
import { meshApp, meshChart } from '../support/control-planes';

const travels = () => MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2'] });
const synth = (build: (app: App) => void): KubeObject[] => { const app = meshApp(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };

describe('ValidationError', () => {
  test('carries the construct path, what, the value as shown and what is allowed; the message reads as before', () => {
    const chart = meshChart();
    const error = invalidInput(chart, 'port', 99999, 'Allowed: a port.');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ValidationError', path: 'test', what: 'port', value: '99999', allowed: 'Allowed: a port.' });
    expect(error.message).toBe('test: port 99999 is not valid. Allowed: a port.');
    expect(invalidInput('MeshService.fromServiceName', 'name', '', 'Allowed: x.').message).toBe('MeshService.fromServiceName: name "" is not valid. Allowed: x.');
    expect(invalidInput(chart, 'password', 'Hunter2', 'Allowed: x.', { secret: true }).message).toBe('test: password *** is not valid. Allowed: x.');
  });

  test.each<[unknown, string]>([
    [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [-0, '-0'], [undefined, 'undefined'], [12n, '12n'], [null, 'null'],
    ['a "b"', '"a \\"b\\""'], [[1, NaN, undefined], '[1,NaN,undefined]'], [{ a: undefined, b: 1 }, '{"b":1}'],
    [{ rootPassword: 'Hunter2', clientSecret: 's', apiToken: 't', existingSecretName: 'db' }, '{"rootPassword":"***","clientSecret":"***","apiToken":"***","existingSecretName":"db"}'],
    [[{ name: 'API_TOKEN', value: 's3cr3t' }, { name: 'LOG_LEVEL', value: 'debug' }], '[{"name":"API_TOKEN","value":"***"},{"name":"LOG_LEVEL","value":"debug"}]'],
    [Duration.millis(1500), 'Duration(1 second 500 millis)'], [new Map(), 'a Map'], [Symbol('x'), 'Symbol(x)'],
  ])('formatValue(%p) is %s', (value, shown) => {
    expect(formatValue(value)).toBe(shown);
  });

  test('long values are shortened, cycles do not hang', () => {
    expect(formatValue('x'.repeat(500))).toBe(`"${'x'.repeat(79)}… (502 characters)`);
    const cycle: any = { a: 1 };
    cycle.self = cycle;
    expect(formatValue(cycle)).toBe('{"a":1,"self":[circular]}');
  });

  test('explain\'s request check raises it too, with NaN shown as such', () => {
    const error = errorOf(() => checkExplainRequest({ host: 'travels', port: NaN }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('explain: port NaN is not valid. Allowed: a whole number from 1 to 65535.');
  });

  test('errors of cdk8s on user input are re-raised with the construct path', () => {
    const error = errorOf(() => rethrowAsInvalidInput(meshChart(), 'fixedDelay', Duration.millis(0.5), 'Allowed: whole ms.',
      () => Duration.millis(0.5).toMilliseconds()));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('test: fixedDelay Duration(0.5 millis) is not valid. Allowed: whole ms. (0.5 must be a whole number of millis.)');
  });
});

describe('user maps are key-safe', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['__proto__ (as JSON.parse makes it)', JSON.parse('{"__proto__": "x"}'), /test: m label key "__proto__" is not valid\. Allowed: .*never "__proto__", "constructor", "prototype"/],
    ['constructor', { constructor: 'x' }, /m label key "constructor" is not valid/],
    ['prototype', { prototype: 'x' }, /m label key "prototype" is not valid/],
    ['a key with a space', { 'bad key': 'x' }, /m label key "bad key" is not valid\. Allowed: a qualified name/],
    ['a prefix that is not a DNS subdomain', { 'Example.com/x': 'x' }, /m label key "Example\.com\/x" is not valid/],
    ['a name part of 64 characters', { [`a/${'x'.repeat(64)}`]: 'x' }, /m label key/],
    ['a label value with a space', { app: 'a b' }, /m value of "app" "a b" is not valid\. Allowed: a Kubernetes label value/],
  ])('labels: %s is refused', (_, map, message) => {
    expect(() => requireSafeMap(meshChart(), 'm', map, 'labels')).toThrow(message);
  });

  test('the copy has no prototype; lookups never reach Object.prototype', () => {
    const copy = requireSafeMap(meshChart(), 'm', { 'app.kubernetes.io/name': 'x', 'a': '' }, 'labels');
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect((copy as any).toString).toBeUndefined();
    expect({ ...copy }).toEqual({ 'app.kubernetes.io/name': 'x', 'a': '' });
  });

  test('a header named __proto__ is refused by every traffic chart, never dropped into a match-all rule', () => {
    const rules = JSON.parse('[{"header": "__proto__", "version": "v1"}]').map((r: any) => ({ ...r, match: HeaderMatch.exact('x') }));
    expect(() => synth((app) => new HeaderRoutingChart(app, 'hr', { service: travels(), rules })))
      .toThrow(/^hr: rules\[0\] header name "__proto__" is not valid\. Allowed: an HTTP header name in lower case/);
    const headers = JSON.parse('{"__proto__": 1}');
    headers.__proto__ = HeaderMatch.exact('tester'); // an own key of the parsed object
    expect(() => synth((app) => new FaultInjectionChart(app, 'fi', { service: travels(), abort: { percentage: 100, httpStatus: 503 }, headers })))
      .toThrow(/fi: headers header name "__proto__" is not valid/);
    expect(() => synth((app) => new FaultInjectionChart(app, 'fi', { service: travels(), abort: { percentage: 100, httpStatus: 503 }, headers: { constructor: HeaderMatch.exact('x') } as any })))
      .toThrow(/header name "constructor" is not valid/);
    expect(() => synth((app) => new FaultInjectionChart(app, 'fi', { service: travels(), abort: { percentage: 100, httpStatus: 503 }, headers: {} })))
      .toThrow(/fi\/Routing: http\[0\]\.match\[0\]\.headers \{\} is not valid\. Allowed: at least one entry; leave headers out to match any\./);
  });

  test('labels, annotations, selectors, env and overrides', () => {
    const deployment = (options: Partial<WorkloadVersionOptions>) => () => new MeshDeployment(meshChart(), 'd', {
      namespace: 'ns', app: 'app', version: 'v1', image: 'img', ...options,
    });
    expect(deployment({ deploymentLabels: JSON.parse('{"__proto__":"x"}') })).toThrow(/test\/d: deploymentLabels label key "__proto__" is not valid/);
    expect(deployment({ podAnnotations: { 'not valid': 'x' } })).toThrow(/test\/d: podAnnotations annotation key "not valid" is not valid/);
    expect(deployment({ podAnnotations: { a: 1 as any } })).toThrow(/podAnnotations value of "a" 1 is not valid\. Allowed: a string\./);
    expect(deployment({ env: { constructor: 'x' } as any })).toThrow(/test\/d: env environment variable name "constructor" is not valid/);
    expect(deployment({ env: { '1X': 'x' } })).toThrow(/env environment variable name "1X" is not valid/);
    expect(() => new MeshIngress(meshChart(), 'i', { service: travels(), host: 'a.example.com', gatewaySelector: { 'bad key': 'x' } }))
      .toThrow(/test\/i: gatewaySelector label key "bad key" is not valid/);
    expect(() => new MeshIngress(meshChart(), 'i', { service: travels(), host: 'a.example.com', gatewaySelector: {} }))
      .toThrow(/gatewaySelector \{\} is not valid\. Allowed: at least one label of the gateway pods/);
    expect(() => new TravelsAppsChart(meshApp(), 'apps', { sidecarInjectionOverrides: JSON.parse('{"__proto__": false}') }))
      .toThrow(/apps: sidecarInjectionOverrides key "__proto__" is not valid/);
    expect(() => new TravelsAppsChart(meshApp(), 'apps', { sidecarInjectionOverrides: { 'cars-v1': 'no' as any } }))
      .toThrow(/sidecarInjectionOverrides value of "cars-v1" "no" is not valid\. Allowed: true or false\./);
    expect(() => new MeshBaseChart(Testing.app(), 'mesh', { ossmVersion: OssmVersion.V2_6, members: [{ memberNamespaces: 'travel-agency' as any }] }))
      .toThrow(/mesh\/MemberRoll: member source \[0\] memberNamespaces "travel-agency" is not valid\. Allowed: an array of namespace names\./);
  });
});

describe('every input is valid or refused', () => {
  const service = (props: Partial<MeshServiceProps>) => () => new MeshService(meshChart(), 's', { name: 'svc', namespace: 'ns', port: { number: 80 }, ...props });

  test('Service names are DNS-1035 labels; versions are DNS labels (subset names)', () => {
    expect(service({ name: '1abc' })).toThrow(/^test\/s: name "1abc" is not valid\. Allowed: a DNS-1035 label — 1 to 63 lowercase letters, digits or '-', starting with a letter/);
    expect(() => service({})().addVersion({ version: 'v1.0', image: 'x' })).toThrow(/test\/s: version "v1\.0" is not valid\. Allowed: a DNS-1123 label/);
    expect(() => service({})().addVersion({ version: 'V1', image: 'x' })).toThrow(/version "V1" is not valid/);
  });

  test('references from fromServiceName are checked like constructed services', () => {
    const ref = (name: string, namespace: string, port: number, versions: string[]) => () => MeshService.fromServiceName(name, namespace, { port, versions });
    expect(ref('', 'ns', 80, ['v1'])).toThrow(/^MeshService\.fromServiceName: name "" is not valid\. Allowed: a DNS-1035 label/);
    expect(ref('1abc', 'ns', 80, ['v1'])).toThrow(/name "1abc" is not valid/);
    expect(ref('svc', 'Bad_NS', 80, ['v1'])).toThrow(/MeshService\.fromServiceName: namespace "Bad_NS" is not valid/);
    expect(ref('svc', 'ns', 0, ['v1'])).toThrow(/MeshService\.fromServiceName: options\.port 0 is not valid\. Allowed: a whole number from 1 to 65535\./);
    expect(ref('svc', 'ns', 80, ['v1', 'v1'])).toThrow(/options\.versions \["v1","v1"\] is not valid\. Allowed: each version once \("v1" is there twice\)\./);
    expect(ref('svc', 'ns', 80, ['v1.0'])).toThrow(/options\.versions\[0\] "v1\.0" is not valid/);
    // a reference made by hand is checked by the chart that uses it, under the chart's path
    const forged = { name: 'svc', namespace: 'ns', fqdn: 'other.ns.svc.cluster.local', port: 80, versions: ['v1'] };
    expect(() => synth((app) => new WeightedRoutingChart(app, 'wr', { service: forged })))
      .toThrow(/^wr: service\.fqdn "other\.ns\.svc\.cluster\.local" is not valid\. Allowed: "svc\.ns\.svc\.cluster\.local"/);
  });

  test('ports 1-65535, the zipkin port too; NaN and Infinity read as such', () => {
    expect(service({ port: { number: NaN } })).toThrow(/test\/s: port\.number NaN is not valid\. Allowed: a whole number from 1 to 65535\./);
    expect(service({ port: { number: Infinity } })).toThrow(/port\.number Infinity is not valid/);
    expect(() => new TravelsAppsChart(meshApp(), 'apps', { zipkinAddress: 'zipkin.istio-system:99999' }))
      .toThrow(/apps: zipkinAddress port 99999 is not valid\. Allowed: a whole number from 1 to 65535\./);
    expect(() => new TravelsAppsChart(meshApp(), 'apps', { zipkinAddress: 'zipkin.istio-system:0' })).toThrow(/zipkinAddress "zipkin\.istio-system:0" is not valid/);
  });

  test('emptyDirs: distinct names and mount paths, absolute paths without ..', () => {
    const deployment = (emptyDirs: Array<{ name: string; mountPath: string }>) => () => new MeshDeployment(meshChart(), 'd', {
      namespace: 'ns', app: 'app', version: 'v1', image: 'img', emptyDirs,
    });
    expect(deployment([{ name: 'a', mountPath: '/a' }, { name: 'a', mountPath: '/b' }])).toThrow(/test\/d: emptyDirs\[1\]\.name "a" is not valid\. Allowed: a name not used by another emptyDir/);
    expect(deployment([{ name: 'a', mountPath: '/a' }, { name: 'b', mountPath: '/a/' }])).toThrow(/emptyDirs\[1\]\.mountPath "\/a\/" is not valid\. Allowed: a mount path not used by another emptyDir/);
    expect(deployment([{ name: 'a', mountPath: '/var/../etc' }])).toThrow(/emptyDirs\[0\]\.mountPath "\/var\/\.\.\/etc" is not valid\. Allowed: an absolute path without '\.\.' segments/);
    expect(deployment([{ name: 'a', mountPath: 'relative' }])).toThrow(/emptyDirs\[0\]\.mountPath "relative" is not valid/);
  });

  test('a service account name is an object name', () => {
    expect(() => new MeshDeployment(meshChart(), 'd', { namespace: 'ns', app: 'app', version: 'v1', image: 'img', serviceAccountName: 'Bad_SA' }))
      .toThrow(/test\/d: serviceAccountName "Bad_SA" is not valid\. Allowed: a DNS-1123 subdomain/);
  });

  test('the Kiali pin is a semantic version, with or without v, written once', () => {
    const startingCsv = (kialiVersion: string) => find(Testing.synth(new MeshBaseChart(Testing.app(), 'mesh', { ossmVersion: OssmVersion.V2_6, operators: { kialiVersion } })), 'Subscription', 'kiali-ossm').spec.startingCSV;
    expect(startingCsv('v1.89.8')).toBe('kiali-operator.v1.89.8');
    expect(startingCsv('1.89.8')).toBe('kiali-operator.v1.89.8');
    for (const bad of ['vv1.89.8', '1.89', '1.89.8 ', 'latest']) {
      expect(() => startingCsv(bad)).toThrow(new RegExp(`mesh: operators\\.kialiVersion "${bad.replace(/\./g, '\\.')}" is not valid\\. Allowed: a semantic version such as "1\\.89\\.8" or "v1\\.89\\.8"\\.`));
    }
  });

  test('channels, profiles, policy and telemetry types are what the OSSM 2.6 operator accepts', () => {
    const mesh = (props: ConstructorParameters<typeof MeshBaseChart>[2]) => () => new MeshBaseChart(Testing.app(), 'mesh', { ossmVersion: OssmVersion.V2_6, ...props });
    expect(mesh({ operators: { channel: 'has space' } })).toThrow(/mesh: operators\.channel "has space" is not valid\. Allowed: a catalog channel name/);
    expect(mesh({ controlPlane: { profiles: ['nosuch'] } })).toThrow(/mesh\/ControlPlane: profiles\[0\] "nosuch" is not valid\. Allowed: "default", "small", "servicemesh", "maistra", "gateway-controller"\. Profiles of your own .* must be named in customProfiles\./);
    expect(mesh({ controlPlane: { profiles: ['mine'], customProfiles: ['mine'] } })).not.toThrow();
    expect(mesh({ controlPlane: { profiles: [] } })).toThrow(/profiles \[\] is not valid\. Allowed: at least one profile/);
    expect(mesh({ controlPlane: { policyType: 'Mixer' } })).toThrow(/mesh\/ControlPlane: policyType "Mixer" is not valid\. Allowed: "Istiod", "None"\. Mixer was removed in OSSM 2\.1/);
    expect(mesh({ controlPlane: { telemetryType: 'Mixer' } })).toThrow(/telemetryType "Mixer" is not valid/);
    expect(mesh({ controlPlane: { version: 'v2.99' } })).toThrow(/version "v2\.99" is not valid\. Allowed: "v2\.4", "v2\.5", "v2\.6"/);
    expect(mesh({ controlPlane: { jaegerStorage: 'Disk' as any } })).toThrow(/jaegerStorage "Disk" is not valid\. Allowed: "Memory", "Elasticsearch"\./);
    expect(mesh({ controlPlane: { accessLogFile: 'stdout' } })).toThrow(/accessLogFile "stdout" is not valid\. Allowed: an absolute path/);
    expect(mesh({ controlPlane: { prometheus: false } })).toThrow(/prometheus false is not valid\. Allowed: true while kiali is on/);
    expect(mesh({ controlPlane: { prometheus: false, kiali: false } })).not.toThrow();
  });

  test('durations are whole milliseconds within Istio\'s range; errors of cdk8s carry the construct path', () => {
    const delay = (fixedDelay: Duration) => () => synth((app) => new FaultInjectionChart(app, 'fi', { service: travels(), delay: { percentage: 10, fixedDelay } }));
    expect(delay(Duration.millis(1e308))).toThrow(/^fi\/Routing: http\[0\]\.fault\.delay\.fixedDelay Duration\(.*\) is not valid\. Allowed: a Duration of whole milliseconds from 1 ms to 315576000000000 ms/);
    const fractional = errorOf(delay(Duration.millis(0.5)));
    expect(fractional).toBeInstanceOf(ValidationError);
    expect(fractional.message).toMatch(/^fi\/Routing: http\[0\]\.fault\.delay\.fixedDelay Duration\(0\.5 millis\) is not valid\. .*\(0\.5 must be a whole number of millis\.\)$/);
    expect(delay(Duration.millis(NaN))).toThrow(/^fi\/Routing: http\[0\]\.fault\.delay\.fixedDelay .* is not valid/);
    expect(delay(Duration.millis(1))).not.toThrow();
    expect(delay(Duration.millis(315_576_000_000_000))).not.toThrow();
    expect(delay(Duration.millis(315_576_000_000_001))).toThrow(/is not valid/);
  });

  test('what the property-based tests found: a header that is not a string, an operator namespace with a dot, a version "constructor"', () => {
    expect(() => synth((app) => new HeaderRoutingChart(app, 'hr', { service: travels(), rules: [{ header: undefined as any, match: HeaderMatch.exact('x'), version: 'v1' }] })))
      .toThrow(/^hr: rules\[0\]\.header undefined is not valid\./); // was emitted as a header named "undefined"
    expect(() => new OperatorSubscription(meshChart(), 'sub', { packageName: 'x', namespace: 'a.b' })).toThrow(/test\/sub: namespace "a\.b" is not valid\. Allowed: a DNS-1123 label/);
    expect(() => new OperatorSubscription(meshChart(), 'sub', { packageName: 'x', sourceNamespace: 'a.b' })).toThrow(/sourceNamespace "a\.b" is not valid/);
    expect(() => service({})().addVersion({ version: 'constructor', image: 'x' }))
      .toThrow(/test\/s: version "constructor" is not valid\. Allowed: a DNS-1123 label other than "constructor" and "prototype"/);
  });

  test('wrong types from JavaScript callers are refused, never a TypeError from inside', () => {
    const cases: Array<() => unknown> = [
      () => new MeshService(meshChart(), 's', { name: 'svc', namespace: 'ns', port: undefined as any }),
      () => new MeshService(meshChart(), 's', { name: 'svc', namespace: 'ns', port: { number: 80 }, versions: 'v1' as any }),
      () => new MeshDeployment(meshChart(), 'd', { namespace: 'ns', app: 'a', version: 'v1', image: 'x', args: 'x' as any }),
      () => new MeshDeployment(meshChart(), 'd', { namespace: 'ns', app: 'a', version: 'v1', image: 'x', replicas: '2' as any }),
      () => synth((app) => new HeaderRoutingChart(app, 'hr', { service: travels(), rules: [{ header: 'h', match: 'x' as any, version: 'v1' }] })),
      () => synth((app) => new HeaderRoutingChart(app, 'hr', { service: travels(), rules: undefined as any })),
      () => synth((app) => new WeightedRoutingChart(app, 'wr', { service: undefined as any })),
      () => new TravelsAppsChart(meshApp(), 'apps', { travelsVersions: 'v1' as any }),
      () => new MeshBaseChart(Testing.app(), 'mesh', { controlPlane: { tracingSampling: '100' as any } }),
    ];
    for (const fn of cases) expect(errorOf(fn)).toBeInstanceOf(ValidationError);
  });
});
