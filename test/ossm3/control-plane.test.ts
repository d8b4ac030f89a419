// SailControlPlane: OSSM 3's Istio and IstioCNI (and a Telemetry for tracing), on its own.
import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { OssmVersion, SailControlPlane, SailControlPlaneProps, TracingProtocol } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';

const V3 = OssmVersion.V3;
const synth = (props: SailControlPlaneProps = {}): KubeObject[] => {
  const chart = Testing.chart();
  new SailControlPlane(chart, 'cp', props);
  return Testing.synth(chart);
};

describe('SailControlPlane', () => {
  test('SailControlPlane alone states the OSSM 3 facts the other constructs need', () => {
    const cp = new SailControlPlane(Testing.chart(), 'cp', { namespace: 'mesh' });
    expect([cp.ossmVersion, cp.istioApiVersion, cp.createsGatewayRoutes, cp.zipkinAddress]).toEqual([V3, 'v1', false, undefined]);
    expect(cp.ingressGateway).toEqual({ namespace: 'istio-ingress', selector: { istio: 'ingressgateway' }, serviceName: 'istio-ingressgateway', httpPortName: 'http2', httpsPortName: 'https' });
    expect(cp.membership).toEqual({
      namespaceLabels: { 'istio-discovery': 'enabled', 'istio-injection': 'enabled' },
      injectedPodLabels: { 'sidecar.istio.io/inject': 'true' },
      uninjectedPodLabels: { 'sidecar.istio.io/inject': 'false' },
    });
  });

  test('defaults: the Istio default (InPlace, v1.30-latest, discovery selectors, access log) and the IstioCNI default in istio-cni', () => {
    const objects = synth();
    expect(objects).toEqual([
      {
        apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'default' },
        spec: {
          namespace: 'istio-system', version: 'v1.30-latest', updateStrategy: { type: 'InPlace' },
          values: { meshConfig: { accessLogFile: '/dev/stdout', discoverySelectors: [{ matchLabels: { 'istio-discovery': 'enabled' } }] } },
        },
      },
      { apiVersion: 'sailoperator.io/v1', kind: 'IstioCNI', metadata: { name: 'default' }, spec: { namespace: 'istio-cni', version: 'v1.30-latest' } },
    ]);
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('tracing: an extension provider and a mesh-wide Telemetry that samples as configured', () => {
    const objects = synth({ tracing: { service: 'otel-collector.observability.svc.cluster.local' } });
    const istio = objects.find((o) => o.kind === 'Istio')!;
    expect(istio.spec.values.meshConfig.extensionProviders).toEqual([{ name: 'otel', opentelemetry: { service: 'otel-collector.observability.svc.cluster.local', port: 4317 } }]);
    const telemetry = objects.find((o) => o.kind === 'Telemetry')!;
    expect(telemetry.metadata).toEqual({ name: 'mesh-default', namespace: 'istio-system' });
    expect(telemetry.spec.tracing[0].providers).toEqual([{ name: 'otel' }]);
    const zipkin = synth({ tracing: { service: 'zipkin.observability.svc.cluster.local', protocol: TracingProtocol.ZIPKIN } });
    expect(zipkin.find((o) => o.kind === 'Istio')!.spec.values.meshConfig.extensionProviders).toEqual([{ name: 'zipkin', zipkin: { service: 'zipkin.observability.svc.cluster.local', port: 9411 } }]);
    expect(validateAll([...objects, ...zipkin], '3')).toEqual([]);
  });

  test('another name is another revision: namespaces are labelled istio.io/rev instead of istio-injection', () => {
    const cp = new SailControlPlane(Testing.chart(), 'cp', { name: 'canary', discoveryLabels: { mesh: 'travels' } });
    expect(cp.membership.namespaceLabels).toEqual({ 'mesh': 'travels', 'istio.io/rev': 'canary' });
  });

  test('its members must be created with the membership labels, or declared as existing', () => {
    const app = new App();
    const apps = Object.assign(new Chart(app, 'apps'), { memberNamespaces: ['shop'] });
    new k8s.KubeNamespace(apps, 'ns', { metadata: { name: 'shop' } });
    const cp = new SailControlPlane(new Chart(app, 'mesh'), 'cp', { members: [apps] });
    expect(() => synthesizeApp(app)).toThrow('mesh/cp: namespace "shop" (created by apps/ns) is not valid. Allowed: a namespace labelled '
      + 'istio-discovery=enabled, istio-injection=enabled, since a member namespace must be discoverable and injected');

    const fixed = new App();
    const labelled = Object.assign(new Chart(fixed, 'apps'), { memberNamespaces: ['shop', 'bookinfo'] });
    new k8s.KubeNamespace(labelled, 'ns', { metadata: { name: 'shop', labels: { ...cp.membership.namespaceLabels } } });
    new SailControlPlane(new Chart(fixed, 'mesh'), 'cp', { members: [labelled] }).addExistingNamespace('bookinfo');
    expect(synthesizeApp(fixed).map((c) => c.name)).toEqual(['apps', 'mesh']);
  });

  test.each<[SailControlPlaneProps, RegExp]>([
    [{ version: 'v1.20.0' }, /cp: version "v1\.20\.0" is not valid/],
    [{ discoveryLabels: {} }, /cp: discoveryLabels \{\} is not valid\. Allowed: at least one label/],
    [{ discoveryLabels: { 'istio-injection': 'enabled' } }, /cp: discoveryLabels .* is not valid\. Allowed: labels other than the injection label "istio-injection"/],
    [{ cniNamespace: 'CNI' }, /cp: cniNamespace "CNI" is not valid/],
    [{ accessLogFile: 'stdout' }, /cp: accessLogFile "stdout" is not valid/],
  ])('refuses %j, naming the construct path and the value', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
