// ArgoCdConfigMapHealthChecks: the same health checks for plain Argo CD, as keys of its argocd-cm ConfigMap.
import { Testing } from 'cdk8s';
import { APPLICATION_HEALTH_CHECK, ArgoCdConfigMapHealthChecks, ArgoCdConfigMapHealthChecksProps, MESH_HEALTH_CHECKS } from '../../lib';

const synth = (props: ArgoCdConfigMapHealthChecksProps = {}) => {
  const chart = Testing.chart();
  new ArgoCdConfigMapHealthChecks(chart, 'checks', props);
  return Testing.synth(chart)[0];
};

test('argocd-cm in argocd, labelled as Argo CD reads it, a resource.customizations.health.<group>_<kind> key per check', () => {
  const cm = synth();
  expect(cm.metadata).toEqual({ name: 'argocd-cm', namespace: 'argocd', labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' } });
  expect(Object.keys(cm.data).sort()).toEqual(MESH_HEALTH_CHECKS.map((c) => `resource.customizations.health.${c.group}_${c.kind}`).sort());
  expect(cm.data['resource.customizations.health.argoproj.io_Application']).toBe(APPLICATION_HEALTH_CHECK.lua);
});

test('another namespace and a chosen set of checks; a bad namespace refused', () => {
  expect(synth({ namespace: 'gitops', checks: [APPLICATION_HEALTH_CHECK] })).toMatchObject({
    metadata: { namespace: 'gitops' }, data: { 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_CHECK.lua },
  });
  expect(() => synth({ namespace: 'Argo CD' })).toThrow(/checks: namespace "Argo CD" is not valid/);
});
