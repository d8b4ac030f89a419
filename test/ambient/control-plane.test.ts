// Ambient mode of the OSSM 3 control plane: the setting (prop and MESH_DATAPLANE), Istio/IstioCNI profile ambient, ZTunnel, membership.
import { App, Chart, Testing } from 'cdk8s';
import {
  DataPlaneMode, MeshBaseChart, OssmVersion, RoutingApi, SailControlPlane, synthWarningsOf, travelsWorkshopOptionsFromEnv,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';

const DOMAIN = { CLUSTER_BASE_DOMAIN: 'example.com' };

describe('SailControlPlane in ambient mode', () => {
  test('Istio and IstioCNI with profile ambient, istiod trusting the ztunnel namespace, and a ZTunnel there; CRD-valid', () => {
    const chart = Testing.chart();
    const cp = new SailControlPlane(chart, 'cp', { dataPlane: DataPlaneMode.AMBIENT });
    const objects: KubeObject[] = Testing.synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['Istio', 'IstioCNI', 'ZTunnel']);
    const [istio, cni, ztunnel] = objects as any[];
    expect(istio.spec.profile).toBe('ambient');
    expect(istio.spec.values.pilot).toEqual({ trustedZtunnelNamespace: 'ztunnel' });
    expect(cni.spec).toEqual({ namespace: 'istio-cni', version: 'v1.30-latest', profile: 'ambient' });
    expect(ztunnel).toEqual({ apiVersion: 'sailoperator.io/v1', kind: 'ZTunnel', metadata: { name: 'default' }, spec: { namespace: 'ztunnel', version: 'v1.30-latest' } });
    expect(validateAll(objects, '3')).toEqual([]);
    expect([cp.dataPlane, cp.routingApi, cp.ztunnelNamespace]).toEqual(['ambient', 'gateway-api', 'ztunnel']);
  });

  test('membership: the discovery label and istio.io/dataplane-mode ambient, no injection labels, a pod leaves with dataplane-mode none', () => {
    const cp = new SailControlPlane(Testing.chart(), 'cp', { dataPlane: DataPlaneMode.AMBIENT });
    expect(cp.membership).toEqual({
      namespaceLabels: { 'istio-discovery': 'enabled', 'istio.io/dataplane-mode': 'ambient' },
      injectedPodLabels: {},
      uninjectedPodLabels: { 'istio.io/dataplane-mode': 'none' },
    });
  });

  test('a ztunnel namespace of its own is the one istiod trusts', () => {
    const chart = Testing.chart();
    new SailControlPlane(chart, 'cp', { dataPlane: DataPlaneMode.AMBIENT, ztunnelNamespace: 'zt' });
    const [istio, , ztunnel] = Testing.synth(chart) as any[];
    expect([istio.spec.values.pilot.trustedZtunnelNamespace, ztunnel.spec.namespace]).toEqual(['zt', 'zt']);
  });

  test('the routingViaHost prerequisite and the FIPS limit are synth warnings; none with sidecars', () => {
    const app = Testing.app();
    new SailControlPlane(Testing.chart(), 'sidecar');
    const chart = new Chart(app, 'c');
    new SailControlPlane(chart, 'cp', { dataPlane: DataPlaneMode.AMBIENT });
    expect(synthWarningsOf(app).map((w) => w.message)).toEqual([expect.stringMatching(/routingViaHost: true.*FIPS/)]);
  });

  test('refused: explicit istio routing with ambient, a ztunnel namespace with sidecars, an unknown data plane', () => {
    expect(() => new SailControlPlane(Testing.chart(), 'cp', { dataPlane: DataPlaneMode.AMBIENT, routingApi: RoutingApi.ISTIO }))
      .toThrow(/cp: routingApi "istio" is not valid\. Allowed with dataPlane ambient: gateway-api or undefined/);
    expect(() => new SailControlPlane(Testing.chart(), 'cp', { ztunnelNamespace: 'zt' })).toThrow(/ztunnelNamespace "zt" is not valid.*ambient mode only/);
    expect(() => new SailControlPlane(Testing.chart(), 'cp', { dataPlane: 'proxyless' as DataPlaneMode })).toThrow(/dataPlane "proxyless" is not valid/);
    expect(() => new SailControlPlane(Testing.chart(), 'cp', { dataPlane: DataPlaneMode.AMBIENT, discoveryLabels: { 'istio-injection': 'enabled' } }))
      .toThrow(/discoveryLabels .* is not valid\. Allowed in ambient mode: labels other than the sidecar injection label "istio-injection"/);
    expect(() => new SailControlPlane(Testing.chart(), 'cp', { dataPlane: DataPlaneMode.AMBIENT, discoveryLabels: { 'istio.io/dataplane-mode': 'ambient' } }))
      .toThrow(/Allowed: labels other than the injection label "istio.io\/dataplane-mode"/);
  });

  test('sidecar mode is unchanged: no profile, no pilot values, no ZTunnel', () => {
    const chart = Testing.chart();
    const cp = new SailControlPlane(chart, 'cp', { dataPlane: DataPlaneMode.SIDECAR });
    const objects = Testing.synth(chart) as any[];
    expect(objects.map((o) => o.kind)).toEqual(['Istio', 'IstioCNI']);
    expect([objects[0].spec.profile, objects[0].spec.values.pilot, objects[1].spec.profile, cp.ztunnel]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('MeshBaseChart in ambient mode', () => {
  test('the ztunnel namespace, no gateway-injected ingress gateway (nor its namespace), the ZTunnel in the control-plane stage', () => {
    const app = new App();
    const base = new MeshBaseChart(app, 'mesh-base', { ossm3: { dataPlane: DataPlaneMode.AMBIENT } });
    const objects = Testing.synth(base) as any[];
    const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(namespaces).toEqual(expect.arrayContaining(['istio-system', 'istio-cni', 'ztunnel']));
    expect(namespaces).not.toContain('istio-ingress');
    expect(objects.filter((o) => o.kind === 'Deployment')).toEqual([]);
    expect(base.ingressGateway).toBeUndefined();
    expect(base.meshControlPlane.dataPlane).toBe(DataPlaneMode.AMBIENT);
    // the namespace is applied before the ZTunnel
    expect(objects.findIndex((o) => o.kind === 'Namespace' && o.metadata.name === 'ztunnel')).toBeLessThan(objects.findIndex((o) => o.kind === 'ZTunnel'));
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('refused for OSSM 2.6 (ossm3 settings are OSSM 3 only)', () => {
    expect(() => new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: OssmVersion.V2_6, ossm3: { dataPlane: DataPlaneMode.AMBIENT } }))
      .toThrow(/mesh-base: ossm3 .* is not valid\. Allowed: undefined for OSSM 2\.6/);
  });
});

describe('MESH_DATAPLANE', () => {
  test('ambient: OSSM 3 in ambient mode, routing by Gateway API; sidecar or unset: nothing', () => {
    expect(travelsWorkshopOptionsFromEnv({ ...DOMAIN, MESH_DATAPLANE: 'ambient' }).ossm3).toEqual({ dataPlane: 'ambient' });
    expect(travelsWorkshopOptionsFromEnv({ ...DOMAIN, MESH_DATAPLANE: 'ambient', MESH_ROUTING_API: 'gateway-api' }).ossm3)
      .toEqual({ dataPlane: 'ambient', routingApi: 'gateway-api' });
    expect(travelsWorkshopOptionsFromEnv({ ...DOMAIN, MESH_DATAPLANE: 'sidecar' }).ossm3).toBeUndefined();
    expect(travelsWorkshopOptionsFromEnv(DOMAIN).ossm3).toBeUndefined();
  });

  test('refused with OSSM 2.6, with MESH_ROUTING_API=istio, and an unknown value, each naming the value and what is allowed', () => {
    expect(() => travelsWorkshopOptionsFromEnv({ ...DOMAIN, MESH_DATAPLANE: 'ambient', OSSM_VERSION: '2.6' }))
      .toThrow(/MESH_DATAPLANE="ambient" is not valid\. Allowed: ambient only with OSSM 3/);
    expect(() => travelsWorkshopOptionsFromEnv({ ...DOMAIN, MESH_DATAPLANE: 'ambient', MESH_ROUTING_API: 'istio' }))
      .toThrow(/MESH_DATAPLANE="ambient" is not valid\. Allowed: ambient only with MESH_ROUTING_API=gateway-api or unset/);
    expect(() => travelsWorkshopOptionsFromEnv({ ...DOMAIN, MESH_DATAPLANE: 'Ambient' }))
      .toThrow(/MESH_DATAPLANE="Ambient" is not valid\. Allowed: sidecar \(.*\), ambient \(/);
  });
});

describe('an existing namespace joining an ambient mesh', () => {
  test('the synth warning gives the ambient labels and says sidecar clients bypass waypoints; with sidecars it does not', () => {
    const app = Testing.app();
    const cp = new SailControlPlane(new Chart(app, 'c'), 'cp', { dataPlane: DataPlaneMode.AMBIENT });
    cp.addExistingNamespace('legacy');
    const messages = synthWarningsOf(app).map((w) => w.message).filter((m) => m.includes('legacy'));
    expect(messages).toEqual([expect.stringContaining('oc label namespace legacy istio-discovery=enabled istio.io/dataplane-mode=ambient so that')]);
    expect(messages[0]).toMatch(/sidecar clients bypass waypoints/);
    const sidecarApp = Testing.app();
    new SailControlPlane(new Chart(sidecarApp, 'c'), 'cp').addExistingNamespace('legacy');
    expect(synthWarningsOf(sidecarApp).map((w) => w.message)).toEqual([expect.stringMatching(/istio-injection=enabled so that the discovery selectors select it and its pods get sidecars\.$/)]);
  });
});
