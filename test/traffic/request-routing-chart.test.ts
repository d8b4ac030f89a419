// RequestRoutingChart: Kiali's Request Routing wizard in full.
import { App, Duration, Testing } from 'cdk8s';
import { MeshService, RequestRoutingChart, StringMatch } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { V1_MESH, meshApp } from '../support/control-planes';

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });
const synth = (build: (app: App) => void): KubeObject[] => { const app = meshApp(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };
const vsOf = (objects: KubeObject[]) => objects.find((o) => o.kind === 'VirtualService')!;

describe('RequestRoutingChart: the Request Routing wizard in full', () => {
  const rules = [
    { match: [{ headers: { portal: StringMatch.exact('viaggi.it') }, uri: StringMatch.prefix('/travels') }], route: [{ version: 'v2', weight: 100 }],
      fault: { abort: { percentage: 10, httpStatus: 503 } }, timeout: Duration.seconds(2), retries: { attempts: 3, perTryTimeout: Duration.seconds(2) } },
    { match: [{ method: StringMatch.exact('POST') }, { authority: StringMatch.exact('travels.example.com') }, { scheme: StringMatch.exact('https') }],
      route: [{ version: 'v3', weight: 100 }], mirror: { version: 'v1', percentage: 50 } },
    { route: [{ version: 'v1', weight: 100 }] },
  ];
  test('snapshot', () => {
    expect(Testing.synth(new RequestRoutingChart(meshApp(), 'rr', { service: travels, rules }))).toMatchSnapshot();
  });
  test('labelled request_routing; rules as given; valid on both platforms', () => {
    const objects = synth((app) => new RequestRoutingChart(app, 'rr', { service: travels, rules }));
    expect(objects.map((o) => o.metadata?.labels?.kiali_wizard)).toEqual(['request_routing', 'request_routing']);
    expect(vsOf(objects).spec.http.map((r: any) => [r.match?.length ?? 0, r.route[0].destination.subset, r.timeout, r.mirror?.subset])).toEqual([
      [1, 'v2', '2s', undefined], [3, 'v3', undefined, 'v1'], [0, 'v1', undefined, undefined]]);
    expect(validateAll(objects, '2.6')).toEqual([]);
    expect(validateAll(synth((app) => new RequestRoutingChart(app, 'rr', { service: travels, rules, controlPlane: V1_MESH })), '3')).toEqual([]);
  });
});
