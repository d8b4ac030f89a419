/**
 * Every exported chart and construct, as a fuzz target. Add new constructs here (their generators in
 * arbitraries.ts); fuzz.test.ts runs every target of {@link TARGETS}.
 */
import fc from 'fast-check';
import { Chart, ChartProps, Duration } from 'cdk8s';
import { stringify } from 'yaml';
import {
  AppOfApps, ArgoCdConfigMapHealthChecks, AuthorizationAction, buildTravelsWorkshop, CircuitBreakerChart, DEFAULT_MESH_CONTROL_PLANE, FaultInjectionChart,
  FleetApplicationSet,
  fleetFromYaml, HeaderRoutingChart, ImagePullPolicy, InstallPlanApproval, ISTIO_HEALTH_CHECK, KialiWizard, MESH_HEALTH_CHECKS,
  Mesh, MeshAuthorizationPolicy, MeshBaseChart, MeshDeployment, MeshIngress, MeshIngressGateway, MeshMember, MeshPeerAuthentication, MeshService, MeshTracing,
  MtlsMode, OpenShiftGitOpsHealthChecks, RouteTermination, OperatorSubscription, OssmVersion, RequestRoutingChart, RequestTimeoutsChart, SAIL_ISTIO_VERSIONS,
  SailControlPlane, ServiceDestinationRule, ServiceRouting, StageApplication, TcpTrafficShiftingChart, TracingProtocol, TracingType,
  TrafficRouting, TravelAgency, TravelsAppsChart, TravelsLoadTester, UpdateStrategy, WeightedRoutingChart, WorkloadVersionOptions, WORKSHOP_STEPS,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import {
  backoff, bool, chartProps, dnsLabel, dnsSubdomain as subdomain, duration, envName, headerMatch, headerName, host, httpRoute, integer, labelValue, mapOf,
  mostly, name, optional, percentage, port, qualifiedName, repoPath, repoUrl, revision, sometimes, trafficPolicy, uriMatch, versions, weightsOver,
} from './arbitraries';
import { FuzzTarget } from './check';

/** A reference to a service made elsewhere, built inside the target so its own errors are checked too. */
const serviceRef = () => fc.record({ name: name(), namespace: name(), port: port(), versions: versions() });
/** A valid reference, for targets whose own props already make most inputs invalid (the reference is fuzzed elsewhere). */
const validServiceRef = () => fc.record({ name: dnsLabel(), namespace: dnsLabel(), port: fc.integer({ min: 1, max: 65535 }), versions: fc.constantFrom(['v1', 'v2', 'v3'], ['v1']) });
type ServiceRef = { name: string; namespace: string; port: number; versions: string[] };
const referenced = (s: ServiceRef) => MeshService.fromServiceName(s.name, s.namespace, { port: s.port, versions: s.versions });

const securityContexts = () => fc.oneof(
  { arbitrary: fc.constantFrom<WorkloadVersionOptions['containerSecurityContext']>(undefined, false, { readOnlyRootFilesystem: false }, { runAsUser: 1000 }), weight: 6 },
  {
    arbitrary: fc.constantFrom<WorkloadVersionOptions['containerSecurityContext']>({ privileged: true }, { runAsUser: 0 },
      { capabilities: { add: ['NET_ADMIN'] } }, { capabilities: { drop: ['NET_RAW'] } }, { allowPrivilegeEscalation: true }),
    weight: 2,
  },
);

/** The options of one workload version. */
const workloadVersion = (): fc.Arbitrary<WorkloadVersionOptions> => fc.record({
  version: fc.oneof({ arbitrary: fc.constantFrom('v1', 'v2', 'v3'), weight: 5 }, { arbitrary: name(), weight: 2 }),
  image: mostly(fc.constantFrom('quay.io/kiali/demo_travels_cars:v1', 'nginx'), fc.constantFrom('', 'a b', ' nginx')),
  name: optional(name()),
  containerName: optional(name()),
  containerPort: optional(port()),
  env: optional(mapOf(envName(), fc.oneof(fc.string({ maxLength: 8 }), fc.record({ secretName: name(), key: mostly(dnsLabel(), fc.constantFrom('', 'a b')) })))),
  args: optional(fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 })),
  command: optional(mostly(fc.array(fc.constantFrom('/bin/sleep', 'infinity', 'sh', '-c'), { minLength: 1, maxLength: 3 }), fc.constantFrom([], [''], ['sh', '']))),
  replicas: optional(integer(0, 1000)),
  imagePullPolicy: optional(mostly(fc.constantFrom(...Object.values(ImagePullPolicy)), fc.constantFrom('always' as ImagePullPolicy))),
  podAnnotations: optional(mapOf(qualifiedName(), fc.string({ maxLength: 10 }))),
  deploymentLabels: optional(mapOf(qualifiedName(), labelValue())),
  containerSecurityContext: securityContexts(),
  podSecurityContext: optional(mostly(fc.constantFrom({ runAsUser: 1000 }, { fsGroup: 2000 }), fc.constantFrom({ runAsUser: 0 }, { runAsNonRoot: false }))),
  unrestrictedReason: optional(mostly(fc.constant('node agent, reviewed'), fc.constantFrom(' ', ''))),
  emptyDirs: optional(fc.array(fc.record({ name: name(), mountPath: mostly(fc.constantFrom('/data', '/tmp', '/var/lib/x'), fc.constantFrom('', 'rel', '/a/../b', '/data/', 'c:d')) }), { maxLength: 3 })),
  serviceAccountName: optional(mostly(dnsSubdomain(), fc.constantFrom('Bad_SA', ''))),
  sidecarInjection: optional(bool()),
}, { requiredKeys: ['version', 'image', 'containerSecurityContext'] });

function dnsSubdomain() {
  return fc.array(dnsLabel(), { minLength: 1, maxLength: 2 }).map((p) => p.join('.'));
}

