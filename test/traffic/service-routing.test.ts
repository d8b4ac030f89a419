// ServiceRouting (deprecated in favour of TrafficRouting): still works, and writes what TrafficRouting writes with the
// Kiali wizard label.
import { Chart, Duration, Testing } from 'cdk8s';
import { HeaderMatch, KialiWizard, MeshService, ServiceRouting, StringMatch, TrafficRouting } from '../../lib';
import { meshApp, meshChart } from '../support/control-planes';

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2'] });

test('the same VirtualService and DestinationRule as TrafficRouting with the wizard label', () => {
  const old = meshChart();
  const routing = new ServiceRouting(old, 'r', {
    service: travels, wizard: KialiWizard.TRAFFIC_SHIFTING,
    rules: [
      { headers: { portal: HeaderMatch.exact('travels.uk') }, route: [{ version: 'v2', weight: 100 }], fault: { abort: { percentage: 10, httpStatus: 503 } } },
      { route: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] },
    ],
    connectionPool: { maxConnections: 1 }, outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1) },
  });
  const now = meshChart();
  new TrafficRouting(now, 'r', {
    service: travels, labels: { kiali_wizard: 'traffic_shifting' },
    http: [
      { match: [{ headers: { portal: StringMatch.exact('travels.uk') } }], route: [{ version: 'v2', weight: 100 }], fault: { abort: { percentage: 10, httpStatus: 503 } } },
      { route: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] },
    ],
    trafficPolicy: { connectionPool: { maxConnections: 1 }, outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1) } },
  });
  const objects = Testing.synth(old);
  expect(objects).toEqual(Testing.synth(now));
  expect(objects[0].metadata.labels).toEqual({ 'kiali_wizard': 'traffic_shifting', 'app.kubernetes.io/managed-by': 'cdk8s-ossm' });
  expect(routing.service).toBe(travels);
  expect([routing.virtualService.kind, routing.destinationRule.kind]).toEqual(['VirtualService', 'DestinationRule']);
});

test('refuses no rules and a wizard Kiali does not have', () => {
  expect(() => new ServiceRouting(new Chart(meshApp(), 'c'), 'r', { service: travels, wizard: KialiWizard.REQUEST_ROUTING, rules: [] }))
    .toThrow('c/r: rules [] is not valid. Allowed: at least one rule.');
  expect(() => new ServiceRouting(new Chart(meshApp(), 'c'), 'r', { service: travels, wizard: 'mirroring' as KialiWizard, rules: [{ route: [{ version: 'v1' }] }] }))
    .toThrow(/c\/r: wizard "mirroring" is not valid/);
});
