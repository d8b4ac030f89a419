// MaistraControlPlane: the OSSM 2.6 ServiceMeshControlPlane on its own.
import { App, Chart, Testing } from 'cdk8s';
import { MaistraControlPlane, MeshBaseChart, OssmVersion, synthWarningsOf } from '../../lib';
import { validateAll } from '../support/crd-schema';

const chart = () => new Chart(new App(), 'c');

describe('MaistraControlPlane data-plane mTLS', () => {
  const smcp = (dataPlaneMtls?: boolean) => { const c = chart(); new MaistraControlPlane(c, 'cp', { dataPlaneMtls }); return Testing.synth(c)[0]; };
  test('spec.security.dataPlane.mtls when set, nothing when left to the operator', () => {
    expect(smcp(true).spec.security).toEqual({ dataPlane: { mtls: true } });
    expect(smcp(false).spec.security).toEqual({ dataPlane: { mtls: false } });
    expect(smcp().spec.security).toBeUndefined();
    expect(validateAll([smcp(true)], '2.6')).toEqual([]);
    expect(() => smcp('yes' as unknown as boolean)).toThrow(/c\/cp: dataPlaneMtls "yes" is not valid\. Allowed: true or false\./);
  });

  test('on OSSM 3, which has no such field, it becomes a mesh-wide PeerAuthentication in the root namespace', () => {
    const mesh = (dataPlaneMtls?: boolean) => new MeshBaseChart(new App(), 'mesh', { ossmVersion: OssmVersion.V3, controlPlane: { dataPlaneMtls } });
    const policies = (dataPlaneMtls?: boolean) => Testing.synth(mesh(dataPlaneMtls)).filter((o) => o.kind === 'PeerAuthentication');
    expect(policies(true)).toEqual([expect.objectContaining({
      apiVersion: 'security.istio.io/v1',
      metadata: expect.objectContaining({ name: 'default', namespace: 'istio-system' }),
      spec: { mtls: { mode: 'STRICT' } },
    })]);
    expect(policies(false).map((o) => o.spec)).toEqual([{ mtls: { mode: 'PERMISSIVE' } }]);
    expect(policies()).toEqual([]);
    expect(validateAll(policies(true), '3')).toEqual([]);
    expect(synthWarningsOf(mesh(true)).map((w) => w.message).filter((m) => m.includes('dataPlaneMtls'))).toEqual([]);
  });
});
