// FleetApplicationSet: one root Application per cluster from a list generator.
import { Testing } from 'cdk8s';
import { FleetApplicationSet, FleetApplicationSetProps } from '../../lib';
import { validateAll } from '../support/crd-schema';

const synth = (props: Partial<FleetApplicationSetProps> = {}) => {
  const chart = Testing.chart();
  new FleetApplicationSet(chart, 'fleet', {
    name: 'travels-fleet', applicationName: 'travels', source: { repoUrl: 'https://github.com/example/mesh.git', revision: 'main' },
    clusters: [{ name: 'east', applicationsPath: 'dist/clusters/east/argocd/apps' }, { name: 'west', applicationsPath: 'dist/clusters/west/argocd/apps' }],
    ...props,
  });
  return Testing.synth(chart)[0];
};

test('a list generator of the clusters; the template is each cluster\'s root Application <cluster>-<name> of its own folder', () => {
  const set = synth();
  expect(set.metadata).toEqual({ name: 'travels-fleet', namespace: 'openshift-gitops' });
  expect(set.spec.generators).toEqual([{ list: { elements: [
    { cluster: 'east', path: 'dist/clusters/east/argocd/apps' }, { cluster: 'west', path: 'dist/clusters/west/argocd/apps' },
  ] } }]);
  expect(set.spec.template.metadata).toEqual({ name: '{{cluster}}-travels', namespace: 'openshift-gitops' });
  expect(set.spec.template.spec).toMatchObject({
    source: { repoURL: 'https://github.com/example/mesh.git', targetRevision: 'main', path: '{{path}}' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'openshift-gitops' },
  });
  expect(validateAll([set])).toEqual([]);
});

test.each<[Partial<FleetApplicationSetProps>, RegExp]>([
  [{ clusters: [] }, /fleet: clusters \[\] is not valid\. Allowed: at least one cluster\./],
  [{ clusters: [{ name: 'east', applicationsPath: 'a' }, { name: 'east', applicationsPath: 'b' }] }, /fleet: clusters\[1\]\.name "east" is not valid\. Allowed: a name no other cluster of the fleet has\./],
  [{ clusters: [{ name: 'a'.repeat(60), applicationsPath: 'a' }] }, /fleet: clusters\[0\] root Application name "a{60}-travels" is not valid/],
  [{ applicationName: 'Travels' }, /fleet: applicationName "Travels" is not valid/],
])('refuses %j, naming the construct path', (props, message) => {
  expect(() => synth(props)).toThrow(message);
});
