import { App, Testing } from 'cdk8s';
import {
  MeshBaseChart, MeshBaseChartProps, MeshIngressGateway, OssmVersion, synthWarningsOf, TracingProtocol, TracingType, travelsWorkshopOptionsFromEnv,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';
import { find } from '../support/objects';

const V3 = OssmVersion.V3;
const synth = (props: MeshBaseChartProps = {}): KubeObject[] => Testing.synth(new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: V3, ...props }));
const kialiSubscription = (objects: KubeObject[]) => find(objects, 'Subscription', 'kiali-ossm').spec;

describe('MeshBaseChart for OSSM 3', () => {
  test('Kiali: the default follows the channel; a 2.x pin stays possible; a 1.x pin is refused with the reason', () => {
    expect(kialiSubscription(synth())).toMatchObject({ installPlanApproval: 'Automatic' });
    expect(kialiSubscription(synth()).startingCSV).toBeUndefined();
    expect(kialiSubscription(synth({ operators: { kialiVersion: 'v2.17.1' } }))).toMatchObject({ installPlanApproval: 'Manual', startingCSV: 'kiali-operator.v2.17.1' });
    expect(() => synth({ operators: { kialiVersion: '1.89.8' } })).toThrow(
      /mesh-base: operators\.kialiVersion "1\.89\.8" is not valid\. Allowed on OSSM 3: a Kiali 2\.x version or later.*Kiali 1\.x predates OSSM 3/);
    // the env switch: KIALI_VERSION unset means the channel head on OSSM 3
    const options = travelsWorkshopOptionsFromEnv({ CLUSTER_BASE_DOMAIN: 'example.com', OSSM_VERSION: '3' });
    expect(options).toMatchObject({ ossmVersion: V3 });
    expect(options.operators).toBeUndefined();
  });

  test('no Jaeger or Elasticsearch operator on OSSM 3, and no OSSM 3 settings on OSSM 2.6', () => {
    expect(() => synth({ operators: { jaeger: true } })).toThrow(/mesh-base: operators\.jaeger true is not valid\. Allowed: false or undefined for OSSM 3/);
    expect(() => synth({ operators: { elasticsearch: true } })).toThrow(/operators\.elasticsearch true is not valid/);
    expect(() => synth({ ossmVersion: OssmVersion.V2_6, ossm3: { version: 'v1.28-latest' } })).toThrow(/mesh-base: ossm3 .* is not valid\. Allowed: undefined for OSSM 2\.6/);
    expect(() => synth({ ossmVersion: '4' as OssmVersion })).toThrow(/mesh-base: ossmVersion "4" is not valid/);
  });

  test('the 2.6 members of the chart: controlPlane and memberRoll say what to use instead; the platform-neutral ones work', () => {
    const chart = new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: V3 });
    expect(() => chart.controlPlane).toThrow(/mesh-base: controlPlane is the OSSM 2\.6 ServiceMeshControlPlane, and this chart emits OSSM 3: use meshControlPlane/);
    expect(() => chart.memberRoll).toThrow(/use addMembers, addExistingNamespace and members of the chart/);
    expect(chart.meshControlPlane).toBe(chart.sailControlPlane);
    expect(chart.controlPlaneNamespace).toBe('istio-system');
    expect(chart.ingressGateway).toBeInstanceOf(MeshIngressGateway);
    const v26 = new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: OssmVersion.V2_6 });
    expect(v26.controlPlane).toBe(v26.maistraControlPlane);
    expect(v26.meshControlPlane).toBe(v26.maistraControlPlane);
    expect(v26.sailControlPlane).toBeUndefined();
  });

  test('carried over from the 2.6 description: namespace, access log, trace sampling; Kiali off drops the Kiali resource', () => {
    const objects = synth({
      controlPlane: { namespace: 'mesh-system', accessLogFile: '/tmp/access.log', tracingSampling: 2500, kiali: false, prometheus: false },
      ossm3: { tracing: { service: 'zipkin.tracing.svc.cluster.local', protocol: TracingProtocol.ZIPKIN } },
    });
    const istio = find(objects, 'Istio', 'default');
    expect(istio.spec.namespace).toBe('mesh-system');
    expect(istio.spec.values.meshConfig).toMatchObject({ accessLogFile: '/tmp/access.log', extensionProviders: [{ name: 'zipkin', zipkin: { service: 'zipkin.tracing.svc.cluster.local', port: 9411 } }] });
    expect(find(objects, 'Telemetry', 'mesh-default', 'mesh-system').spec.tracing[0].randomSamplingPercentage).toBe(25);
    expect(objects.filter((o) => o.kind === 'Kiali' || o.kind === 'ClusterRoleBinding')).toEqual([]);
    expect(find(objects, 'Namespace', 'mesh-system').metadata.labels).toEqual({ 'istio-discovery': 'enabled' });
    expect(find(synth({ controlPlane: { accessLogging: false } }), 'Istio', 'default').spec.values.meshConfig.accessLogFile).toBeUndefined();
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('settings with no counterpart are each named once; switched off, they are silent', () => {
    const chart = new MeshBaseChart(new App(), 'mesh-base', {
      ossmVersion: V3,
      controlPlane: { grafana: false, openshiftRoute: false, tracing: TracingType.NONE, kiali: false, prometheus: false, policyType: 'None', profiles: ['small'] },
    });
    expect(synthWarningsOf(chart).map((w) => w.message)).toEqual([
      expect.stringMatching(/^controlPlane\.policyType \(None\) has no OSSM 3 counterpart/),
      expect.stringMatching(/^controlPlane\.profiles \(small\) has no OSSM 3 counterpart/),
    ]);
  });

  test('an Istio of another name: injection by istio.io/rev, and discovery labels of one\'s own', () => {
    const chart = new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: V3, ossm3: { name: 'tenant-a', discoveryLabels: { tenant: 'a' }, version: 'v1.28.10' } });
    const cp = chart.sailControlPlane!;
    expect(cp.membership.namespaceLabels).toEqual({ tenant: 'a', 'istio.io/rev': 'tenant-a' });
    const objects = Testing.synth(chart);
    expect(find(objects, 'Istio', 'tenant-a').spec).toMatchObject({ version: 'v1.28.10', values: { meshConfig: { discoverySelectors: [{ matchLabels: { tenant: 'a' } }] } } });
    expect(find(objects, 'IstioCNI', 'default').spec.version).toBe('v1.28.10');
    expect(find(objects, 'Namespace', 'istio-ingress').metadata.labels).toEqual({ tenant: 'a', 'istio.io/rev': 'tenant-a' });
  });

  test.each<[MeshBaseChartProps['ossm3'], RegExp]>([
    [{ version: 'v1.20.8' }, /mesh-base\/ControlPlane: version "v1\.20\.8" is not valid\. Allowed: .*v1\.30-latest.*OSSM 3\.4 operator/],
    [{ name: 'Default' }, /mesh-base\/ControlPlane: name "Default" is not valid/],
    [{ discoveryLabels: {} }, /discoveryLabels \{\} is not valid\. Allowed: at least one label/],
    [{ discoveryLabels: { 'istio-injection': 'enabled' } }, /Allowed: labels other than the injection label "istio-injection"/],
    [{ tracing: { service: 'otel collector' } }, /tracing\.service "otel collector" is not valid/],
    [{ tracing: { service: 'otel', samplingPercentage: 101 } }, /tracing\.samplingPercentage 101 is not valid/],
    [{ tracing: 'otel' as any }, /mesh-base: ossm3\.tracing "otel" is not valid/],
    [{ ingressGatewayNamespace: 'Ingress' }, /ingressGatewayNamespace "Ingress" is not valid/],
  ])('refuses ossm3 %j', (ossm3, message) => {
    expect(() => synth({ ossm3 })).toThrow(message);
  });
});
