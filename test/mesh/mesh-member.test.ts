// MeshMember: one namespace joins an OSSM 2 mesh without the member roll.
import { Testing } from 'cdk8s';
import { analyze, DEFAULT_MESH_CONTROL_PLANE, IstioApiVersion, MeshMember, OssmVersion } from '../../lib';
import { validateAll } from '../support/crd-schema';
import { meshChart } from '../support/control-planes';

test('MeshMember: a ServiceMeshMember named default in the namespace, referencing the control plane', () => {
  const chart = meshChart();
  new MeshMember(chart, 'member', { namespace: 'bookinfo', controlPlaneName: 'production', controlPlane: { ...DEFAULT_MESH_CONTROL_PLANE, namespace: 'mesh-system' } });
  const objects = Testing.synth(chart);
  expect(objects).toEqual([{
    apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMember', metadata: { name: 'default', namespace: 'bookinfo' },
    spec: { controlPlaneRef: { name: 'production', namespace: 'mesh-system' } },
  }]);
  expect(validateAll(objects, '2.6')).toEqual([]);
  // the analyzer counts the namespace as a member: its Istio configuration is not outside the mesh (OSSM401)
  const vs = { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'x', namespace: 'bookinfo' }, spec: { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' } }] }] } };
  const roll = { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default', namespace: 'mesh-system' }, spec: { members: ['travel-agency'] } };
  expect(analyze([...objects, vs, roll]).findings.filter((f) => f.code === 'OSSM401')).toEqual([]);
  expect(analyze([vs, roll]).findings.filter((f) => f.code === 'OSSM401')).toHaveLength(1);
});

test('MeshMember refuses the control plane\'s own namespace and an OSSM 3 control plane', () => {
  expect(() => new MeshMember(meshChart(), 'm', { namespace: 'istio-system' }))
    .toThrow('m: namespace "istio-system" is not valid. Allowed: any namespace but the control plane\'s own ("istio-system").');
  expect(() => new MeshMember(meshChart(), 'm', { namespace: 'bookinfo', controlPlane: { ...DEFAULT_MESH_CONTROL_PLANE, ossmVersion: OssmVersion.V3, istioApiVersion: IstioApiVersion.V1 } }))
    .toThrow(/m: controlPlane\.ossmVersion "3" is not valid\. Allowed: an OSSM 2 control plane/);
});