/** Whether every header of every rule made it into the VirtualService (a dropped header widens the match). */
function headersKept(expected: Array<string[] | undefined>, objects: KubeObject[]): string[] {
  const vs = objects.find((o) => o.kind === 'VirtualService');
  if (!vs) return ['no VirtualService'];
  return expected.flatMap((names, i) => {
    const got = Object.keys(vs.spec.http[i]?.match?.[0]?.headers ?? {}).sort();
    const want = [...(names ?? [])].sort();
    return JSON.stringify(got) === JSON.stringify(want) ? [] : [`rule ${i} matches headers ${JSON.stringify(got)}, not ${JSON.stringify(want)}`];
  });
}

const headerRouting: FuzzTarget<{ service: ServiceRef; rules: Array<{ header: string; match: any; version: string }>; defaultRoute?: string }> = {
  name: 'HeaderRoutingChart',
  props: serviceRef().chain((service) => {
    const version = mostly(fc.constantFrom(...(service.versions.length ? service.versions : ['v1'])), fc.constantFrom('v9', 'V1', ''));
    return fc.record({
      service: fc.constant(service),
      rules: fc.array(fc.record({ header: headerName(), match: headerMatch(), version }), { maxLength: 3 }),
      defaultRoute: optional(version),
    }, { requiredKeys: ['service', 'rules'] });
  }),
  build: (app, p) => { new HeaderRoutingChart(app, 'hr', { service: referenced(p.service), rules: p.rules, defaultRoute: p.defaultRoute }); },
  invariants: (p, objects) => headersKept([...p.rules.map((r) => [r.header]), ...(p.defaultRoute ? [undefined] : [])], objects),
};

const weightedRouting: FuzzTarget<{ service: ServiceRef; weights?: Array<{ version: string; weight: number }>; mirror?: any; trafficPolicy?: any; peerAuthentication?: MtlsMode }> = {
  name: 'WeightedRoutingChart',
  props: serviceRef().chain((service) => fc.record({
    service: fc.constant(service), weights: optional(weightsOver(service.versions)),
    mirror: optional(fc.record({ version: optional(fc.constantFrom(...service.versions, 'v9')), percentage: optional(percentage()) })),
    trafficPolicy: optional(trafficPolicy()), peerAuthentication: optional(mostly(fc.constantFrom(...Object.values(MtlsMode)), fc.constantFrom('strict' as MtlsMode))),
  }, { requiredKeys: ['service'] })),
  build: (app, p) => { new WeightedRoutingChart(app, 'wr', { ...p, service: referenced(p.service) }); },
};

const faultInjection: FuzzTarget<{ service: ServiceRef; abort?: any; delay?: any; headers?: Record<string, any>; route?: any }> = {
  name: 'FaultInjectionChart',
  props: serviceRef().chain((service) => fc.record({
    service: fc.constant(service),
    abort: optional(fc.record({ percentage: percentage(), httpStatus: integer(200, 599) })),
    delay: optional(fc.record({ percentage: percentage(), fixedDelay: duration() })),
    headers: optional(mapOf(headerName(), headerMatch(), 2)),
    route: optional(weightsOver(service.versions)),
  }, { requiredKeys: ['service'] })),
  build: (app, p) => { new FaultInjectionChart(app, 'fi', { service: referenced(p.service), abort: p.abort, delay: p.delay, headers: p.headers, route: p.route }); },
  invariants: (p, objects) => headersKept(p.headers === undefined ? [undefined] : [Object.keys(p.headers), undefined], objects),
};

const circuitBreaker: FuzzTarget<{ service: ServiceRef; weights?: any; connectionPool?: any; outlierDetection?: any }> = {
  name: 'CircuitBreakerChart',
  props: serviceRef().chain((service) => fc.record({
    service: fc.constant(service),
    weights: optional(weightsOver(service.versions)),
    connectionPool: optional(fc.record({ maxConnections: optional(integer(1, 2 ** 31 - 1)), http1MaxPendingRequests: optional(integer(1, 1000)), maxRequestsPerConnection: optional(integer(1, 1000)) })),
    outlierDetection: optional(fc.record({
      consecutive5xxErrors: optional(integer(1, 100)), consecutiveGatewayErrors: optional(integer(1, 100)),
      interval: optional(duration()), baseEjectionTime: optional(duration()), maxEjectionPercent: optional(integer(1, 100)),
    })),
  }, { requiredKeys: ['service'] })),
  build: (app, p) => { new CircuitBreakerChart(app, 'cb', { service: referenced(p.service), weights: p.weights, connectionPool: p.connectionPool, outlierDetection: p.outlierDetection }); },
};

const serviceRouting: FuzzTarget<{ service: ServiceRef; wizard: KialiWizard; rules: any[] }> = {
  name: 'ServiceRouting',
  props: serviceRef().chain((service) => fc.record({
    service: fc.constant(service),
    wizard: mostly(fc.constantFrom(...Object.values(KialiWizard)), fc.constantFrom('wizard' as KialiWizard)),
    rules: fc.array(fc.record({ headers: optional(mapOf(headerName(), headerMatch(), 2)), route: weightsOver(service.versions) }, { requiredKeys: ['route'] }), { maxLength: 3 }),
  })),
  build: (app, p) => { new ServiceRouting(new Chart(app, 'c'), 'r', { service: referenced(p.service), wizard: p.wizard, rules: p.rules }); },
};

