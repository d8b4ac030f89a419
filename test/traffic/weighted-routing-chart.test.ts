// WeightedRoutingChart: the workshop's 4-2, Kiali's Traffic Shifting; one routing per host and app.
import { App, Chart, Testing } from 'cdk8s';
import { CircuitBreakerChart, HeaderMatch, MeshService, WeightedRoutingChart } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { find } from '../support/objects';
import { meshApp } from '../support/control-planes';

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });
const HOST = 'travels.travel-agency.svc.cluster.local';

const vsOf = (objects: KubeObject[]) => find(objects, 'VirtualService', 'travels', 'travel-agency');
const synth = (build: (app: App) => Chart) => { const app = meshApp(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };

describe('WeightedRoutingChart', () => {
  test('snapshot', () => {
    expect(Testing.synth(new WeightedRoutingChart(meshApp(), 'wr', { service: travels }))).toMatchSnapshot();
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
});

describe('bad input is refused with the construct path, the value and what is allowed', () => {
  const chart = (build: (app: App) => void) => () => { const app = meshApp(); build(app); synthesizeApp(app); };
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
