// MaistraControlPlane: the OSSM 2.6 ServiceMeshControlPlane on its own.
import { App, Chart, Testing } from 'cdk8s';
import {
  DEFAULT_MESH_CONTROL_PLANE, IstioApiVersion, MaistraControlPlane, MaistraControlPlaneProps, MeshBaseChart, OssmVersion, synthWarningsOf, TracingType,
} from '../../lib';
import { validateAll } from '../support/crd-schema';

const chart = () => new Chart(new App(), 'c');
const smcpOf = (props: MaistraControlPlaneProps = {}) => { const c = chart(); new MaistraControlPlane(c, 'cp', props); return Testing.synth(c)[0]; };

describe('MaistraControlPlane', () => {
  test('defaults: basic in istio-system, v2.6, Jaeger at 100 %, the addons, IOR, access log to stdout', () => {
    const smcp = smcpOf();
    expect(smcp.apiVersion).toBe('maistra.io/v2');
    expect(smcp.metadata).toEqual({ name: 'basic', namespace: 'istio-system' });
    expect(smcp.spec).toEqual({
      addons: { grafana: { enabled: true }, jaeger: { install: { storage: { type: 'Memory' } } }, kiali: { enabled: true }, prometheus: { enabled: true } },
      gateways: { openshiftRoute: { enabled: true } },
      policy: { type: 'Istiod' },
      profiles: ['default'],
      proxy: { accessLogging: { file: { name: '/dev/stdout' } } },
      telemetry: { type: 'Istiod' },
      tracing: { sampling: 10000, type: 'Jaeger' },
      version: 'v2.6',
    });
    expect(validateAll([smcp])).toEqual([]);
  });

  test('every setting reaches its field; no tracing drops the Jaeger addon; access logging off drops the proxy section', () => {
    const smcp = smcpOf({
      name: 'mesh', namespace: 'mesh-system', version: 'v2.5', tracing: TracingType.NONE, tracingSampling: 100, grafana: false, kiali: false, prometheus: false,
      openshiftRoute: false, policyType: 'None', telemetryType: 'None', customProfiles: ['mine'], profiles: ['small', 'mine'], accessLogging: false,
    });
    expect(smcp.metadata).toEqual({ name: 'mesh', namespace: 'mesh-system' });
    expect(smcp.spec).toEqual({
      addons: { grafana: { enabled: false }, kiali: { enabled: false }, prometheus: { enabled: false } },
      gateways: { openshiftRoute: { enabled: false } },
      policy: { type: 'None' },
      profiles: ['small', 'mine'],
      telemetry: { type: 'None' },
      tracing: { sampling: 100, type: 'None' },
      version: 'v2.5',
    });
    expect(validateAll([smcp])).toEqual([]);
  });

  test.each<[MaistraControlPlaneProps, RegExp]>([
    [{ version: 'v2.3' }, /c\/cp: version "v2\.3" is not valid\. Allowed: .*"v2\.4", "v2\.5", "v2\.6"/],
    [{ tracingSampling: 10001 }, /c\/cp: tracingSampling 10001 is not valid/],
    [{ profiles: ['mine'] }, /c\/cp: profiles\[0\] "mine" is not valid\. .*customProfiles/],
    [{ kiali: true, prometheus: false }, /c\/cp: prometheus false is not valid\. Allowed: true while kiali is on/],
    [{ accessLogFile: 'stdout' }, /c\/cp: accessLogFile "stdout" is not valid\. Allowed: an absolute path without white space/],
    [{ policyType: 'Mixer' }, /c\/cp: policyType "Mixer" is not valid/],
  ])('refuses %j, naming the construct path and the value', (props, message) => {
    expect(() => smcpOf(props)).toThrow(message);
  });
});

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

describe('MaistraControlPlane as IMeshControlPlane', () => {
  test('states the OSSM 2.6 facts the other constructs need', () => {
    const cp = new MaistraControlPlane(Testing.chart(), 'cp', { namespace: 'mesh-system', openshiftRoute: false });
    expect([cp.ossmVersion, cp.istioApiVersion, cp.createsGatewayRoutes]).toEqual([OssmVersion.V2_6, IstioApiVersion.V1BETA1, false]);
    expect(cp.ingressGateway).toEqual({ ...DEFAULT_MESH_CONTROL_PLANE.ingressGateway, namespace: 'mesh-system' });
    expect(cp.zipkinAddress).toBe('zipkin.mesh-system:9411');
  });

  test('has no zipkin address without tracing', () => {
    expect(new MaistraControlPlane(Testing.chart(), 'cp', { tracing: TracingType.NONE }).zipkinAddress).toBeUndefined();
  });
});
