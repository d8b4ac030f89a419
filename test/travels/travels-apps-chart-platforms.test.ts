/**
 * The same facts of the Travels apps on OSSM 2.6 and on OSSM 3: the apps chart takes the mesh base's control plane,
 * and only what the platform decides differs (namespace labels, the opt-out label, the Istio API version, the Route,
 * the zipkin proxy config). Every other fact — every upstream object reproduced, pod security, the URLs — holds on both.
 */
import { App } from 'cdk8s';
import { MeshBaseChart, OssmVersion, SIDECAR_INJECT_LABEL, TravelsAppsChart, TravelsAppsChartProps } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';
import { find, keyOf, podTemplates } from '../support/objects';
import { podSpecOf, restrictedViolations } from '../support/pod-security';
import { describeWithShared } from '../support/shared';
import { expectedFromUpstream, UPSTREAM, upstreamObjects } from '../support/travels-upstream';

interface Platform {
  readonly name: string;
  readonly ossmVersion: OssmVersion;
  /** The labels every app namespace carries. */
  readonly namespaceLabels: Record<string, string> | undefined;
  /** The pod label of a workload without sidecar. */
  readonly optOut: string | undefined;
  readonly istioApiVersion: string;
  /** Where the control ingress Route goes, or undefined when the control plane makes it (IOR). */
  readonly routeNamespace: string | undefined;
  /** Whether the pods carry upstream's zipkin proxy config (OSSM 3 traces through a Telemetry resource, if at all). */
  readonly zipkinProxyConfig: boolean;
  readonly crdSet: '2.6' | '3';
}

const PLATFORMS: Platform[] = [
  {
    name: 'OSSM 2.6', ossmVersion: OssmVersion.V2_6, namespaceLabels: undefined, optOut: undefined,
    istioApiVersion: 'networking.istio.io/v1beta1', routeNamespace: undefined, zipkinProxyConfig: true, crdSet: '2.6',
  },
  {
    name: 'OSSM 3', ossmVersion: OssmVersion.V3, namespaceLabels: { 'istio-discovery': 'enabled', 'istio-injection': 'enabled' }, optOut: 'false',
    istioApiVersion: 'networking.istio.io/v1', routeNamespace: 'istio-ingress', zipkinProxyConfig: false, crdSet: '3',
  },
];

/** The apps chart's objects, built with the control plane of a mesh base of the platform in the same app. */
function synthApps(platform: Platform, props: TravelsAppsChartProps = {}): KubeObject[] {
  const app = new App();
  const meshBase = new MeshBaseChart(app, 'mesh-base', { ossmVersion: platform.ossmVersion });
  const apps = new TravelsAppsChart(app, 'travels-apps', { ...props, controlPlane: meshBase.meshControlPlane });
  meshBase.addMembers(apps);
  return synthesizeApp(app).find((c) => c.name === 'travels-apps')!.objects;
}

describe.each(PLATFORMS)('Travels apps on $name', (platform) => {
  test('namespaces carry the control plane\'s membership labels', () => {
    const namespaces = synthApps(platform).filter((o) => o.kind === 'Namespace');
    expect(namespaces.map((n) => [n.metadata!.name, n.metadata!.labels])).toEqual(
      ['travel-agency', 'travel-portal', 'travel-control'].map((n) => [n, platform.namespaceLabels]));
  });

  test('every pod template asks for the sidecar; an override opts one out the way the platform needs', () => {
    for (const t of podTemplates(synthApps(platform, { loadTester: true }))) expect([t.owner, t.labels[SIDECAR_INJECT_LABEL]]).toEqual([t.owner, 'true']);
    const templates = podTemplates(synthApps(platform, { sidecarInjectionOverrides: { 'mysqldb-v1': false } }));
    expect(templates.filter((t) => t.labels[SIDECAR_INJECT_LABEL] !== 'true').map((t) => [t.owner, t.labels[SIDECAR_INJECT_LABEL]]))
      .toEqual([['Deployment/travel-agency/mysqldb-v1', platform.optOut]]);
  });

  test('every workload passes Pod Security "restricted"', () => {
    const workloads = synthApps(platform, { loadTester: true }).filter((o) => podSpecOf(o) !== undefined);
    expect(workloads).toHaveLength(14);
    for (const w of workloads) expect([keyOf(w), restrictedViolations(podSpecOf(w)!)]).toEqual([keyOf(w), []]);
  });

  test('the URLs the apps call each other by follow renamed namespaces', () => {
    const objects = synthApps(platform, { agencyNamespace: 'agency', portalNamespace: 'portal', controlNamespace: 'ctl' });
    const env = (name: string, ns: string) => Object.fromEntries(find(objects, 'Deployment', name, ns).spec.template.spec.containers[0].env
      .map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env('cars-v1', 'agency')).toMatchObject({ DISCOUNTS_SERVICE: 'http://discounts.agency:8000', MYSQL_SERVICE: 'mysqldb.agency:3306' });
    expect(env('voyages', 'portal').TRAVELS_AGENCY_SERVICE).toBe('http://travels.agency:8000');
  });

  test('the control ingress: Gateway and VirtualService in the platform\'s API version; a Route where the control plane makes none', () => {
    const objects = synthApps(platform, { controlIngress: { clusterBaseDomain: 'ocp.example.com' } });
    const gw = find(objects, 'Gateway', 'control-gateway', 'travel-control');
    const vs = find(objects, 'VirtualService', 'control-ingress', 'travel-control');
    expect([gw.apiVersion, vs.apiVersion]).toEqual([platform.istioApiVersion, platform.istioApiVersion]);
    expect(gw.spec.servers[0].hosts).toEqual(['control.travel-control.apps.ocp.example.com']);
    expect(vs.spec.http[0].route[0].destination).toEqual({ host: 'control.travel-control.svc.cluster.local', port: { number: 8080 } });
    expect(objects.filter((o) => o.kind === 'Route').map((r) => r.metadata!.namespace)).toEqual(platform.routeNamespace ? [platform.routeNamespace] : []);
  });

  test('every custom resource validates against the platform\'s CRDs', () => {
    expect(validateAll(synthApps(platform, { loadTester: true, controlIngress: { clusterBaseDomain: 'ocp.example.com' } }), platform.crdSet)).toEqual([]);
  });
});

describeWithShared('Travels apps against kiali/demos on both platforms', [UPSTREAM], () => {
  test.each(PLATFORMS)('$name: every upstream object is reproduced with the same facts, and nothing else is added', (platform) => {
    const ours = synthApps(platform, { loadTester: true });
    const upstream = upstreamObjects();
    expect(upstream.length).toBe(27);
    for (const { file, namespace, object } of upstream) {
      expect({ file, object: find(ours, object.kind, object.metadata.name, namespace) }).toEqual({ file, object: expectedFromUpstream(object, namespace, { zipkinProxyConfig: platform.zipkinProxyConfig }) });
    }
    expect(ours.length).toBe(upstream.length + 3);
  });
});
