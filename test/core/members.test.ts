// Member sources (lib/core/members): the same namespaces reach the OSSM 2.6 member roll and the OSSM 3 discovery
// selectors; existing namespaces and unlabelled member namespaces on each platform.
import { App, Testing } from 'cdk8s';
import { IMeshControlPlane, MeshBaseChart, OssmVersion, TravelsAppsChart } from '../../lib';
import { OSSM2_MESH } from '../support/control-planes';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { find } from '../support/objects';

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
    meshBase.addMembers(new TravelsAppsChart(app, 'travels-apps', { controlPlane: OSSM2_MESH })); // made for another (2.6) mesh: no labels
    expect(() => synthesizeApp(app)).toThrow(/mesh-base\/ControlPlane: namespace "travel-agency" \(created by travels-apps\/Namespace-travel-agency\) is not valid\. Allowed: a namespace labelled istio-discovery=enabled, istio-injection=enabled/);
    expect(() => Testing.synth(new MeshBaseChart(new App(), 'm', { ossmVersion: OssmVersion.V3, members: [{ memberNamespaces: ['nowhere'] }] })))
      .toThrow(/member namespace "nowhere" is unknown: no chart of this app creates it/);
  });
});
