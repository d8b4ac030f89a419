// TravelPortal: the three portals of the Travels demo, each calling the agency's travels service.
import { Testing } from 'cdk8s';
import { MeshService, SailControlPlane, TravelPortal, TravelPortalProps } from '../../lib';
import { find } from '../support/objects';
import { meshChart } from '../support/control-planes';

const agencyTravels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1'] });
const synth = (props: Partial<TravelPortalProps> = {}) => {
  const chart = meshChart();
  const portal = new TravelPortal(chart, 'portal', { namespace: 'travel-portal', agencyTravels, ...props });
  return { portal, objects: Testing.synth(chart) };
};

test('voyages, viaggi and travels: a Service and a Deployment each, named without version suffix, calling the agency by its address', () => {
  const { portal, objects } = synth();
  expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
    'Service/travel-portal/voyages', 'Deployment/travel-portal/voyages', 'Service/travel-portal/viaggi', 'Deployment/travel-portal/viaggi',
    'Service/travel-portal/travels', 'Deployment/travel-portal/travels',
  ]);
  expect(portal.portals.map((p) => [p.service.name, p.portalName])).toEqual([['voyages', 'voyages.fr'], ['viaggi', 'viaggi.it'], ['travels', 'travels.uk']]);
  const viaggi = find(objects, 'Deployment', 'viaggi').spec.template.spec.containers[0];
  expect(viaggi.name).toBe('control'); // upstream's container name, reproduced
  expect(viaggi.env).toEqual([
    { name: 'LISTEN_ADDRESS', value: ':8000' }, { name: 'PORTAL_COORDINATES', value: '41.890668,12.492194' }, { name: 'PORTAL_COUNTRY', value: 'Italy' },
    { name: 'PORTAL_NAME', value: 'viaggi.it' }, { name: 'TRAVELS_AGENCY_SERVICE', value: 'http://travels.travel-agency:8000' },
  ]);
  expect(find(objects, 'Deployment', 'voyages').spec.template.metadata.annotations['proxy.istio.io/config']).toMatch(/address: zipkin\.istio-system:9411/);
});

test('on OSSM 3 the pods carry no zipkin proxy config; a portal left out of the mesh opts out', () => {
  const { objects } = synth({ controlPlane: new SailControlPlane(meshChart(), 'cp'), sidecarInjection: (name) => name !== 'travels' });
  expect(find(objects, 'Deployment', 'voyages').spec.template.metadata.annotations).toEqual({ 'readiness.status.sidecar.istio.io/applicationPorts': '' });
  expect(find(objects, 'Deployment', 'travels').spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
});

test('refuses an agency service that is not one, naming the field', () => {
  expect(() => synth({ agencyTravels: { ...agencyTravels, fqdn: 'travels.example.com' } }))
    .toThrow(/portal: agencyTravels\.fqdn "travels\.example\.com" is not valid\. Allowed: "travels\.travel-agency\.svc\.cluster\.local"/);
});
