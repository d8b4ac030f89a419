// FaultInjectionChart: the workshop's 5-1, Kiali's Fault Injection.
import { App, Chart, Duration, Testing } from 'cdk8s';
import { FaultInjectionChart, HeaderMatch, MeshService } from '../../lib';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { find } from '../support/objects';
import { meshApp } from '../support/control-planes';

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });

const synth = (build: (app: App) => Chart) => { const app = meshApp(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };

describe('FaultInjectionChart', () => {
  const hotels = MeshService.fromServiceName('hotels', 'travel-agency', { port: 8000, versions: ['v1'] });
  const HOTELS = 'hotels.travel-agency.svc.cluster.local';

  test('snapshot', () => {
    expect(Testing.synth(new FaultInjectionChart(meshApp(), 'fi', { service: hotels, abort: { percentage: 10, httpStatus: 503 } }))).toMatchSnapshot();
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

describe('bad input is refused with the construct path, the value and what is allowed', () => {
  const chart = (build: (app: App) => void) => () => { const app = meshApp(); build(app); synthesizeApp(app); };
  const exact = (v: string) => HeaderMatch.exact(v);

  test.each<[string, () => void, RegExp]>([
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
  ])('%s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
