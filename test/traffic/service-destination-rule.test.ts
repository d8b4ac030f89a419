// ServiceDestinationRule: a DestinationRule on its own, or the one a TrafficRouting uses.
import { App, Chart } from 'cdk8s';
import { ClientTlsMode, MeshService, ServiceDestinationRule } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { V1_MESH, meshApp } from '../support/control-planes';

const reviews = MeshService.fromServiceName('reviews', 'bookinfo', { port: 9080, versions: ['v1', 'v2', 'v3'] });
const ratings = MeshService.fromServiceName('ratings', 'bookinfo', { port: 9080, versions: ['v1'] });
const REVIEWS = 'reviews.bookinfo.svc.cluster.local';

function synth(build: (chart: Chart) => void): KubeObject[] {
  const app = meshApp();
  build(new Chart(app, 'c'));
  return synthesizeApp(app).flatMap((c) => c.objects);
}

describe('ServiceDestinationRule: a DestinationRule on its own', () => {
  test('subsets for the versions given (or all), a traffic policy, exportTo, labels; v1 on OSSM 3', () => {
    const objects = synth((c) => new ServiceDestinationRule(c, 'dr', {
      service: reviews, versions: ['v1', 'v3'], trafficPolicy: { tls: { mode: ClientTlsMode.ISTIO_MUTUAL } }, exportTo: ['*'], labels: { team: 'books' },
    }));
    expect(objects).toEqual([{
      apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'bookinfo', labels: { 'team': 'books', 'app.kubernetes.io/managed-by': 'cdk8s-ossm' } },
      spec: { host: REVIEWS, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v3', labels: { version: 'v3' } }], trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, exportTo: ['*'] },
    }]);
    const v1 = synth((c) => new ServiceDestinationRule(c, 'dr', { service: reviews, name: 'reviews-all', controlPlane: V1_MESH }));
    expect(v1[0]).toMatchObject({ apiVersion: 'networking.istio.io/v1', metadata: { name: 'reviews-all' } });
    expect(v1[0].spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2', 'v3']);
    expect(validateAll(v1, '3')).toEqual([]);
  });

  test('a version the service lacks is refused at synth', () => {
    expect(() => synth((c) => new ServiceDestinationRule(c, 'dr', { service: ratings, versions: ['v2'] })))
      .toThrow('c/dr: versions "v2" is not valid. Allowed: a version of service bookinfo/ratings: "v1".');
  });
});
