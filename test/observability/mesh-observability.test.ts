// OSSM 3 observability: metrics for user-workload monitoring, Tempo through OpenTelemetry, the user-workload switch.
import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  MeshBaseChart, MeshBaseChartProps, MeshMetrics, MeshTracing, OssmVersion, synthWarningsOf, TracingType, travelsWorkshopOptionsFromEnv,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { stageOf } from '../../lib/synth/stages';
import { validateAll } from '../support/crd-schema';
import { find } from '../support/objects';

const V3 = OssmVersion.V3;
const chartOf = (props: MeshBaseChartProps = {}) => new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: V3, ...props });
const synth = (props: MeshBaseChartProps = {}): KubeObject[] => Testing.synth(chartOf(props));
const kinds = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const members = (...namespaces: string[]) => ({ memberNamespaces: namespaces });

describe('metrics', () => {
  test('a ServiceMonitor for istiod and a PodMonitor per namespace with proxies: the gateway\'s and every member, added at any time', () => {
    const chart = chartOf({ members: [members('travel-agency')] });
    const apps = new Chart(chart.node.root, 'apps');
    for (const name of ['travel-agency', 'travel-portal']) {
      new k8s.KubeNamespace(apps, name, { metadata: { name, labels: { ...chart.sailControlPlane!.membership.namespaceLabels } } });
    }
    chart.addMembers(members('travel-portal', 'travel-agency'));
    chart.addExistingNamespace('legacy');
    const objects = Testing.synth(chart);
    expect(find(objects, 'ServiceMonitor', 'istiod-monitor', 'istio-system').spec).toEqual({
      targetLabels: ['app'], selector: { matchLabels: { istio: 'pilot' } }, endpoints: [{ port: 'http-monitoring', interval: '30s' }],
    });
    const podMonitors = kinds(objects, 'PodMonitor');
    expect(podMonitors.map((m) => m.metadata.namespace)).toEqual(['istio-ingress', 'travel-agency', 'travel-portal', 'legacy']);
    expect(podMonitors.every((m) => m.metadata.name === 'istio-proxies-monitor')).toBe(true);
    const endpoint = podMonitors[0].spec.podMetricsEndpoints[0];
    expect(endpoint).toMatchObject({ port: 'http-envoy-prom', path: '/stats/prometheus', interval: '30s' });
    expect(endpoint.relabelings[0]).toEqual({ action: 'keep', sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: 'istio-proxy' });
    expect(endpoint.relabelings.map((r: { targetLabel?: string }) => r.targetLabel)).toEqual([undefined, 'app', 'version', 'namespace']);
    expect(validateAll(objects, '3')).toEqual([]);
    expect(chart.metrics!.namespaces).toEqual(['istio-ingress', 'travel-agency', 'travel-portal', 'legacy']);
  });

  test('metrics: false writes no monitor; a member with a bad name is left to the member list\'s synth error', () => {
    expect(kinds(synth({ observability: { metrics: false } }), 'PodMonitor')).toEqual([]);
    expect(kinds(synth({ observability: { metrics: false } }), 'ServiceMonitor')).toEqual([]);
    const chart = chartOf();
    chart.addMembers(members('Bad_Name'));
    expect(chart.metrics!.namespaces).toEqual(['istio-ingress']);
  });

  test('MeshMetrics refuses a bad interval or namespace, naming the construct path and the value', () => {
    expect(() => new MeshMetrics(Testing.chart(), 'metrics', { interval: '30 seconds' })).toThrow(/metrics: interval "30 seconds" is not valid\. Allowed: a Prometheus duration/);
    expect(() => new MeshMetrics(Testing.chart(), 'metrics', { interval: '0' })).toThrow(/interval "0" is not valid/);
    expect(() => new MeshMetrics(Testing.chart(), 'metrics', { namespaces: ['Bad'] })).toThrow(/metrics: namespace "Bad" is not valid/);
  });
});

