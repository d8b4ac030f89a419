// OSSM401–OSSM404: the control plane, the member roll and what lies outside the mesh.
import { analyze, KubeObject } from '../../../lib/analysis';
import { AGENCY, CP, deployment, service, virtualService, controlPlane, memberRoll, cleanMesh, withEdit, findings, codes } from '../fixtures';

const mesh = (ns: string, name: string, hosts: string[], exportTo?: string[]): KubeObject =>
  virtualService(ns, name, { hosts, ...(exportTo ? { exportTo } : {}), http: [{ route: [{ destination: { host: hosts[0] } }] }] });

describe('OSSM401/OSSM402 objects outside the member roll', () => {
  const outside = (): KubeObject[] => [
    ...cleanMesh(),
    virtualService('other', 'x', { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' } }] }] }),
    service('other', 'x', { app: 'x' }),
    deployment('other', 'x', { app: 'x' }),
  ];
  test('fires for Istio config (error) and workloads (warning) in a namespace the roll does not list', () => {
    const result = analyze(outside());
    const f401 = result.findings.filter((f) => f.code === 'OSSM401');
    const f402 = result.findings.filter((f) => f.code === 'OSSM402');
    expect(f401).toEqual([expect.objectContaining({ severity: 'error', kind: 'VirtualService', namespace: 'other' })]);
    expect(f402).toEqual([expect.objectContaining({ severity: 'warning', kind: 'Deployment', namespace: 'other' })]);
  });
  test('does not fire when the namespace is listed, joins by ServiceMeshMember, or membership is unknown', () => {
    const listed = withEdit(outside(), 'ServiceMeshMemberRoll', 'default', (o) => { o.spec.members.push('other'); });
    expect(codes(listed)).toEqual([]);
    const member = [...outside(), { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMember', metadata: { name: 'default', namespace: 'other' }, spec: { controlPlaneRef: { name: 'basic', namespace: CP } } }];
    expect(codes(member)).toEqual([]);
    const selectors = withEdit(outside(), 'ServiceMeshMemberRoll', 'default', (o) => { o.spec.memberSelectors = [{ matchLabels: { mesh: 'yes' } }]; });
    expect(codes(selectors)).toEqual([]);
    expect(codes(outside().filter((o) => o.kind !== 'ServiceMeshMemberRoll'))).toEqual([]);
  });
  test('objects in the control-plane namespace are fine', () => {
    const objects = [...cleanMesh(), deployment(CP, 'tool', { app: 'tool' }), virtualService(CP, 'kiali', { hosts: ['kiali'], http: [{ route: [{ destination: { host: 'kiali.istio-system.svc.cluster.local' } }] }] })];
    expect(codes(objects).filter((c) => c.startsWith('OSSM4'))).toEqual([]);
  });
});

describe('OSSM403 member roll placement', () => {
  test('fires for a roll not named default and for one outside the control-plane namespace', () => {
    const f = findings([...cleanMesh().filter((o) => o.kind !== 'ServiceMeshMemberRoll'), memberRoll([AGENCY], { name: 'members', ns: 'mesh' })], 'OSSM403');
    expect(f.map((x) => x.message)).toEqual([
      'the member roll is in namespace mesh, but the ServiceMeshControlPlane is in istio-system',
      'the member roll is named "members"; the operator only reads the one named "default"',
    ]);
    expect(f[0].severity).toBe('error');
  });
  test('does not fire for default in the control-plane namespace, nor for the namespace without a control plane', () => {
    expect(findings(cleanMesh(), 'OSSM403')).toEqual([]);
    expect(findings([memberRoll([AGENCY], { ns: 'mesh' })], 'OSSM403')).toEqual([]);
  });
});

describe('OSSM404 Jaeger tracing', () => {
  test('fires for tracing type Jaeger and for an unset type before v2.6', () => {
    expect(findings([controlPlane({ version: 'v2.6', tracing: { type: 'Jaeger', sampling: 10000 } })], 'OSSM404')).toHaveLength(1);
    expect(findings([controlPlane({ version: 'v2.5' })], 'OSSM404')[0].message).toContain('unset, which means Jaeger for v2.5');
  });
  test('does not fire for None, for v2.6 defaults, or maistra.io/v1 control planes', () => {
    expect(findings([controlPlane({ version: 'v2.6', tracing: { type: 'None' } })], 'OSSM404')).toEqual([]);
    expect(findings([controlPlane({ version: 'v2.6' })], 'OSSM404')).toEqual([]);
    expect(findings([controlPlane({})], 'OSSM404')).toEqual([]);
    expect(findings([{ ...controlPlane({ istio: { tracing: { enabled: true } } }), apiVersion: 'maistra.io/v1' }], 'OSSM404')).toEqual([]);
  });
});
