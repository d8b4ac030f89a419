import { App, Chart, Duration, Testing } from 'cdk8s';
import { CircuitBreakerChart, FaultInjectionChart, HeaderMatch, HeaderRoutingChart, MeshService, WeightedRoutingChart } from '../lib';
import { equalSplit } from '../lib/traffic/weights';
import { KubeObject } from '../lib/analysis/types';
import { synthesizeApp } from '../lib/synth/synthesize';
import { find } from './support/objects';

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });
const HOST = 'travels.travel-agency.svc.cluster.local';
const SUBSETS = ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } }));

const vsOf = (objects: KubeObject[]) => find(objects, 'VirtualService', 'travels', 'travel-agency');
const drOf = (objects: KubeObject[]) => find(objects, 'DestinationRule', 'travels', 'travel-agency');
const synth = (build: (app: App) => Chart) => { const app = Testing.app(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };

describe('HeaderRoutingChart', () => {
  const rules = [
    { header: 'portal', match: HeaderMatch.exact('travels.uk'), version: 'v1' },
    { header: 'portal', match: HeaderMatch.prefix('viaggi'), version: 'v2' },
    { header: 'portal', match: HeaderMatch.regex('voyages\\..*'), version: 'v3' },
  ];

  test('snapshot', () => {
    expect(Testing.synth(new HeaderRoutingChart(Testing.app(), 'hr', { service: travels, rules }))).toMatchSnapshot();
  });

  test('rules in order, one version each, no default route (as the wizard); Kiali labels; FQDN host; v1beta1', () => {
    const objects = synth((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules }));
    const vs = vsOf(objects);
    expect(vs.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(vs.metadata!.labels).toEqual({ 'kiali_wizard': 'request_routing', 'app.kubernetes.io/managed-by': 'cdk8s-ossm' });
    expect(vs.spec.hosts).toEqual([HOST]);
    expect(vs.spec.http).toEqual([
      { match: [{ headers: { portal: { exact: 'travels.uk' } } }], route: [{ destination: { host: HOST, subset: 'v1' }, weight: 100 }] },
      { match: [{ headers: { portal: { prefix: 'viaggi' } } }], route: [{ destination: { host: HOST, subset: 'v2' }, weight: 100 }] },
      { match: [{ headers: { portal: { regex: 'voyages\\..*' } } }], route: [{ destination: { host: HOST, subset: 'v3' }, weight: 100 }] },
    ]);
    const dr = drOf(objects);
    expect(dr.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(dr.metadata!.labels).toEqual(vs.metadata!.labels);
    expect(dr.spec).toEqual({ host: HOST, subsets: SUBSETS });
  });

  test('a default route goes last: one version, or weights', () => {
    const one = vsOf(synth((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules, defaultRoute: 'v1' })));
    expect(one.spec.http).toHaveLength(4);
    expect(one.spec.http[3]).toEqual({ route: [{ destination: { host: HOST, subset: 'v1' }, weight: 100 }] });
    const split = vsOf(synth((app) => new HeaderRoutingChart(app, 'hr', {
      service: travels, rules, defaultRoute: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }],
    })));
    expect(split.spec.http[3].route.map((r: any) => r.weight)).toEqual([80, 20]);
  });

  test('versions added to a service after the chart still get their subset', () => {
    const app = Testing.app();
    const apps = new Chart(app, 'apps');
    const svc = new MeshService(apps, 'svc', { name: 'reviews', namespace: 'bookinfo', port: { number: 9080 } });
    svc.addVersion({ version: 'v1', image: 'reviews:v1' });
    new HeaderRoutingChart(app, 'hr', { service: svc, rules: [{ header: 'end-user', match: HeaderMatch.exact('jason'), version: 'v2' }], defaultRoute: 'v1' });
    svc.addVersion({ version: 'v2', image: 'reviews:v2' });
    const dr = find(synthesizeApp(app).flatMap((c) => c.objects), 'DestinationRule', 'reviews', 'bookinfo');
    expect(dr.spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
  });
});