describe('tracing', () => {
  test('Tempo asked for while the control plane\'s tracing is off is refused, naming both settings (never a silent override)', () => {
    expect(() => chartOf({ controlPlane: { tracing: TracingType.NONE }, observability: { tracing: MeshTracing.TEMPO } }))
      .toThrow(/^mesh-base\/Observability: tracing "tempo" is not valid\. Allowed: MeshTracing\.NONE or undefined while the control plane's tracing is off/);
    expect(kinds(synth({ controlPlane: { tracing: TracingType.NONE } }), 'TempoMonolithic')).toEqual([]);
  });

  test('Tempo by default, as the workshop traces: Subscriptions, TempoMonolithic, collector, provider, Telemetry at 100 %, Kiali reading Tempo', () => {
    const objects = synth();
    expect(kinds(objects, 'Subscription').map((s) => s.spec.name)).toEqual(['tempo-product', 'opentelemetry-product', 'kiali-ossm', 'servicemeshoperator3']);
    expect(find(objects, 'Namespace', 'tempo')).toBeDefined();
    expect(find(objects, 'TempoMonolithic', 'sample', 'tempo').spec).toEqual({ storage: { traces: { backend: 'memory' } }, jaegerui: { enabled: true, route: { enabled: true } } });
    const collector = find(objects, 'OpenTelemetryCollector', 'otel', 'istio-system');
    expect(collector.apiVersion).toBe('opentelemetry.io/v1beta1');
    expect(collector.spec.config.exporters.otlp.endpoint).toBe('tempo-sample.tempo.svc.cluster.local:4317');
    expect(collector.spec.config.service.pipelines.traces).toEqual({ receivers: ['otlp'], exporters: ['otlp'] });
    expect(find(objects, 'Istio', 'default').spec.values.meshConfig.extensionProviders).toEqual([
      { name: 'otel', opentelemetry: { service: 'otel-collector.istio-system.svc.cluster.local', port: 4317 } },
    ]);
    expect(find(objects, 'Telemetry', 'mesh-default', 'istio-system').spec).toEqual({ tracing: [{ providers: [{ name: 'otel' }], randomSamplingPercentage: 100 }] });
    expect(find(objects, 'Kiali', 'kiali', 'istio-system').spec.external_services.tracing).toMatchObject({
      enabled: true, provider: 'tempo', internal_url: 'http://tempo-sample.tempo.svc.cluster.local:3200',
    });
    expect(validateAll(objects, '3')).toEqual([]);
    // the workshop's Jaeger is carried over to Tempo: no warning that it is lost
    expect(synthWarningsOf(chartOf()).map((w) => w.message).filter((m) => m.includes('tracing (Jaeger)'))).toEqual([]);
  });

  test.each<[string, MeshBaseChartProps]>([
    ['MeshTracing.NONE', { observability: { tracing: MeshTracing.NONE } }],
    ['the control plane\'s tracing off (MESH_TRACING=none)', { controlPlane: { tracing: TracingType.NONE } }],
  ])('%s writes none of it', (_, props) => {
    const objects = synth(props);
    expect(objects.filter((o) => /tempo\.grafana\.com|opentelemetry\.io|telemetry\.istio\.io/.test(o.apiVersion))).toEqual([]);
    expect(kinds(objects, 'Subscription').map((s) => s.spec.name)).toEqual(['kiali-ossm', 'servicemeshoperator3']);
    expect(objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'tempo')).toBeUndefined();
    expect(find(objects, 'Istio', 'default').spec.values.meshConfig.extensionProviders).toBeUndefined();
    expect(find(objects, 'Kiali', 'kiali', 'istio-system').spec.external_services.tracing).toEqual({ enabled: false });
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('a collector of one\'s own replaces Tempo; Tempo settings and a persistent store', () => {
    const own = synth({ ossm3: { tracing: { service: 'collector.obs.svc.cluster.local' } } });
    expect(own.filter((o) => /tempo\.grafana\.com|opentelemetry\.io/.test(o.apiVersion))).toEqual([]);
    expect(() => synth({ ossm3: { tracing: { service: 'collector.obs.svc.cluster.local' } }, observability: { tracing: MeshTracing.TEMPO } }))
      .toThrow(/mesh-base\/Observability: tracing "tempo" is not valid\. Allowed: MeshTracing\.NONE or undefined with a collector of your own/);
    const objects = synth({ observability: { tempo: { namespace: 'tracing', name: 'mesh', persistent: true } } });
    expect(find(objects, 'TempoMonolithic', 'mesh', 'tracing').spec.storage).toEqual({ traces: { backend: 'pv' } });
    expect(find(objects, 'OpenTelemetryCollector', 'otel', 'istio-system').spec.config.exporters.otlp.endpoint).toBe('tempo-mesh.tracing.svc.cluster.local:4317');
    expect(() => synth({ observability: { tracing: MeshTracing.NONE, tempo: {} } })).toThrow(/tempo \{\} is not valid\. Allowed: undefined unless tracing is MeshTracing\.TEMPO/);
    expect(() => synth({ observability: { tracing: 'jaeger' as MeshTracing } })).toThrow(/tracing "jaeger" is not valid/);
  });

  test('stages: the operators first; Tempo and the collector (CRDs of those operators) with the control plane; monitors with the apps', () => {
    const objects = synth();
    const folder = (kind: string) => stageOf(objects.find((o) => o.kind === kind)!).folder;
    expect(folder('Subscription')).toBe('00-operators');
    expect(['TempoMonolithic', 'OpenTelemetryCollector', 'Istio'].map(folder)).toEqual(['01-control-plane', '01-control-plane', '01-control-plane']);
    expect(['ServiceMonitor', 'PodMonitor'].map(folder)).toEqual(['02-apps', '02-apps']);
  });
});

describe('user-workload monitoring', () => {
  test('not written unless asked: a warning tells the cluster admin what to do', () => {
    const chart = chartOf();
    const objects = Testing.synth(chart);
    expect(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'cluster-monitoring-config')).toBeUndefined();
    expect(synthWarningsOf(chart).map((w) => w.message)).toContainEqual(expect.stringMatching(
      /user-workload monitoring.*oc -n openshift-monitoring edit configmap cluster-monitoring-config.*enableUserWorkload: true.*MESH_USER_WORKLOAD_MONITORING=true/));
  });

  test('asked for: the ConfigMap with only the switch, and a warning that it replaces the cluster\'s other settings', () => {
    const chart = chartOf({ observability: { userWorkloadMonitoring: true } });
    const objects = Testing.synth(chart);
    expect(find(objects, 'ConfigMap', 'cluster-monitoring-config', 'openshift-monitoring').data).toEqual({ 'config.yaml': 'enableUserWorkload: true\n' });
    const warnings = synthWarningsOf(chart).map((w) => w.message);
    expect(warnings).toContainEqual(expect.stringMatching(/writes openshift-monitoring\/cluster-monitoring-config with only `enableUserWorkload: true`: applying it replaces/));
    expect(warnings.filter((m) => m.startsWith('Kiali shows no traffic'))).toEqual([]);
  });

  test('observability is refused on OSSM 2.6, whose control plane brings its own Prometheus and Jaeger', () => {
    expect(() => synth({ ossmVersion: OssmVersion.V2_6, observability: {} })).toThrow(/mesh-base: observability \{\} is not valid\. Allowed: undefined for OSSM 2\.6/);
  });
});

describe('the environment', () => {
  const env = (vars: Record<string, string>) => travelsWorkshopOptionsFromEnv({ CLUSTER_BASE_DOMAIN: 'example.com', OSSM_VERSION: '3', ...vars });

  test('MESH_TRACING=tempo|none, MESH_USER_WORKLOAD_MONITORING, MESH_UPDATE_STRATEGY', () => {
    expect(env({ MESH_TRACING: 'tempo' }).observability).toEqual({ tracing: MeshTracing.TEMPO });
    expect(env({ MESH_TRACING: 'none' })).toMatchObject({ controlPlane: { tracing: TracingType.NONE } });
    expect(env({ MESH_TRACING: 'none' }).observability).toBeUndefined();
    expect(env({ MESH_USER_WORKLOAD_MONITORING: 'true' }).observability).toEqual({ userWorkloadMonitoring: true });
    expect(env({ MESH_UPDATE_STRATEGY: 'RevisionBased' }).ossm3).toEqual({ updateStrategy: 'RevisionBased' });
    expect(env({}).observability).toBeUndefined();
    expect(env({}).ossm3).toBeUndefined();
    expect(() => env({ MESH_TRACING: 'zipkin' })).toThrow(/MESH_TRACING="zipkin" is not valid\. Allowed: jaeger .*, tempo .*, none/);
    expect(() => env({ MESH_UPDATE_STRATEGY: 'Canary' })).toThrow(/MESH_UPDATE_STRATEGY="Canary" is not valid\. Allowed: InPlace .*RevisionBased/);
    expect(() => env({ MESH_USER_WORKLOAD_MONITORING: 'yes' })).toThrow(/MESH_USER_WORKLOAD_MONITORING="yes" is not valid/);
    // OSSM 3 only, refused by name with OSSM_VERSION=2.6
    expect(() => env({ OSSM_VERSION: '2.6', MESH_TRACING: 'tempo', MESH_UPDATE_STRATEGY: 'InPlace' })).toThrow(
      /MESH_TRACING="tempo" is not valid\. Allowed with OSSM_VERSION=2\.6: unset.*\nMESH_UPDATE_STRATEGY="InPlace" is not valid/);
    expect(env({ OSSM_VERSION: '2.6', MESH_TRACING: 'none' }).controlPlane).toEqual({ tracing: TracingType.NONE });
  });
});