const meshService: FuzzTarget<{
  name: string; namespace: string; port: { number: number; name?: string; targetPort?: number }; versions: WorkloadVersionOptions[];
  labels?: Record<string, string>; serviceAccountName?: string;
}> = {
  name: 'MeshService and MeshDeployment',
  props: fc.record({
    name: name(), namespace: name(), labels: optional(mapOf(qualifiedName(), labelValue(), 2)),
    port: fc.record({ number: port(), name: optional(mostly(fc.constantFrom('http', 'tcp', 'grpc-web'), fc.constantFrom('HTTP', ''))), targetPort: optional(port()) }, { requiredKeys: ['number'] }),
    versions: fc.array(workloadVersion(), { maxLength: 3 }),
    serviceAccountName: optional(mostly(dnsSubdomain(), fc.constantFrom('Bad_SA', ''))),
  }, { requiredKeys: ['name', 'namespace', 'port', 'versions'] }),
  build: (app, p) => { new MeshService(new Chart(app, 'c'), 'svc', p); },
  invariants: (p, objects) => p.versions.flatMap((v) => {
    const d = objects.find((o) => o.kind === 'Deployment' && o.spec.template.metadata.labels.version === v.version);
    if (!d) return [`no Deployment for version ${v.version}`];
    const want = Object.keys(v.deploymentLabels ?? {}).length;
    return Object.keys(d.metadata?.labels ?? {}).length === want ? [] : [`Deployment ${d.metadata?.name} has not the ${want} labels given`];
  }),
};

const meshDeployment: FuzzTarget<WorkloadVersionOptions & { namespace: string; app: string }> = {
  name: 'MeshDeployment',
  props: fc.record({ namespace: name(), app: name(), options: workloadVersion() }).map(({ namespace, app, options }) => ({ ...options, namespace, app })),
  build: (app, p) => { new MeshDeployment(new Chart(app, 'c'), 'd', p); },
};

const meshIngress: FuzzTarget<any> = {
  name: 'MeshIngress',
  props: fc.record({
    service: serviceRef(), host: mostly(host(), fc.constantFrom('*', '*.example.com')), hosts: sometimes(fc.array(host(), { maxLength: 2 })),
    gatewayName: optional(name()), gatewaySelector: sometimes(mapOf(qualifiedName(), labelValue(), 2)),
    gatewayPort: optional(port()), createRoute: optional(bool()), ingressGatewayNamespace: optional(name()), ingressGatewayService: optional(name()),
    virtualServiceName: optional(name()), paths: sometimes(fc.array(uriMatch(), { maxLength: 3 })),
    tls: sometimes(fc.record({ credentialName: name(), port: optional(port()), httpsRedirect: optional(bool()) }, { requiredKeys: ['credentialName'] })),
    existingGateway: sometimes(mostly(fc.constantFrom('istio-system/shared-gateway', 'apps/gw'), fc.constantFrom('gw', 'a/b/c', 'A/b'))),
    routeTls: sometimes(fc.record({
      termination: mostly(fc.constantFrom(...Object.values(RouteTermination)), fc.constantFrom('insecure' as RouteTermination)),
      redirectHttp: optional(bool()),
      destinationCaCertificate: sometimes(mostly(fc.constant('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'), fc.constantFrom('', 'abc'))),
    }, { requiredKeys: ['termination'] })),
  }, { requiredKeys: ['service', 'host'] }),
  build: (app, p) => { new MeshIngress(new Chart(app, 'c'), 'ingress', { ...p, service: referenced(p.service) }); },
};

const operatorSubscription: FuzzTarget<any> = {
  name: 'OperatorSubscription',
  props: fc.record({
    packageName: name(), name: optional(name()), namespace: optional(name()), channel: optional(mostly(fc.constantFrom('stable', 'stable-2.6'), fc.constantFrom('has space', '', '-x'))),
    source: optional(name()), sourceNamespace: optional(name()),
    startingCsv: optional(mostly(fc.constantFrom('kiali-operator.v1.89.8'), fc.constantFrom('', 'Kiali', 'a b'))),
    installPlanApproval: optional(mostly(fc.constantFrom(...Object.values(InstallPlanApproval)), fc.constantFrom('manual' as InstallPlanApproval))),
  }, { requiredKeys: ['packageName'] }),
  build: (app, p) => { new OperatorSubscription(new Chart(app, 'c'), 'sub', p); },
};

const meshBase: FuzzTarget<any> = {
  name: 'MeshBaseChart',
  props: fc.record({
    controlPlane: optional(fc.record({
      name: optional(name()), namespace: optional(name()), version: optional(mostly(fc.constantFrom('v2.4', 'v2.5', 'v2.6'), fc.constantFrom('v2.99', '2.6', 'v3.0'))),
      tracing: optional(mostly(fc.constantFrom(...Object.values(TracingType)), fc.constantFrom('Zipkin' as TracingType))),
      tracingSampling: optional(integer(0, 10000)), jaegerStorage: optional(mostly(fc.constantFrom('Memory', 'Elasticsearch'), fc.constantFrom('Disk')) as fc.Arbitrary<any>),
      grafana: optional(bool()), kiali: optional(bool()), prometheus: optional(bool()), openshiftRoute: optional(bool()),
      policyType: optional(mostly(fc.constantFrom('Istiod', 'None'), fc.constantFrom('Mixer', 'Remote', 'istiod'))),
      telemetryType: optional(mostly(fc.constantFrom('Istiod', 'None'), fc.constantFrom('Mixer', 'Remote'))),
      profiles: optional(fc.array(mostly(fc.constantFrom('default', 'small', 'mine'), fc.constantFrom('nosuch', '')), { maxLength: 2 })),
      customProfiles: optional(fc.constantFrom(['mine'], ['Bad Name'])),
      accessLogFile: optional(mostly(fc.constantFrom('/dev/stdout', '/tmp/access.log'), fc.constantFrom('', 'stdout', '/a b'))),
      accessLogging: optional(bool()),
    })),
    operators: optional(fc.record({
      elasticsearch: optional(bool()), jaeger: optional(bool()),
      kialiVersion: fc.oneof(fc.constant(undefined), mostly(fc.constantFrom('1.89.8', 'v1.89.8', '2.4.0-rc.1'), fc.constantFrom('vv1.89.8', '1.89', 'latest', ''))),
      channel: optional(mostly(fc.constantFrom('stable', 'stable-2.6'), fc.constantFrom('has space', ''))),
    })),
    members: optional(fc.array(fc.record({ memberNamespaces: fc.array(name(), { maxLength: 2 }) }), { maxLength: 2 })),
    existing: fc.array(name(), { maxLength: 2 }),
  }, { requiredKeys: ['existing'] }),
  build: (app, p) => {
    const chart = new MeshBaseChart(app, 'mesh', { ossmVersion: OssmVersion.V2_6, controlPlane: p.controlPlane, operators: p.operators, members: p.members });
    for (const ns of p.existing) chart.memberRoll.addExistingNamespace(ns);
  },
  invariants: (p, objects) => {
    const kiali = objects.find((o) => o.kind === 'Subscription' && o.spec.name === 'kiali-ossm');
    const pin = p.operators && 'kialiVersion' in p.operators ? p.operators.kialiVersion : '1.89.8';
    const want = pin === undefined ? undefined : `kiali-operator.v${String(pin).replace(/^v/, '')}`;
    return kiali?.spec.startingCSV === want ? [] : [`startingCSV ${kiali?.spec.startingCSV}, not ${want}`];
  },
};

