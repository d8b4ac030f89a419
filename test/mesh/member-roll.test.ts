// MeshMemberRoll: the OSSM 2.6 ServiceMeshMemberRoll `default`, its members from member sources.
import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { MeshMemberRoll } from '../../lib';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { validateAll } from '../support/crd-schema';

/** A chart that creates namespaces, as an apps chart does; it is a member source. */
function namespaces(app: App, id: string, names: string[]): Chart & { memberNamespaces: string[] } {
  const chart = Object.assign(new Chart(app, id), { memberNamespaces: names });
  for (const name of names) new k8s.KubeNamespace(chart, name, { metadata: { name } });
  return chart;
}

test('named default in the control-plane namespace; members from the sources, once each, in order, also when added later', () => {
  const app = new App();
  const apps = namespaces(app, 'apps', ['travel-agency', 'travel-portal']);
  const more = namespaces(app, 'more', ['travel-portal', 'travel-control']);
  const chart = new Chart(app, 'mesh');
  const roll = new MeshMemberRoll(chart, 'roll', { controlPlaneNamespace: 'istio-system', members: [apps] });
  roll.addMembers(more);
  const [object] = synthesizeApp(app).find((c) => c.name === 'mesh')!.objects;
  expect(object).toEqual({
    apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default', namespace: 'istio-system' },
    spec: { members: ['travel-agency', 'travel-portal', 'travel-control'] },
  });
  expect(roll.members).toEqual(['travel-agency', 'travel-portal', 'travel-control']);
  expect(validateAll([object])).toEqual([]);
});

test('a member no chart creates is refused unless declared as existing on the cluster', () => {
  const app = new App();
  const roll = new MeshMemberRoll(new Chart(app, 'mesh'), 'roll', { controlPlaneNamespace: 'istio-system', members: [{ memberNamespaces: ['bookinfo'] }] });
  expect(() => synthesizeApp(app)).toThrow(/mesh\/roll: member namespace "bookinfo" is unknown: no chart of this app creates it\. .*addExistingNamespace\("bookinfo"\)/);
  roll.addExistingNamespace('bookinfo');
  expect(synthesizeApp(app)[0].objects[0].spec.members).toEqual(['bookinfo']);
});

test('refuses the control plane\'s own namespace as a member, and bad input at once', () => {
  const app = new App();
  namespaces(app, 'apps', ['istio-system']);
  new MeshMemberRoll(new Chart(app, 'mesh'), 'roll', { controlPlaneNamespace: 'istio-system', members: [{ memberNamespaces: ['istio-system'] }] });
  expect(() => synthesizeApp(app)).toThrow(/mesh\/roll: member namespace "istio-system" is not valid\. Allowed: any namespace but the control plane's own/);
  expect(() => new MeshMemberRoll(Testing.chart(), 'roll', { controlPlaneNamespace: 'Istio' })).toThrow(/roll: controlPlaneNamespace "Istio" is not valid/);
  expect(() => new MeshMemberRoll(Testing.chart(), 'roll', { controlPlaneNamespace: 'istio-system', members: [{ memberNamespaces: 'a' } as never] }))
    .toThrow(/roll: member source \[0\] memberNamespaces "a" is not valid\. Allowed: an array of namespace names\./);
  expect(() => new MeshMemberRoll(Testing.chart(), 'roll', { controlPlaneNamespace: 'istio-system' }).addExistingNamespace('Bad'))
    .toThrow(/roll: existing member namespace "Bad" is not valid/);
});
