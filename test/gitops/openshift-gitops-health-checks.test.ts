// OpenShiftGitOpsHealthChecks: the health checks Argo CD lacks, as the ArgoCD resource of OpenShift GitOps takes them.
import { Testing } from 'cdk8s';
import { MESH_HEALTH_CHECKS, OpenShiftGitOpsHealthChecks, OpenShiftGitOpsHealthChecksProps, SUBSCRIPTION_HEALTH_CHECK } from '../../lib';
import { validateAll } from '../support/crd-schema';

const synth = (props: OpenShiftGitOpsHealthChecksProps = {}) => {
  const chart = Testing.chart();
  new OpenShiftGitOpsHealthChecks(chart, 'checks', props);
  return Testing.synth(chart)[0];
};

test('spec.resourceHealthChecks of the default instance openshift-gitops: every mesh check by group and kind, with its Lua', () => {
  const argocd = synth();
  expect(argocd.apiVersion).toBe('argoproj.io/v1beta1');
  expect(argocd.metadata).toEqual({ name: 'openshift-gitops', namespace: 'openshift-gitops' });
  expect(argocd.spec).toEqual({ resourceHealthChecks: MESH_HEALTH_CHECKS.map((c) => ({ group: c.group, kind: c.kind, check: c.lua })) });
  expect(argocd.spec.resourceHealthChecks.map((c: { kind: string }) => c.kind)).toEqual(expect.arrayContaining(['Application', 'Subscription', 'ServiceMeshControlPlane', 'Istio']));
  expect(validateAll([argocd])).toEqual([]);
});

test('another instance and a chosen set of checks; bad names refused', () => {
  const argocd = synth({ instanceName: 'mesh-gitops', namespace: 'gitops', checks: [SUBSCRIPTION_HEALTH_CHECK] });
  expect(argocd.metadata).toEqual({ name: 'mesh-gitops', namespace: 'gitops' });
  expect(argocd.spec.resourceHealthChecks).toEqual([{ group: 'operators.coreos.com', kind: 'Subscription', check: SUBSCRIPTION_HEALTH_CHECK.lua }]);
  expect(() => synth({ namespace: 'GitOps' })).toThrow(/checks: namespace "GitOps" is not valid/);
});