const travelsApps: FuzzTarget<any> = {
  name: 'TravelsAppsChart',
  weight: 0.5,
  props: fc.record({
    agencyNamespace: optional(name()), portalNamespace: optional(name()), controlNamespace: optional(name()),
    travelsVersions: optional(versions()), loadTester: optional(bool()),
    mysql: optional(fc.record({ rootPassword: optional(mostly(fc.constantFrom('S3cret!', 'password'), fc.constantFrom('', ' x', 'x '))), existingSecretName: optional(name()) })),
    zipkinAddress: optional(mostly(fc.constantFrom('zipkin.istio-system:9411', 'zipkin.tracing:80'), fc.constantFrom('zipkin', 'zipkin:99999', 'zipkin:0', 'Zipkin:9411', 'a:b:c'))),
    sidecarInjection: optional(bool()),
    sidecarInjectionOverrides: optional(mapOf(fc.oneof(fc.constantFrom('mysqldb-v1', 'cars-v1', 'control', 'cars-v2'), name()), bool(), 2)),
    controlIngress: optional(fc.record({ clusterBaseDomain: host(), createRoute: optional(bool()), ingressGatewayNamespace: optional(name()) }, { requiredKeys: ['clusterBaseDomain'] })),
    runAsUser: optional(integer(1, 2 ** 31 - 1)),
  }),
  build: (app, p) => { new TravelsAppsChart(app, 'apps', p); },
};

const travelAgency: FuzzTarget<any> = {
  name: 'TravelAgency',
  weight: 0.5,
  props: fc.record({ namespace: name(), travelsVersions: versions(), zipkinAddress: optional(fc.constantFrom('zipkin.istio-system:9411')), runAsUser: optional(integer(1, 65535)) }),
  build: (app, p) => { new TravelAgency(new Chart(app, 'c'), 'agency', p); },
};

const loadTester: FuzzTarget<any> = {
  name: 'TravelsLoadTester',
  props: fc.record({
    namespace: name(), target: serviceRef(), connections: optional(integer(1, 10000)), numCalls: optional(integer(1, 1000000)),
    rate: optional(integer(0, 1000000)), sleepSeconds: optional(integer(0, 86400)), runAsUser: optional(integer(1, 65535)),
  }),
  build: (app, p) => { new TravelsLoadTester(new Chart(app, 'c'), 'lt', { ...p, target: referenced(p.target) }); },
};

const workshop: FuzzTarget<any> = {
  name: 'buildTravelsWorkshop',
  weight: 0.25,
  ownCharts: ['mesh-base', 'travels-apps', 'header-routing', 'weighted-routing', 'fault-injection', 'circuit-breaker', 'load-tester'],
  props: fc.record({
    clusterBaseDomain: host(),
    controlPlane: optional(fc.record({ namespace: optional(name()), tracing: optional(fc.constantFrom(...Object.values(TracingType))), openshiftRoute: optional(bool()) })),
    apps: optional(fc.record({ travelsVersions: optional(versions()), agencyNamespace: optional(name()) })),
    weights: optional(weightsOver(['v1', 'v2', 'v3'])),
  }, { requiredKeys: ['clusterBaseDomain'] }),
  // the workshop makes its own apps: the base and one per step
  build: (_, p) => { const built = buildTravelsWorkshop({ ...p, ossmVersion: OssmVersion.V2_6 }); return [built.base, ...Object.values(built.steps)]; },
};

/** The OSSM 3 settings of MeshBaseChart (and SailControlPlane through it). */
const ossm3Options = () => fc.record({
  name: optional(mostly(fc.constantFrom('default', 'tenant-a'), fc.constantFrom('Default', '', 'a.b'))),
  version: optional(mostly(fc.constantFrom(...SAIL_ISTIO_VERSIONS), fc.constantFrom('v1.20.8', '1.30.3', 'latest'))),
  cniNamespace: optional(name()),
  discoveryLabels: optional(mostly(fc.constantFrom({ 'istio-discovery': 'enabled' }, { tenant: 'a' }), fc.constantFrom({}, { 'istio-injection': 'enabled' }, { 'bad key!': 'x' }))),
  tracing: optional(fc.record({
    service: host(), protocol: optional(mostly(fc.constantFrom(...Object.values(TracingProtocol)), fc.constantFrom('jaeger' as TracingProtocol))),
    port: optional(port()), name: optional(name()), samplingPercentage: optional(percentage()),
  }, { requiredKeys: ['service'] })),
  ingressGatewayNamespace: optional(name()),
  updateStrategy: optional(mostly(fc.constantFrom(...Object.values(UpdateStrategy)), fc.constantFrom('Canary' as UpdateStrategy))),
  // ambient mode (and the routing API it implies, an explicit istio refused with it)
  dataPlane: optional(mostly(fc.constantFrom('sidecar', 'ambient'), fc.constantFrom('Ambient', 'proxyless'))),
  ztunnelNamespace: optional(name()),
  routingApi: optional(fc.constantFrom('istio', 'gateway-api')),
});

