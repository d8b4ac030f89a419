// CircuitBreakerChart: the workshop's 6-2, Kiali's Traffic Shifting with the circuit breaker's advanced options.
import { App, Chart, Duration, Testing } from 'cdk8s';
import { CircuitBreakerChart, HeaderMatch, MeshService } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { find } from '../support/objects';
import { meshApp } from '../support/control-planes';

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });

const vsOf = (objects: KubeObject[]) => find(objects, 'VirtualService', 'travels', 'travel-agency');
const drOf = (objects: KubeObject[]) => find(objects, 'DestinationRule', 'travels', 'travel-agency');
const synth = (build: (app: App) => Chart) => { const app = meshApp(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };

describe('CircuitBreakerChart', () => {
  test('snapshot', () => {
    expect(Testing.synth(new CircuitBreakerChart(meshApp(), 'cb', { service: travels }))).toMatchSnapshot();
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
  const chart = (build: (app: App) => void) => () => { const app = meshApp(); build(app); synthesizeApp(app); };
  const exact = (v: string) => HeaderMatch.exact(v);

  test.each<[string, () => void, RegExp]>([
    ['maxConnections below 1', chart((app) => new CircuitBreakerChart(app, 'cb', { service: travels, connectionPool: { maxConnections: 0 } })),
      /cb\/Routing\/DestinationRule: trafficPolicy\.connectionPool\.maxConnections 0 is not valid\. Allowed: a whole number from 1 to/],
    ['http1MaxPendingRequests below 1', chart((app) => new CircuitBreakerChart(app, 'cb', { service: travels, connectionPool: { http1MaxPendingRequests: 0 } })),
      /trafficPolicy\.connectionPool\.http1MaxPendingRequests 0 is not valid/],
    ['consecutive5xxErrors below 1', chart((app) => new CircuitBreakerChart(app, 'cb', { service: travels, outlierDetection: { consecutive5xxErrors: 0 } })),
      /cb\/Routing\/DestinationRule: trafficPolicy\.outlierDetection\.consecutive5xxErrors 0 is not valid/],
    ['maxEjectionPercent 0', chart((app) => new CircuitBreakerChart(app, 'cb', { service: travels, outlierDetection: { maxEjectionPercent: 0 } })),
      /trafficPolicy\.outlierDetection\.maxEjectionPercent 0 is not valid/],
  ])('%s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
