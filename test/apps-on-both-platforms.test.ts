/**
 * The same facts of the Travels apps on OSSM 2.6 and on OSSM 3: the apps chart takes the mesh base's control plane,
 * and only what the platform decides differs (namespace labels, the opt-out label, the Istio API version, the Route,
 * the zipkin proxy config). Every other fact — every upstream object reproduced, pod security, the URLs — holds on both.
 */
import { App, Testing } from 'cdk8s';
import {
  IMeshControlPlane, MeshBaseChart, OssmVersion, SIDECAR_INJECT_LABEL, TravelsAppsChart, TravelsAppsChartProps,
} from '../lib';
import { KubeObject } from '../lib/analysis/types';
import { synthesizeApp } from '../lib/synth/synthesize';
import { validateAll } from './support/crd-schema';
import { find, keyOf, podTemplates } from './support/objects';
import { podSpecOf, restrictedViolations } from './support/pod-security';
import { describeWithShared } from './support/shared';
import { expectedFromUpstream, UPSTREAM, upstreamObjects } from './support/travels-upstream';

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

describe('member sources give the same namespaces to the OSSM 2.6 member roll and to the OSSM 3 discovery selectors', () => {
  /** Whether a LabelSelector of `matchLabels` only selects these labels (all that this library writes). */
  const selects = (selector: any, labels: Record<string, string>) => Object.keys(selector).every((k) => k === 'matchLabels')
    && Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

  /** A base with the apps chart, another apps chart in other namespaces, and a namespace that exists on the cluster. */
  function build(ossmVersion: OssmVersion) {
    const app = new App();
    const meshBase = new MeshBaseChart(app, 'mesh-base', { ossmVersion });
    const controlPlane: IMeshControlPlane = meshBase.meshControlPlane;
    const apps = new TravelsAppsChart(app, 'travels-apps', { controlPlane });
    const more = new TravelsAppsChart(app, 'more-apps', { controlPlane, agencyNamespace: 'b-agency', portalNamespace: 'b-portal', controlNamespace: 'b-control' });
    meshBase.addMembers(apps, more);
    return { meshBase, objects: synthesizeApp(app).flatMap((c) => c.objects) };
  }

  test('the roll lists exactly the namespaces the selectors select, bar the control plane\'s and the gateway\'s own', () => {
    const v26 = build(OssmVersion.V2_6);
    const roll = find(v26.objects, 'ServiceMeshMemberRoll', 'default', 'istio-system');
    const v3 = build(OssmVersion.V3);
    const istio = find(v3.objects, 'Istio', 'default');
    const selected = v3.objects.filter((o) => o.kind === 'Namespace')
      .filter((ns) => istio.spec.values.meshConfig.discoverySelectors.some((s: any) => selects(s, ns.metadata!.labels ?? {})))
      .map((ns) => ns.metadata!.name);
    const infrastructure = [istio.spec.namespace, v3.meshBase.meshControlPlane.ingressGateway.namespace];
    expect(selected.filter((n) => !infrastructure.includes(n))).toEqual(roll.spec.members);
    expect(roll.spec.members).toEqual(['travel-agency', 'travel-portal', 'travel-control', 'b-agency', 'b-portal', 'b-control']);
    expect(v3.meshBase.members).toEqual(v26.meshBase.members);
    // and the control plane and gateway namespaces are discoverable too
    expect(selected).toEqual(expect.arrayContaining(infrastructure));
  });

  test('a namespace that exists on the cluster: listed in the roll on 2.6; on OSSM 3 a synth warning says how to label it', () => {
    for (const ossmVersion of [OssmVersion.V2_6, OssmVersion.V3]) {
      const app = new App();
      const meshBase = new MeshBaseChart(app, 'mesh-base', { ossmVersion });
      meshBase.addExistingNamespace('legacy');
      const objects = synthesizeApp(app).flatMap((c) => c.objects);
      if (ossmVersion === OssmVersion.V2_6) {
        expect(find(objects, 'ServiceMeshMemberRoll', 'default').spec.members).toEqual(['legacy']);
      } else {
        expect(meshBase.members).toEqual(['legacy']);
        expect(objects.filter((o) => o.kind === 'Namespace' && o.metadata?.name === 'legacy')).toEqual([]); // never overwritten
        expect(meshBase.sailControlPlane!.node.metadata.map((m) => m.data)).toEqual([
          expect.stringContaining('oc label namespace legacy istio-discovery=enabled istio-injection=enabled')]);
      }
    }
  });

  test('OSSM 3 refuses a member namespace created without the membership labels, naming the chart to fix', () => {
    const app = new App();
    const meshBase = new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V3 });
    meshBase.addMembers(new TravelsAppsChart(app, 'travels-apps')); // no controlPlane: OSSM 2.6 defaults, no labels
    expect(() => synthesizeApp(app)).toThrow(/mesh-base\/ControlPlane: namespace "travel-agency" \(created by travels-apps\/Namespace-travel-agency\) is not valid\. Allowed: a namespace labelled istio-discovery=enabled, istio-injection=enabled/);
    expect(() => Testing.synth(new MeshBaseChart(new App(), 'm', { ossmVersion: OssmVersion.V3, members: [{ memberNamespaces: ['nowhere'] }] })))
      .toThrow(/member namespace "nowhere" is unknown: no chart of this app creates it/);
  });
});