/** Metrics, tracing and user-workload monitoring of an OSSM 3 mesh. */
const observabilityOptions = () => fc.record({
  tracing: optional(mostly(fc.constantFrom(...Object.values(MeshTracing)), fc.constantFrom('jaeger' as MeshTracing))),
  tempo: optional(fc.record({ namespace: optional(name()), name: optional(name()), persistent: optional(bool()) })),
  metrics: optional(bool()),
  userWorkloadMonitoring: optional(bool()),
});

/** Replicas, autoscaling, disruption budget and NetworkPolicy of the OSSM 3 ingress gateway. */
const gatewayHardening = () => fc.record({
  replicas: optional(integer(0, 10)),
  autoscaling: optional(fc.record({ minReplicas: optional(integer(0, 10)), maxReplicas: optional(integer(0, 10)), cpuUtilization: optional(integer(0, 120)) })),
  podDisruptionBudget: optional(bool()),
  networkPolicy: optional(bool()),
});

const meshBase3: FuzzTarget<any> = {
  name: 'MeshBaseChart (OSSM 3), SailControlPlane, KialiServer, MeshIngressGateway',
  crdSet: '3',
  props: fc.record({
    controlPlane: optional(fc.record({
      namespace: optional(name()), grafana: optional(bool()), openshiftRoute: optional(bool()), kiali: optional(bool()), prometheus: optional(bool()),
      tracing: optional(fc.constantFrom(...Object.values(TracingType))), tracingSampling: optional(integer(0, 10000)),
      accessLogFile: optional(mostly(fc.constantFrom('/dev/stdout'), fc.constantFrom('', 'stdout'))), accessLogging: optional(bool()),
    })),
    ossm3: optional(ossm3Options()),
    operators: optional(fc.record({
      kialiVersion: fc.oneof(fc.constant(undefined), mostly(fc.constantFrom('2.17.1', 'v2.4.0'), fc.constantFrom('1.89.8', 'v1.73.0', 'latest'))),
      jaeger: optional(mostly(fc.constant(false), fc.constant(true))),
    })),
    observability: optional(observabilityOptions()),
    ingressGateway: optional(gatewayHardening()),
    existing: fc.array(name(), { maxLength: 2 }),
  }, { requiredKeys: ['existing'] }),
  build: (app, p) => {
    const chart = new MeshBaseChart(app, 'mesh', {
      ossmVersion: OssmVersion.V3, controlPlane: p.controlPlane, ossm3: p.ossm3, operators: p.operators, observability: p.observability, ingressGateway: p.ingressGateway,
    });
    for (const ns of p.existing) chart.addExistingNamespace(ns);
  },
  invariants: (p, objects) => {
    const istio = objects.find((o) => o.kind === 'Istio');
    const problems: string[] = [];
    if (istio?.spec.version !== (p.ossm3?.version ?? 'v1.30-latest')) problems.push(`Istio version ${istio?.spec.version}`);
    const labels = p.ossm3?.discoveryLabels ?? { 'istio-discovery': 'enabled' };
    const cpNamespace = objects.find((o) => o.kind === 'Namespace' && o.metadata?.name === istio?.spec.namespace);
    if (JSON.stringify(cpNamespace?.metadata?.labels) !== JSON.stringify(labels)) problems.push(`control-plane namespace labels ${JSON.stringify(cpNamespace?.metadata?.labels)}`);
    if (objects.some((o) => o.apiVersion.startsWith('maistra.io') || o.spec?.name === 'jaeger-product')) problems.push('an OSSM 2 object');
    const pin = objects.find((o) => o.kind === 'Subscription' && o.spec.name === 'kiali-ossm')?.spec.startingCSV;
    if (pin !== undefined && Number(/v(\d+)\./.exec(pin)?.[1]) < 2) problems.push(`Kiali pin ${pin}`);
    // RevisionBased always brings the tag default; InPlace never
    const tags = objects.filter((o) => o.kind === 'IstioRevisionTag').map((o) => o.metadata?.name);
    if (JSON.stringify(tags) !== JSON.stringify(istio?.spec.updateStrategy?.type === 'RevisionBased' ? ['default'] : [])) problems.push(`revision tags ${JSON.stringify(tags)}`);
    // a PodMonitor in every namespace of an injected pod template, unless metrics are off
    if (p.observability?.metrics !== false) {
      const monitored = new Set(objects.filter((o) => o.kind === 'PodMonitor').map((o) => o.metadata?.namespace));
      const injected = objects.filter((o) => o.kind === 'Deployment' && o.spec?.template?.metadata?.labels?.['sidecar.istio.io/inject'] === 'true');
      for (const d of injected) if (!monitored.has(d.metadata?.namespace)) problems.push(`no PodMonitor in ${d.metadata?.namespace}`);
    }
    // the cluster's monitoring ConfigMap only when asked
    if (objects.some((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'cluster-monitoring-config') !== (p.observability?.userWorkloadMonitoring === true)) {
      problems.push('cluster-monitoring-config written without being asked, or not written when asked');
    }
    const ambient = p.ossm3?.dataPlane === 'ambient';
    if (ambient !== objects.some((o) => o.kind === 'ZTunnel')) problems.push(`dataPlane ${p.ossm3?.dataPlane} and ${ambient ? 'no' : 'a'} ZTunnel`);
    if (ambient && objects.some((o) => o.kind === 'Namespace' && (o.metadata?.labels?.['istio-injection'] !== undefined || o.metadata?.labels?.['istio.io/rev'] !== undefined))) {
      problems.push('an injection label in ambient mode');
    }
    return problems;
  },
};

const ingressGateway: FuzzTarget<any> = {
  name: 'MeshIngressGateway',
  props: fc.record({
    namespace: name(), name: optional(name()), selector: optional(mapOf(qualifiedName(), labelValue(), 2)), replicas: optional(integer(0, 1000)),
    ossm3: bool(), hardening: optional(gatewayHardening()),
  }),
  build: (app, p) => {
    const chart = new Chart(app, 'c');
    const controlPlane = p.ossm3 ? new SailControlPlane(chart, 'cp') : undefined;
    new MeshIngressGateway(chart, 'gw', { replicas: p.replicas, ...p.hardening, namespace: p.namespace, name: p.name, selector: p.selector, controlPlane });
  },
  crdSet: '3',
  invariants: (p, objects) => {
    const d = objects.find((o) => o.kind === 'Deployment');
    const s = objects.find((o) => o.kind === 'Service');
    return JSON.stringify(d?.spec.selector.matchLabels) === JSON.stringify(s?.spec.selector) ? [] : ['the Service does not select the gateway pods'];
  },
};

const workshop3: FuzzTarget<any> = {
  ...workshop,
  name: 'buildTravelsWorkshop (OSSM 3)',
  crdSet: '3',
  props: fc.record({
    clusterBaseDomain: host(),
    controlPlane: optional(fc.record({ namespace: optional(name()), tracing: optional(fc.constantFrom(...Object.values(TracingType))), openshiftRoute: optional(bool()) })),
    ossm3: optional(ossm3Options()),
    apps: optional(fc.record({ travelsVersions: optional(versions()), agencyNamespace: optional(name()) })),
  }, { requiredKeys: ['clusterBaseDomain'] }),
  build: (_, p) => { const built = buildTravelsWorkshop({ ...p, ossmVersion: OssmVersion.V3 }); return [built.base, ...Object.values(built.steps)]; },
};

const gitSource = () => fc.record({ repoUrl: repoUrl(), revision: optional(revision()), path: optional(repoPath()) }, { requiredKeys: ['repoUrl'] });
const applicationOptions = {
  argoCdNamespace: optional(name()),
  project: optional(mostly(fc.constantFrom('default', 'mesh.platform'), fc.constantFrom('', 'Default', 'a b'))),
  syncRetry: optional(fc.record({ limit: optional(integer(0, 100)), backoff: optional(backoff()), factor: optional(integer(1, 10)), maxBackoff: optional(backoff()) })),
};

/** The repository URLs of Argo CD objects never carry a password or token (a URL with one is refused). */
const noCredentials = (objects: KubeObject[]) => objects.flatMap((o) => {
  const urls = [...JSON.stringify(o).matchAll(/"repoURL":"([^"]*)"/g)].map((m) => m[1]);
  return urls.filter((u) => {
    try {
      const url = new URL(u);
      return url.password !== '' || (url.protocol.startsWith('http') && url.username !== '');
    } catch {
      return false; // the scp-like git@host:path
    }
  }).map((u) => `${o.kind} carries credentials in ${u}`);
});

const stageApplication: FuzzTarget<any> = {
  name: 'StageApplication',
  props: fc.record({
    name: name(), source: gitSource(), wave: integer(-1000, 1000), skipDryRunOnMissingResource: optional(bool()), destinationName: optional(name()), ...applicationOptions,
  }),
  build: (app, p) => { new StageApplication(new Chart(app, 'c'), 'app', p); },
  invariants: (p, objects) => [
    ...noCredentials(objects),
    ...(objects[0]?.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] === String(p.wave) ? [] : ['the wave is not the one given']),
  ],
};

