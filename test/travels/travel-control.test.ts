// TravelControl: the control dashboard, which lists every portal.
import { Testing } from 'cdk8s';
import { MeshService, TravelControl, TravelControlProps } from '../../lib';
import { find } from '../support/objects';
import { meshChart } from '../support/control-planes';

const portal = (name: string, portalName: string) => ({ service: MeshService.fromServiceName(name, 'travel-portal', { port: 8000, versions: ['v1'] }), portalName });
const synth = (props: Partial<TravelControlProps> = {}) => {
  const chart = meshChart();
  const control = new TravelControl(chart, 'control', { namespace: 'travel-control', portals: [portal('voyages', 'voyages.fr'), portal('viaggi', 'viaggi.it')], ...props });
  return { control, objects: Testing.synth(chart) };
};

test('a control Service on 8080 and its Deployment, given every portal as PORTAL_SERVICES; no proxy config, as upstream', () => {
  const { control, objects } = synth();
  expect(control.control.address).toBe('control.travel-control:8080');
  const deployment = find(objects, 'Deployment', 'control', 'travel-control');
  expect(deployment.spec.template.spec.containers[0].env).toEqual([
    { name: 'PORTAL_SERVICES', value: 'voyages.fr;http://voyages.travel-portal:8000,viaggi.it;http://viaggi.travel-portal:8000' },
  ]);
  expect(deployment.spec.template.metadata.annotations).toEqual({ 'readiness.status.sidecar.istio.io/applicationPorts': '' });
  expect(find(objects, 'Service', 'control', 'travel-control').spec.ports).toEqual([{ name: 'http', port: 8080 }]);
});

test('refuses a portal name that would break PORTAL_SERVICES, and a portal that is no service', () => {
  expect(() => synth({ portals: [portal('voyages', 'voyages;fr')] }))
    .toThrow(/control: portals\[0\]\.portalName "voyages;fr" is not valid\. Allowed: a name without white space, ';' or ','/);
  expect(() => synth({ portals: [{ service: { name: 'x' } as never, portalName: 'x' }] })).toThrow(/control: portals\[0\]\.service\.namespace undefined is not valid/);
});