describe('WeightedRoutingChart', () => {
  test('snapshot', () => {
    expect(Testing.synth(new WeightedRoutingChart(Testing.app(), 'wr', { service: travels }))).toMatchSnapshot();
  });

  test('an even split by default, as Kiali (33/33/34), labelled traffic_shifting', () => {
    const vs = vsOf(synth((app) => new WeightedRoutingChart(app, 'wr', { service: travels })));
    expect(vs.metadata!.labels!.kiali_wizard).toBe('traffic_shifting');
    expect(vs.spec.http).toEqual([{ route: ['v1', 'v2', 'v3'].map((v, i) => ({ destination: { host: HOST, subset: v }, weight: [33, 33, 34][i] })) }]);
  });

  test('weights as given', () => {
    const vs = vsOf(synth((app) => new WeightedRoutingChart(app, 'wr', {
      service: travels, weights: [{ version: 'v1', weight: 70 }, { version: 'v3', weight: 30 }],
    })));
    expect(vs.spec.http[0].route).toEqual([
      { destination: { host: HOST, subset: 'v1' }, weight: 70 }, { destination: { host: HOST, subset: 'v3' }, weight: 30 }]);
  });

  test.each([[1, [100]], [2, [50, 50]], [3, [33, 33, 34]], [6, [16, 16, 16, 16, 16, 20]]])('equalSplit(%d)', (n, split) => {
    expect(equalSplit(n)).toEqual(split);
  });
});

describe('FaultInjectionChart', () => {
  const hotels = MeshService.fromServiceName('hotels', 'travel-agency', { port: 8000, versions: ['v1'] });
  const HOTELS = 'hotels.travel-agency.svc.cluster.local';

  test('snapshot', () => {
    expect(Testing.synth(new FaultInjectionChart(Testing.app(), 'fi', { service: hotels, abort: { percentage: 10, httpStatus: 503 } }))).toMatchSnapshot();
  });

  test('abort on all traffic: the workshop\'s 10 % with 503', () => {
    const objects = synth((app) => new FaultInjectionChart(app, 'fi', { service: hotels, abort: { percentage: 10, httpStatus: 503 } }));
    const vs = find(objects, 'VirtualService', 'hotels', 'travel-agency');
    expect(vs.metadata!.labels!.kiali_wizard).toBe('fault_injection');
    expect(vs.spec.http).toEqual([{
      fault: { abort: { httpStatus: 503, percentage: { value: 10 } } },
      route: [{ destination: { host: HOTELS, subset: 'v1' }, weight: 100 }],
    }]);
  });

  test('delay on matching requests only; the rest routed without fault', () => {
    const objects = synth((app) => new FaultInjectionChart(app, 'fi', {
      service: hotels, delay: { percentage: 50, fixedDelay: Duration.millis(1500) }, headers: { user: HeaderMatch.exact('tester') },
    }));
    const vs = find(objects, 'VirtualService', 'hotels', 'travel-agency');
    expect(vs.spec.http).toEqual([
      { match: [{ headers: { user: { exact: 'tester' } } }], fault: { delay: { fixedDelay: '1500ms', percentage: { value: 50 } } },
        route: [{ destination: { host: HOTELS, subset: 'v1' }, weight: 100 }] },
      { route: [{ destination: { host: HOTELS, subset: 'v1' }, weight: 100 }] },
    ]);
  });
});