const appOfApps: FuzzTarget<any> = {
  name: 'AppOfApps',
  props: fc.record({ name: name(), source: gitSource(), ...applicationOptions }),
  build: (app, p) => { new AppOfApps(new Chart(app, 'c'), 'root', p); },
  invariants: (_, objects) => noCredentials(objects),
};

const fleetApplicationSet: FuzzTarget<any> = {
  name: 'FleetApplicationSet',
  props: fc.record({
    name: name(), applicationName: name(), source: fc.record({ repoUrl: repoUrl(), revision: optional(revision()) }, { requiredKeys: ['repoUrl'] }),
    clusters: fc.array(fc.record({ name: name(), applicationsPath: repoPath() }), { maxLength: 3 }), ...applicationOptions,
  }),
  build: (app, p) => { new FleetApplicationSet(new Chart(app, 'c'), 'set', p); },
  invariants: (p, objects) => [
    ...noCredentials(objects),
    ...(objects[0]?.spec.generators[0].list.elements.length === p.clusters.length ? [] : ['not one element per cluster']),
  ],
};

const healthChecks: FuzzTarget<any> = {
  name: 'OpenShiftGitOpsHealthChecks and ArgoCdConfigMapHealthChecks',
  props: fc.record({
    checks: optional(fc.array(mostly(fc.constantFrom(...MESH_HEALTH_CHECKS), fc.constantFrom(
      { ...ISTIO_HEALTH_CHECK, kind: 'istio' }, { ...ISTIO_HEALTH_CHECK, group: 'Sail' }, { ...ISTIO_HEALTH_CHECK, lua: '' }, { group: 'a.io', kind: 'A' }) as fc.Arbitrary<any>), { maxLength: 4 })),
    instanceName: optional(name()), namespace: optional(name()),
  }),
  build: (app, p) => {
    new OpenShiftGitOpsHealthChecks(new Chart(app, 'gitops'), 'checks', p);
    new ArgoCdConfigMapHealthChecks(new Chart(app, 'cm'), 'checks', { checks: p.checks, namespace: p.namespace });
  },
};

const fleetFile: FuzzTarget<any> = {
  name: 'fleet file (fleetFromYaml)',
  props: fc.record({
    clusters: mostly(fc.array(fc.record({
      name: name(), baseDomain: mostly(subdomain(), fc.constantFrom('https://x.example.com', 'X.example.com', '')),
      ossmVersion: optional(mostly(fc.constantFrom('2.6', '3', 2.6, 3) as fc.Arbitrary<any>, fc.constantFrom('2.5', 3.0001, 'v3'))),
      step: optional(mostly(fc.constantFrom(...WORKSHOP_STEPS) as fc.Arbitrary<string>, fc.constantFrom('canary', 'Header-Routing'))),
      extra: optional(fc.constantFrom('baseDomian', '__proto__', 'constructor', 'region')),
    }, { requiredKeys: ['name', 'baseDomain'] }), { maxLength: 3 }), fc.constant([])),
  }),
  // the YAML text a user writes; an `extra` field is a key the fleet does not know
  build: (_, p) => {
    const clusters = Array.isArray(p.clusters) ? p.clusters.map(({ extra, ...c }: any) => (extra ? { ...c, [extra]: 'x' } : c)) : p.clusters;
    const fleet = fleetFromYaml(stringify({ clusters }), 'clusters.yaml', { steps: WORKSHOP_STEPS });
    if (fleet.clusters.length !== clusters.length) throw new Error('a cluster was lost');
  },
};

