/**
 * Proof of order: the Argo CD output is played onto fresh clusters (test/support/fresh-cluster.ts) wave by wave, and
 * the play fails on any object applied before its CRD or namespace exists, any Istio object before the control plane
 * is ready, any pod template in a namespace not yet in the mesh, and any approval that holds back other operators.
 * Run on the workshop for OSSM 2.6 and OSSM 3 with its variants, and on a fleet that mixes both; and on wrong
 * orders, to show it catches them.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { OssmVersion, renderTravelsDelivery, TravelsDeliveryOptions, TravelsWorkshopOptions, WORKSHOP_STEPS } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { playFreshClusters, PlayResult } from '../support/fresh-cluster';

const REPO = 'https://git.example.com/platform/mesh.git';
const workshop: TravelsWorkshopOptions = { clusterBaseDomain: 'apps-test.example.com', ossmVersion: OssmVersion.V2_6 }; // the seed's
const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

/** The output as committed to the repository under `dist/`. */
function repoOf(options: Omit<TravelsDeliveryOptions, 'gitOps'>): Map<string, string> {
  const { files } = renderTravelsDelivery({ ...options, gitOps: { source: { repoUrl: REPO, path: 'dist' } } });
  return new Map([...files].map(([f, text]) => [`dist/${f}`, text]));
}

/** What the README says to apply on the hub: the health checks, then the root (or the fleet's ApplicationSet). */
function play(repo: ReadonlyMap<string, string>, root = 'dist/argocd/app-of-apps.yaml'): PlayResult {
  return playFreshClusters(repo, [...objectsOf(repo.get('dist/argocd/health-checks/openshift-gitops.yaml')!), ...objectsOf(repo.get(root)!)], REPO);
}

/** The repository with one file's objects changed. */
function edit(repo: ReadonlyMap<string, string>, file: string, change: (objects: any[]) => void): Map<string, string> {
  const objects = objectsOf(repo.get(file)!);
  change(objects);
  return new Map([...repo, [file, objects.map((o) => stringify(o)).join('---\n')]]);
}

const indexOf = (events: string[], pattern: RegExp) => {
  const i = events.findIndex((e) => pattern.test(e));
  if (i < 0) throw new Error(`no event ${pattern}:\n${events.join('\n')}`);
  return i;
};