describe('CircuitBreakerChart', () => {
  test('snapshot', () => {
    expect(Testing.synth(new CircuitBreakerChart(Testing.app(), 'cb', { service: travels }))).toMatchSnapshot();
  });

  test('the wizard\'s defaults, with consecutive5xxErrors instead of the ignored consecutiveErrors', () => {
    const objects = synth((app) => new CircuitBreakerChart(app, 'cb', { service: travels }));
    expect(vsOf(objects).spec.http[0].route.map((r: any) => r.weight)).toEqual([33, 33, 34]);
    expect(vsOf(objects).metadata!.labels!.kiali_wizard).toBe('traffic_shifting');
    const dr = drOf(objects);
    expect(dr.spec.trafficPolicy).toEqual({
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } },
      outlierDetection: { consecutive5xxErrors: 1 },
    });
    expect(JSON.stringify(dr)).not.toContain('consecutiveErrors');
  });

  test('every knob', () => {
    const dr = drOf(synth((app) => new CircuitBreakerChart(app, 'cb', {
      service: travels,
      connectionPool: { maxConnections: 10, http1MaxPendingRequests: 5, maxRequestsPerConnection: 2 },
      outlierDetection: {
        consecutive5xxErrors: 3, consecutiveGatewayErrors: 2, interval: Duration.seconds(1),
        baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100,
      },
    })));
    expect(dr.spec.trafficPolicy).toEqual({
      connectionPool: { tcp: { maxConnections: 10 }, http: { http1MaxPendingRequests: 5, maxRequestsPerConnection: 2 } },
      outlierDetection: { consecutive5xxErrors: 3, consecutiveGatewayErrors: 2, interval: '1s', baseEjectionTime: '180s', maxEjectionPercent: 100 },
    });
  });
});