/** Routing intent of every kind over a referenced service: HTTP and TCP rules, a traffic policy, exportTo. */
const trafficRouting: FuzzTarget<any> = {
  name: 'TrafficRouting',
  props: validServiceRef().chain((service) => fc.record({
    service: fc.constant(service),
    http: mostly(fc.array(httpRoute(service.versions), { minLength: 1, maxLength: 2 }), fc.constant([])),
    tcp: sometimes(fc.array(fc.record({ route: weightsOver(service.versions) }), { maxLength: 1 })),
    trafficPolicy: sometimes(trafficPolicy()),
    exportTo: optional(mostly(fc.constantFrom(['.'], ['*'], ['.', 'other']), fc.constantFrom(['*', '.'], [], ['Bad']))),
    name: optional(name()),
  }, { requiredKeys: ['service', 'http'] })),
  build: (app, p) => { new TrafficRouting(new Chart(app, 'c'), 'r', { ...p, service: referenced(p.service) }); },
  invariants: (p, objects) => {
    const vs = objects.find((o) => o.kind === 'VirtualService');
    const given = (p.http ?? []).map((r: any) => r.match?.length ?? 0);
    const emitted = (vs?.spec.http ?? []).map((r: any) => r.match?.length ?? 0);
    return JSON.stringify(given) === JSON.stringify(emitted) ? [] : [`match entries per rule ${JSON.stringify(emitted)}, not ${JSON.stringify(given)}`];
  },
};

const serviceDestinationRule: FuzzTarget<any> = {
  name: 'ServiceDestinationRule',
  props: serviceRef().chain((service) => fc.record({
    service: fc.constant(service),
    versions: optional(fc.oneof(fc.shuffledSubarray(service.versions), fc.constant(['v9']), fc.constant(['v1', 'v1']))),
    trafficPolicy: optional(trafficPolicy()),
    name: optional(name()),
    labels: optional(mapOf(qualifiedName(), labelValue(), 2)),
  }, { requiredKeys: ['service'] })),
  build: (app, p) => { new ServiceDestinationRule(new Chart(app, 'c'), 'dr', { ...p, service: referenced(p.service) }); },
};

const requestRouting: FuzzTarget<any> = {
  name: 'RequestRoutingChart',
  props: validServiceRef().chain((service) => fc.record({
    service: fc.constant(service), rules: mostly(fc.array(httpRoute(service.versions), { minLength: 1, maxLength: 2 }), fc.constant([])),
    trafficPolicy: sometimes(trafficPolicy()),
  }, { requiredKeys: ['service', 'rules'] })),
  build: (app, p) => { new RequestRoutingChart(app, 'rr', { ...p, service: referenced(p.service) }); },
};

const requestTimeouts: FuzzTarget<any> = {
  name: 'RequestTimeoutsChart',
  props: serviceRef().chain((service) => fc.record({
    service: fc.constant(service), timeout: optional(duration()),
    retries: optional(fc.record({ attempts: integer(0, 10), perTryTimeout: optional(duration()) }, { requiredKeys: ['attempts'] })),
    route: optional(weightsOver(service.versions)),
  }, { requiredKeys: ['service'] })),
  build: (app, p) => { new RequestTimeoutsChart(app, 'rt', { ...p, service: referenced(p.service) }); },
};

const tcpTrafficShifting: FuzzTarget<any> = {
  name: 'TcpTrafficShiftingChart',
  props: serviceRef().chain((service) => fc.record({ service: fc.constant(service), weights: optional(weightsOver(service.versions)) }, { requiredKeys: ['service'] })),
  build: (app, p) => { new TcpTrafficShiftingChart(app, 'tcp', { ...p, service: referenced(p.service) }); },
};

const mtlsMode = () => mostly(fc.constantFrom(...Object.values(MtlsMode)), fc.constantFrom('strict' as MtlsMode));

const peerAuthentication: FuzzTarget<any> = {
  name: 'MeshPeerAuthentication',
  props: fc.record({
    mode: mtlsMode(), namespace: optional(name()), service: optional(serviceRef()), selector: optional(mapOf(qualifiedName(), labelValue(), 2)),
    portLevelMtls: optional(mapOf(mostly(fc.integer({ min: 1, max: 65535 }).map(String), fc.constantFrom('0', '70000', 'http')), mtlsMode(), 2)),
    name: optional(name()),
  }, { requiredKeys: ['mode'] }),
  build: (app, p) => { new MeshPeerAuthentication(new Chart(app, 'c'), 'pa', { ...p, service: p.service && referenced(p.service) }); },
  invariants: (p, objects) => (objects[0]?.spec.mtls.mode === p.mode ? [] : [`mode ${objects[0]?.spec.mtls.mode}, not ${p.mode}`]),
};

