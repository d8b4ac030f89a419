// The OSSM 3 ingress gateway, hardened: NetworkPolicy for the router, the mesh and monitoring; disruption budget; autoscaling.
import { App, Testing } from 'cdk8s';
import { MeshBaseChart, MeshIngressGateway, MeshIngressGatewayProps, OssmVersion, SailControlPlane } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { find } from '../support/objects';

const synth = (props: Partial<MeshIngressGatewayProps> = {}): KubeObject[] => {
  const chart = Testing.chart();
  new MeshIngressGateway(chart, 'gw', { namespace: 'istio-ingress', controlPlane: new SailControlPlane(Testing.chart(), 'cp'), ...props });
  return Testing.synth(chart);
};
const has = (objects: KubeObject[], kind: string) => objects.some((o) => o.kind === kind);

test('the NetworkPolicy admits the OpenShift router and the mesh to the traffic ports, monitoring to the metrics port, nobody else', () => {
  const policy = find(synth(), 'NetworkPolicy', 'istio-ingressgateway', 'istio-ingress');
  const ports = [{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 8443 }];
  expect(policy.spec).toEqual({
    podSelector: { matchLabels: { istio: 'ingressgateway' } },
    policyTypes: ['Ingress'],
    ingress: [
      { from: [{ namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } }], ports },
      { from: [{ podSelector: {} }, { namespaceSelector: { matchLabels: { 'istio-discovery': 'enabled', 'istio-injection': 'enabled' } } }], ports },
      { from: [{ namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 15090 }] },
    ],
  });
  // the traffic ports are the Service's target ports
  const service = find(synth(), 'Service', 'istio-ingressgateway', 'istio-ingress');
  expect(service.spec.ports.map((p: { targetPort: number }) => p.targetPort)).toEqual([8080, 8443]);
  expect(has(synth({ networkPolicy: false }), 'NetworkPolicy')).toBe(false);
});

test('one pod: no disruption budget (it would block drains); two pods or autoscaling: minAvailable 1', () => {
  expect(has(synth(), 'PodDisruptionBudget')).toBe(false);
  expect(find(synth({ replicas: 2 }), 'PodDisruptionBudget', 'istio-ingressgateway', 'istio-ingress').spec).toEqual({
    minAvailable: 1, selector: { matchLabels: { istio: 'ingressgateway' } },
  });
  expect(has(synth({ replicas: 2, podDisruptionBudget: false }), 'PodDisruptionBudget')).toBe(false);
  expect(() => synth({ podDisruptionBudget: true })).toThrow(/gw: podDisruptionBudget true is not valid\. Allowed with 1 pod\(s\): false/);
});

test('autoscaling: an HPA on CPU as in Red Hat\'s quick start (2 to 5 pods, 80 %), the Deployment without replicas', () => {
  const objects = synth({ autoscaling: {} });
  expect(find(objects, 'HorizontalPodAutoscaler', 'istio-ingressgateway', 'istio-ingress')).toMatchObject({
    apiVersion: 'autoscaling/v2',
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istio-ingressgateway' },
      minReplicas: 2, maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    },
  });
  expect(find(objects, 'Deployment', 'istio-ingressgateway', 'istio-ingress').spec.replicas).toBeUndefined();
  expect(has(objects, 'PodDisruptionBudget')).toBe(true);
  expect(() => synth({ autoscaling: {}, replicas: 3 })).toThrow(/gw: replicas 3 is not valid\. Allowed: undefined with autoscaling/);
  expect(() => synth({ autoscaling: { minReplicas: 4, maxReplicas: 3 } })).toThrow(/gw: autoscaling\.maxReplicas 3 is not valid\. Allowed: at least minReplicas \(4\)/);
  expect(() => synth({ autoscaling: { cpuUtilization: 0 } })).toThrow(/gw: autoscaling\.cpuUtilization 0 is not valid/);
});

test('MeshBaseChart passes the gateway options on OSSM 3 and refuses them on 2.6', () => {
  const objects = Testing.synth(new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: OssmVersion.V3, ingressGateway: { autoscaling: { maxReplicas: 3 } } }));
  expect(find(objects, 'HorizontalPodAutoscaler', 'istio-ingressgateway', 'istio-ingress').spec.maxReplicas).toBe(3);
  expect(() => new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: OssmVersion.V2_6, ingressGateway: { replicas: 2 } })).toThrow(/mesh-base: ingressGateway .* is not valid\. Allowed: undefined for OSSM 2\.6/);
});
