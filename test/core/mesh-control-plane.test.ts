import { App, Chart, Testing } from 'cdk8s';
import { IMeshControlPlane, IstioApiVersion, MeshIngress, MeshService, OssmVersion, WeightedRoutingChart } from '../../lib';
import { validateAll } from '../support/crd-schema';
import { meshApp } from '../support/control-planes';

/** A control plane that serves networking.istio.io/v1 and creates no Routes, as OSSM 3 does. */
const V1_MESH: IMeshControlPlane = {
  ossmVersion: OssmVersion.V3,
  namespace: 'istio-system',
  istioApiVersion: IstioApiVersion.V1,
  ingressGateway: { namespace: 'istio-ingress', selector: { istio: 'ingress' }, serviceName: 'istio-ingressgateway', httpPortName: 'http2', httpsPortName: 'https' },
  createsGatewayRoutes: false,
};

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2'] });

describe('the Istio API version follows the control plane', () => {
  test('traffic charts emit v1beta1 by default and v1 for a control plane that serves v1', () => {
    const old = Testing.synth(new WeightedRoutingChart(meshApp(), 'old', { service: travels }));
    const v1 = Testing.synth(new WeightedRoutingChart(meshApp(), 'new', { service: travels, controlPlane: V1_MESH }));
    expect(old.map((o) => o.apiVersion)).toEqual(['networking.istio.io/v1beta1', 'networking.istio.io/v1beta1']);
    expect(v1.map((o) => o.apiVersion)).toEqual(['networking.istio.io/v1', 'networking.istio.io/v1']);
    expect(v1.map((o) => o.spec)).toEqual(old.map((o) => o.spec));
    expect(validateAll(v1, '3')).toEqual([]);
    expect(validateAll(old, '2.6')).toEqual([]);
  });

  test('MeshIngress takes its gateway, API version and Route from the control plane', () => {
    const chart = new Chart(meshApp(), 'ingress');
    new MeshIngress(chart, 'ingress', { service: travels, host: 'travels.apps.example.com', controlPlane: V1_MESH });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual(['networking.istio.io/v1 Gateway', 'networking.istio.io/v1 VirtualService', 'route.openshift.io/v1 Route']);
    expect(objects[0].spec.selector).toEqual({ istio: 'ingress' });
    expect(objects[2].metadata.namespace).toBe('istio-ingress');
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('MeshIngress without a control plane keeps the OSSM 2.6 defaults: v1beta1, no Route', () => {
    const chart = new Chart(meshApp(), 'ingress');
    new MeshIngress(chart, 'ingress', { service: travels, host: 'travels.apps.example.com' });
    expect(Testing.synth(chart).map((o) => `${o.apiVersion} ${o.kind}`)).toEqual(['networking.istio.io/v1beta1 Gateway', 'networking.istio.io/v1beta1 VirtualService']);
  });
});