const authorizationPolicy: FuzzTarget<any> = {
  name: 'MeshAuthorizationPolicy',
  props: fc.record({
    name: name(),
    // where the policy applies, in the shapes users write (and sometimes all at once)
    scope: fc.oneof(
      fc.record({ namespace: name() }), fc.record({ namespace: name(), selector: mapOf(qualifiedName(), labelValue(), 2) }),
      fc.record({ service: serviceRef() }), fc.record({ namespace: optional(name()), service: serviceRef(), selector: mapOf(qualifiedName(), labelValue(), 1, 1) }),
    ),
    action: optional(mostly(fc.constantFrom(...Object.values(AuthorizationAction)), fc.constantFrom('CUSTOM' as AuthorizationAction))),
    rules: fc.array(fc.record({
      from: optional(fc.array(fc.record({
        principals: optional(fc.array(mostly(fc.constantFrom('cluster.local/ns/a/sa/b', '*', 'cluster.local/ns/a/*'), fc.constantFrom('', 'a b', 'a*b')), { maxLength: 2 })),
        namespaces: optional(fc.array(mostly(dnsLabel(), fc.constantFrom('Bad', '')), { maxLength: 2 })),
        ipBlocks: optional(fc.array(mostly(fc.constantFrom('10.0.0.0/8', '192.168.1.1', '::1'), fc.constantFrom('10.0.0.0/33', 'x')), { maxLength: 2 })),
      }), { maxLength: 2 })),
      to: optional(fc.array(fc.record({
        methods: optional(fc.array(mostly(fc.constantFrom('GET', 'POST', '*'), fc.constantFrom('get', '')), { maxLength: 2 })),
        paths: optional(fc.array(mostly(fc.constantFrom('/api/*', '/', '*.html', '*'), fc.constantFrom('api', '', 'a b')), { maxLength: 2 })),
        ports: optional(fc.array(port(), { maxLength: 2 })),
      }), { maxLength: 2 })),
    }), { maxLength: 2 }),
  }, { requiredKeys: ['name', 'scope', 'rules'] }),
  build: (app, p) => {
    const { scope, ...props } = p;
    new MeshAuthorizationPolicy(new Chart(app, 'c'), 'ap', { ...props, ...scope, service: scope.service && referenced(scope.service) });
  },
  invariants: (p, objects) => ((objects[0]?.spec.rules?.length ?? 0) === p.rules.length ? [] : [`${objects[0]?.spec.rules?.length ?? 0} rules, not ${p.rules.length}`]),
};

const meshMember: FuzzTarget<any> = {
  name: 'MeshMember',
  props: fc.record({ namespace: mostly(name(), fc.constant('istio-system')), controlPlaneName: optional(name()) }),
  build: (app, p) => { new MeshMember(new Chart(app, 'c'), 'member', p); },
};

/**
 * An app, ingress, traffic or security target in the workshop's OSSM 2.6 mesh, declared on its app (`Mesh.declare`):
 * its constructs are given no controlPlane (but where the target passes one) and find that mesh in the tree.
 */
function inWorkshopMesh<P>(target: FuzzTarget<P>): FuzzTarget<P> {
  return { ...target, build: (app, p) => { Mesh.declare(app, DEFAULT_MESH_CONTROL_PLANE); return target.build(app, p); } };
}

/** Every chart of the library, built with valid props of its own and the inherited `ChartProps` given. */
const CHART_BUILDERS: ReadonlyArray<(app: import('cdk8s').App, props: ChartProps) => void> = [
  (app, props) => { new MeshBaseChart(app, 'mesh', { ...props, ossmVersion: OssmVersion.V2_6 }); }, // the set the target validates against
  (app, props) => { new TravelsAppsChart(app, 'apps', props); },
  (app, props) => { new WeightedRoutingChart(app, 'wr', { ...props, service: referenced(VALID_SERVICE) }); },
  (app, props) => { new HeaderRoutingChart(app, 'hr', { ...props, service: referenced(VALID_SERVICE), rules: [{ header: 'end-user', match: { exact: 'jason' }, version: 'v2' }] }); },
  (app, props) => { new FaultInjectionChart(app, 'fi', { ...props, service: referenced(VALID_SERVICE), abort: { percentage: 10, httpStatus: 503 } }); },
  (app, props) => { new CircuitBreakerChart(app, 'cb', { ...props, service: referenced(VALID_SERVICE) }); },
  (app, props) => { new RequestRoutingChart(app, 'rr', { ...props, service: referenced(VALID_SERVICE), rules: [{ route: [{ version: 'v1' }] }] }); },
  (app, props) => { new RequestTimeoutsChart(app, 'rt', { ...props, service: referenced(VALID_SERVICE), timeout: Duration.seconds(2) }); },
  (app, props) => { new TcpTrafficShiftingChart(app, 'tcp', { ...props, service: referenced(VALID_SERVICE) }); },
];
const VALID_SERVICE: ServiceRef = { name: 'travels', namespace: 'travel-agency', port: 8000, versions: ['v1', 'v2'] };

const inheritedChartProps: FuzzTarget<{ chart: number; props: ChartProps }> = {
  name: 'ChartProps (labels, namespace, disableResourceNameHashes) of every chart',
  props: fc.record({ chart: fc.integer({ min: 0, max: CHART_BUILDERS.length - 1 }), props: chartProps() as fc.Arbitrary<ChartProps> }),
  build: (app, p) => { CHART_BUILDERS[p.chart](app, p.props); },
  // every label given is on every object (none dropped, as cdk8s drops a `__proto__` key)
  invariants: (p, objects) => objects.flatMap((o) => Object.entries(p.props.labels ?? {})
    .filter(([key, value]) => o.metadata?.labels?.[key] !== value)
    .map(([key]) => `${o.kind}/${o.metadata?.name} lacks the chart label ${JSON.stringify(key)}`)),
};

/** Every target, in the order the tests run them. */
export const TARGETS: ReadonlyArray<FuzzTarget<any>> = [
  meshBase, meshBase3, operatorSubscription, ...[travelsApps, travelAgency, loadTester, meshService, meshDeployment, meshIngress, ingressGateway,
    headerRouting, weightedRouting, faultInjection, circuitBreaker, serviceRouting, trafficRouting, serviceDestinationRule, requestRouting,
    requestTimeouts, tcpTrafficShifting, peerAuthentication, authorizationPolicy, meshMember].map(inWorkshopMesh), workshop, workshop3,
  stageApplication, appOfApps, fleetApplicationSet, healthChecks, fleetFile, inWorkshopMesh(inheritedChartProps),
];