describe('bad input is refused with the construct path, the value and what is allowed', () => {
  const chart = (build: (app: App) => void) => () => { const app = Testing.app(); build(app); synthesizeApp(app); };
  const exact = (v: string) => HeaderMatch.exact(v);

  test.each<[string, () => void, RegExp]>([
    ['a version the service does not have', chart((app) => new WeightedRoutingChart(app, 'wr', { service: travels, weights: [{ version: 'v4', weight: 100 }] })),
      /wr\/Routing: http\[0\]\.route\[0\]\.version "v4" is not valid\. Allowed: a version of service travel-agency\/travels: "v1", "v2", "v3"\./],
    ['weights not adding up to 100', chart((app) => new WeightedRoutingChart(app, 'wr', { service: travels, weights: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 40 }] })),
      /wr\/Routing: http\[0\]\.route weights "v1=50, v2=40" is not valid\. Allowed: whole numbers from 0 to 100 that add up to 100 \(these add up to 90\)\./],
    ['a weight above 100', chart((app) => new WeightedRoutingChart(app, 'wr', { service: travels, weights: [{ version: 'v1', weight: 120 }, { version: 'v2', weight: -20 }] })),
      /wr\/Routing: http\[0\]\.route\[0\]\.weight 120 is not valid\. Allowed: a whole number from 0 to 100\./],
    ['a fractional weight', chart((app) => new WeightedRoutingChart(app, 'wr', { service: travels, weights: [{ version: 'v1', weight: 50.5 }, { version: 'v2', weight: 49.5 }] })),
      /http\[0\]\.route\[0\]\.weight 50\.5 is not valid/],
    ['an abort percentage above 100', chart((app) => new FaultInjectionChart(app, 'fi', { service: travels, abort: { percentage: 110, httpStatus: 503 } })),
      /fi\/Routing: http\[0\]\.fault\.abort\.percentage 110 is not valid\. Allowed: a number from 0 to 100\./],
    ['a delay percentage below 0', chart((app) => new FaultInjectionChart(app, 'fi', { service: travels, delay: { percentage: -1, fixedDelay: Duration.seconds(1) } })),
      /http\[0\]\.fault\.delay\.percentage -1 is not valid/],
    ['an HTTP status outside 200-599', chart((app) => new FaultInjectionChart(app, 'fi', { service: travels, abort: { percentage: 10, httpStatus: 600 } })),
      /fi\/Routing: http\[0\]\.fault\.abort\.httpStatus 600 is not valid\. Allowed: a whole number from 200 to 599\./],
    ['a zero delay', chart((app) => new FaultInjectionChart(app, 'fi', { service: travels, delay: { percentage: 10, fixedDelay: Duration.seconds(0) } })),
      /fi\/Routing: http\[0\]\.fault\.delay\.fixedDelay Duration\(0 seconds\) is not valid\. Allowed: a Duration of whole milliseconds from 1 ms to 315576000000000 ms/],
    ['no fault at all', chart((app) => new FaultInjectionChart(app, 'fi', { service: travels })),
      /fi: abort and delay \{\} is not valid\. Allowed: an abort, a delay, or both\./],
    ['an empty header name', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: '', match: exact('x'), version: 'v1' }] })),
      /hr: rules\[0\] header name "" is not valid\. Allowed: an HTTP header name in lower case/],
    ['an upper-case header name', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: 'Portal', match: exact('x'), version: 'v1' }] })),
      /header name "Portal" is not valid/],
    ['an empty header value', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: 'portal', match: exact(''), version: 'v1' }] })),
      /hr\/Routing: http\[0\]\.match\[0\]\.headers\.portal "" is not valid\. Allowed: a non-empty value without line breaks or NUL\./],
    ['an invalid regex', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: 'portal', match: HeaderMatch.regex('('), version: 'v1' }] })),
      /http\[0\]\.match\[0\]\.headers\.portal "\(" is not valid\. Allowed: an RE2 regular expression, the syntax Envoy uses \(error parsing regexp: missing closing \)/],
    ['a regex RE2 does not support (lookahead)', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: 'portal', match: HeaderMatch.regex('(?!voyages).*'), version: 'v1' }] })),
      /http\[0\]\.match\[0\]\.headers\.portal "\(\?!voyages\)\.\*" is not valid\. Allowed: an RE2 regular expression/],
    ['the same header match twice', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [
      { header: 'portal', match: exact('a'), version: 'v1' }, { header: 'portal', match: exact('a'), version: 'v2' }] })),
      /hr\/Routing: http\[1\]\.match \[\{"headers":\{"portal":\{"exact":"a"\}\}\}\] is not valid\. Allowed: a match not used before; http\[0\] already takes these requests, so this rule is never reached\./],
    ['maxConnections below 1', chart((app) => new CircuitBreakerChart(app, 'cb', { service: travels, connectionPool: { maxConnections: 0 } })),
      /cb\/Routing\/DestinationRule: trafficPolicy\.connectionPool\.maxConnections 0 is not valid\. Allowed: a whole number from 1 to/],
    ['http1MaxPendingRequests below 1', chart((app) => new CircuitBreakerChart(app, 'cb', { service: travels, connectionPool: { http1MaxPendingRequests: 0 } })),
      /trafficPolicy\.connectionPool\.http1MaxPendingRequests 0 is not valid/],
    ['consecutive5xxErrors below 1', chart((app) => new CircuitBreakerChart(app, 'cb', { service: travels, outlierDetection: { consecutive5xxErrors: 0 } })),
      /cb\/Routing\/DestinationRule: trafficPolicy\.outlierDetection\.consecutive5xxErrors 0 is not valid/],
    ['maxEjectionPercent 0', chart((app) => new CircuitBreakerChart(app, 'cb', { service: travels, outlierDetection: { maxEjectionPercent: 0 } })),
      /trafficPolicy\.outlierDetection\.maxEjectionPercent 0 is not valid/],
    ['two charts for the same host in one app', chart((app) => {
      new WeightedRoutingChart(app, 'wr', { service: travels });
      new CircuitBreakerChart(app, 'cb', { service: travels });
    }), /wr\/Routing: host "travels\.travel-agency\.svc\.cluster\.local" is routed 2 times in one app \(wr\/Routing, cb\/Routing\)\. Allowed: one routing per host/],
  ])('%s', (_, build, message) => {
    expect(build).toThrow(message);
  });

  test('the same host in two apps is fine (steps are alternatives)', () => {
    expect(chart((app) => new WeightedRoutingChart(app, 'wr', { service: travels }))).not.toThrow();
    expect(chart((app) => new CircuitBreakerChart(app, 'cb', { service: travels }))).not.toThrow();
  });
});