describe('proof of order: the workshop on a fresh cluster', () => {
  const repo = repoOf({ workshop });
  const result = play(repo);

  test('nothing is applied too early, and the delivery finishes', () => {
    expect(result.violations).toEqual([]);
  });

  test('the play really happened in that order: operators, the Kiali approval, control plane, apps, step', () => {
    const e = result.events;
    const meshOperator = indexOf(e, /install-1 installed servicemeshoperator/);
    const kialiApproved = indexOf(e, /the person approved install-2 \(kiali-ossm\), as its health message says/);
    const smcp = indexOf(e, /created ServiceMeshControlPlane\/istio-system\/basic/);
    const firstPods = indexOf(e, /created Deployment\/travel-agency\//);
    const step = indexOf(e, /created VirtualService\/travel-agency\/travels/);
    expect(meshOperator).toBeLessThan(indexOf(e, /created Subscription\/openshift-operators\/kiali-ossm/));
    expect([meshOperator, kialiApproved, smcp, firstPods, step]).toEqual([...[meshOperator, kialiApproved, smcp, firstPods, step]].sort((a, b) => a - b));
    const cluster = result.clusters.get('in-cluster')!;
    expect(cluster.controlPlaneReady()).toBe(true);
    expect(['travel-agency', 'travel-portal', 'travel-control'].map((ns) => cluster.inMesh(ns))).toEqual([true, true, true]);
  });

  test.each([
    ['without tracing (MESH_TRACING=none)', { ...workshop, controlPlane: { tracing: 'None' as any } }],
    ['Kiali on the channel head (no pin, no approval)', { ...workshop, operators: { kialiVersion: undefined } }],
    ['IOR off (a Route of our own)', { ...workshop, controlPlane: { openshiftRoute: false } }],
  ])('and %s', (_, options) => {
    expect(play(repoOf({ workshop: options })).violations).toEqual([]);
  });

  test.each(WORKSHOP_STEPS)('with step %s', (step) => {
    expect(play(repoOf({ workshop, step })).violations).toEqual([]);
  });
});

describe('proof of order: the workshop for OSSM 3 on a fresh cluster', () => {
  const ossm3 = { ...workshop, ossmVersion: OssmVersion.V3 };
  const result = play(repoOf({ workshop: ossm3 }));

  test('nothing is applied too early: Sail operator, Istio and IstioCNI Ready, then the gateway and the apps with sidecars', () => {
    expect(result.violations).toEqual([]);
    const e = result.events;
    const sail = indexOf(e, /installed servicemeshoperator3/);
    const istio = indexOf(e, /created Istio\/\/default/);
    const gateway = indexOf(e, /created Deployment\/istio-ingress\/istio-ingressgateway/);
    const apps = indexOf(e, /created Deployment\/travel-agency\//);
    expect([sail, istio, gateway, apps]).toEqual([sail, istio, gateway, apps].sort((a, b) => a - b));
    const cluster = result.clusters.get('in-cluster')!;
    expect(['istio-ingress', 'travel-agency', 'travel-portal', 'travel-control'].map((ns) => cluster.inMesh(ns))).toEqual([true, true, true, true]);
  });

  test.each(WORKSHOP_STEPS)('with step %s', (step) => {
    expect(play(repoOf({ workshop: ossm3, step })).violations).toEqual([]);
  });

  test('caught: the apps\' namespaces without the discovery label start their pods outside the mesh', () => {
    const repo = repoOf({ workshop: ossm3 });
    const unlabelled = edit(repo, 'dist/01-control-plane/travels-apps.yaml', (objects) => {
      const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'travel-portal');
      delete ns.metadata.labels['istio-discovery'];
    });
    expect(play(unlabelled).violations).toContainEqual(expect.stringMatching(/^in-cluster: Deployment\/travel-portal\/travels \(by travels-apps\): its pods start without a sidecar, namespace travel-portal is not in the mesh yet/));
  });
});

describe('proof of order: a fleet from its ApplicationSet, each cluster fresh, OSSM 2.6 and 3 side by side', () => {
  const repo = repoOf({ fleet: { clusters: [
    { name: 'east', baseDomain: 'east.example.com', step: 'circuit-breaker', ossmVersion: OssmVersion.V2_6 },
    { name: 'west', baseDomain: 'west.example.com' }, // OSSM 3, the default
  ] } });
  const result = play(repo, 'dist/argocd/travels-fleet.yaml');

  test('nothing is applied too early on any cluster, and every cluster ends with its mesh', () => {
    expect(result.violations).toEqual([]);
    for (const name of ['east', 'west']) {
      const cluster = result.clusters.get(name)!;
      expect({ name, ready: cluster.controlPlaneReady(), inMesh: cluster.inMesh('travel-portal') }).toEqual({ name, ready: true, inMesh: true });
    }
    expect([...result.clusters.get('east')!.objects.keys()]).toContainEqual('ServiceMeshControlPlane/istio-system/basic');
    expect([...result.clusters.get('west')!.objects.keys()]).toContainEqual('Istio//default');
    expect([...result.clusters.get('in-cluster')!.objects.keys()].filter((k) => !k.startsWith('Application/'))).toEqual([]); // the hub runs Argo CD only
  });
});

describe('the proof catches a wrong order', () => {
  const repo = repoOf({ workshop });
  const setWave = (wave: string) => (objects: any[]) => { objects[0].metadata.annotations['argocd.argoproj.io/sync-wave'] = wave; };

  test('apps before the control plane: the apps\' objects before their namespaces exist, and the delivery never finishes', () => {
    const swapped = edit(edit(repo, 'dist/argocd/apps/01-control-plane.yaml', setWave('2')), 'dist/argocd/apps/02-apps.yaml', setWave('1'));
    const { violations } = play(swapped);
    expect(violations).toContainEqual(expect.stringMatching(/^in-cluster: Deployment\/travel-agency\/cars-v1 \(by travels-apps\) applied before its namespace travel-agency exists/));
    expect(violations).toContainEqual(expect.stringMatching(/^in-cluster: Gateway\/travel-control\/control-gateway \(by travels-apps\) applied before its namespace/));
    expect(violations).toContainEqual(expect.stringMatching(/^the delivery did not finish in \d+ ticks: .*travels-apps at wave 0: Secret\/travel-agency\/mysql-credentials Missing/));
  });

  test('the control plane\'s Application before the operators are installed (one wave for both): its CRD does not exist yet', () => {
    const early = edit(repo, 'dist/argocd/apps/01-control-plane.yaml', setWave('0'));
    const { violations, events } = play(early);
    expect(violations).toEqual([expect.stringMatching(/^in-cluster: ServiceMeshControlPlane\/istio-system\/basic \(by travels-control-plane\) applied before its CRD maistra\.io\/ServiceMeshControlPlane exists/),
      expect.stringMatching(/^in-cluster: ServiceMeshMemberRoll\/istio-system\/default \(by travels-control-plane\) applied before its CRD/)]);
    expect(events).toContainEqual(expect.stringMatching(/travels-control-plane: sync failed \(2 objects refused\), retry 1/)); // and Argo CD's retries then get it in
  });

  test('every stage in one wave: the control plane before its CRD exists', () => {
    let r = repo;
    for (const f of ['01-control-plane', '02-apps', 'step']) r = edit(r, `dist/argocd/apps/${f}.yaml`, setWave('0'));
    expect(play(r).violations).toContainEqual(expect.stringMatching(/^in-cluster: ServiceMeshControlPlane\/istio-system\/basic \(by travels-control-plane\) applied before its CRD maistra\.io\/ServiceMeshControlPlane exists/));
  });

  test('the Kiali pin in the mesh operators\' wave: its approval holds back the Automatic operators', () => {
    const oneWave = edit(repo, 'dist/00-operators/mesh-base.yaml', (objects) => { for (const o of objects) delete o.metadata.annotations; });
    expect(play(oneWave).violations).toEqual([expect.stringMatching(/^in-cluster: InstallPlan install-1 waits for manual approval and also holds jaeger-product, servicemeshoperator \(Automatic\)/)]);
  });

  test('a member namespace missing from the member roll: its pods start without sidecars', () => {
    const fewer = edit(repo, 'dist/01-control-plane/mesh-base.yaml', (objects) => { objects.find((o) => o.kind === 'ServiceMeshMemberRoll').spec.members = ['travel-agency', 'travel-control']; });
    expect(play(fewer).violations).toContainEqual(expect.stringMatching(/^in-cluster: Deployment\/travel-portal\/travels \(by travels-apps\): its pods start without a sidecar, namespace travel-portal is not in the mesh yet/));
  });

  test('without the health checks Argo CD does not wait for a child Application: every wave starts at once', () => {
    const result = playFreshClusters(repo, objectsOf(repo.get('dist/argocd/app-of-apps.yaml')!), REPO);
    expect(result.violations).toContainEqual(expect.stringMatching(/ServiceMeshControlPlane\/istio-system\/basic \(by travels-control-plane\) applied before its CRD/));
  });
});
