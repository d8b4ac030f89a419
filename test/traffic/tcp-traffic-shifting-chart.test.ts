// TcpTrafficShiftingChart: Kiali's TCP Traffic Shifting wizard.
import { App, Testing } from 'cdk8s';
import { MeshService, TcpTrafficShiftingChart } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { V1_MESH, meshApp } from '../support/control-planes';

const mysql = MeshService.fromServiceName('mysqldb', 'travel-agency', { port: 3306, versions: ['v1', 'v2'] });
const synth = (build: (app: App) => void): KubeObject[] => { const app = meshApp(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };
const vsOf = (objects: KubeObject[]) => objects.find((o) => o.kind === 'VirtualService')!;

describe('TcpTrafficShiftingChart: the TCP Traffic Shifting wizard', () => {
  test('a tcp rule with the weights, labelled tcp_traffic_shifting, on both platforms', () => {
    const objects = synth((app) => new TcpTrafficShiftingChart(app, 'tcp', { service: mysql, weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] }));
    const vs = vsOf(objects);
    expect(vs.metadata!.labels!.kiali_wizard).toBe('tcp_traffic_shifting');
    expect(vs.spec).toEqual({ hosts: ['mysqldb.travel-agency.svc.cluster.local'], tcp: [{ route: [
      { destination: { host: 'mysqldb.travel-agency.svc.cluster.local', subset: 'v1' }, weight: 80 },
      { destination: { host: 'mysqldb.travel-agency.svc.cluster.local', subset: 'v2' }, weight: 20 }] }] });
    expect(validateAll(synth((app) => new TcpTrafficShiftingChart(app, 'tcp', { service: mysql, controlPlane: V1_MESH })), '3')).toEqual([]);
  });
});
