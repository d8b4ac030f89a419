// MeshIngressGateway: an ingress gateway by gateway injection, as OSSM 3 documents it (OSSM 3 creates none).
import { Testing } from 'cdk8s';
import { DEFAULT_MESH_CONTROL_PLANE, IMeshControlPlane, ingressGatewayReference, MeshIngressGateway, MeshIngressGatewayProps, SailControlPlane } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { find } from '../support/objects';
import { podSpecOf, restrictedViolations } from '../support/pod-security';
import { meshChart } from '../support/control-planes';

const synth = (props: MeshIngressGatewayProps): { gateway: MeshIngressGateway; objects: KubeObject[] } => {
  const chart = meshChart();
  const gateway = new MeshIngressGateway(chart, 'gw', props);
  return { gateway, objects: Testing.synth(chart) };
};

test('the names OSSM 2 gave its gateway: istio-ingressgateway, pods istio: ingressgateway, ports http2 and https', () => {
  const sail = new SailControlPlane(meshChart(), 'cp');
  const { gateway, objects } = synth({ namespace: 'istio-ingress', controlPlane: sail });
  expect(gateway.reference).toEqual(ingressGatewayReference('istio-ingress'));
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
    'ServiceAccount/istio-ingressgateway', 'Role/istio-ingressgateway-sds', 'RoleBinding/istio-ingressgateway-sds', 'Deployment/istio-ingressgateway',
    'Service/istio-ingressgateway',
  ]);
  const deployment = find(objects, 'Deployment', 'istio-ingressgateway');
  expect(deployment.spec.template.metadata).toEqual({
    annotations: { 'inject.istio.io/templates': 'gateway' },
    labels: { 'app': 'istio-ingressgateway', 'istio': 'ingressgateway', 'sidecar.istio.io/inject': 'true' },
  });
  expect(deployment.spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'istio-proxy', image: 'auto' })]);
  expect(restrictedViolations(podSpecOf(deployment)!)).toEqual([]);
  const service = find(objects, 'Service', 'istio-ingressgateway');
  expect(service.spec).toEqual({
    type: 'ClusterIP', selector: { istio: 'ingressgateway' },
    ports: [{ name: 'http2', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }],
  });
  expect(find(objects, 'Role', 'istio-ingressgateway-sds').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]);
});

test('another name and selector: the reference Gateways and Routes use follows', () => {
  const { gateway, objects } = synth({ namespace: 'shop', name: 'shop-gateway', selector: { gateway: 'shop' }, replicas: 2 });
  expect(gateway.reference).toEqual({ ...ingressGatewayReference('shop'), selector: { gateway: 'shop' }, serviceName: 'shop-gateway' });
  const deployment = find(objects, 'Deployment', 'shop-gateway');
  expect(deployment.spec.replicas).toBe(2);
  expect(deployment.spec.selector).toEqual({ matchLabels: { gateway: 'shop' } });
  expect(find(objects, 'Service', 'shop-gateway').spec.selector).toEqual({ gateway: 'shop' });
});

test('the control plane decides the injection label (OSSM 2.6: the pod label; an OSSM 3 revision: istio.io/rev)', () => {
  const canary: IMeshControlPlane = { ...DEFAULT_MESH_CONTROL_PLANE, membership: { ...DEFAULT_MESH_CONTROL_PLANE.membership, injectedPodLabels: { 'istio.io/rev': 'canary' } } };
  const { objects } = synth({ namespace: 'shop', controlPlane: canary });
  expect(find(objects, 'Deployment', 'istio-ingressgateway').spec.template.metadata.labels).toEqual({ 'app': 'istio-ingressgateway', 'istio': 'ingressgateway', 'istio.io/rev': 'canary' });
});

test.each<[MeshIngressGatewayProps, RegExp]>([
  [{ namespace: 'Shop' }, /gw: namespace "Shop" is not valid/],
  [{ namespace: 'shop', name: '1gateway' }, /gw: name "1gateway" is not valid/],
  [{ namespace: 'shop', selector: {} }, /gw: selector \{\} is not valid\. Allowed: at least one label/],
  [{ namespace: 'shop', replicas: -1 }, /gw: replicas -1 is not valid/],
])('refuses %j, naming the construct path and the value', (props, message) => {
  expect(() => synth(props)).toThrow(message);
});
