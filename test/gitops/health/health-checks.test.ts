import { App, Chart, Testing } from 'cdk8s';
import {
  APPLICATION_HEALTH_CHECK, ArgoCdConfigMapHealthChecks, ISTIO_CNI_HEALTH_CHECK, ISTIO_HEALTH_CHECK, MESH_HEALTH_CHECKS, ZTUNNEL_HEALTH_CHECK, OpenShiftGitOpsHealthChecks,
  ResourceHealthCheck, SERVICE_MESH_CONTROL_PLANE_HEALTH_CHECK, SERVICE_MESH_MEMBER_ROLL_HEALTH_CHECK, SUBSCRIPTION_HEALTH_CHECK, ValidationError,
} from '../../../lib';
import { ARGO_HEALTH_STATUSES, lua51SyntaxErrors, runHealthCheck } from '../../support/argocd-health';
import { CrdSet, validateCustomResource } from '../../support/crd-schema';
import { APPLICATIONS, CONTROL_PLANES, MEMBER_ROLLS, sailFixtures, SUBSCRIPTIONS } from './fixtures';

type Case = [fixture: string, obj: object, status: string, message: RegExp];

/** Every fixture is valid against its CRD (status included), and the check gives the status and message expected. */
function checkCases(check: ResourceHealthCheck, set: CrdSet, cases: Case[]): void {
  test.each(cases)(`${check.kind}: %s`, (_, obj, status, message) => {
    expect(validateCustomResource(obj as any, set)).toEqual([]);
    const result = runHealthCheck(check.lua, obj);
    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });
}

describe('the health checks Argo CD lacks, run by a Lua interpreter on status fixtures', () => {
  test('each is valid Lua 5.1 (what Argo CD runs), one per group and kind, for the kinds the mesh needs', () => {
    for (const check of MESH_HEALTH_CHECKS) expect({ kind: check.kind, errors: lua51SyntaxErrors(check.lua) }).toEqual({ kind: check.kind, errors: [] });
    expect(MESH_HEALTH_CHECKS.map((c) => `${c.group}/${c.kind}`)).toEqual([
      'argoproj.io/Application', 'operators.coreos.com/Subscription', 'maistra.io/ServiceMeshControlPlane', 'maistra.io/ServiceMeshMemberRoll',
      'sailoperator.io/Istio', 'sailoperator.io/IstioCNI', 'sailoperator.io/ZTunnel',
    ]);
  });

  test('every status a check returns is one Argo CD knows, on any fixture of any kind (no Lua error on a foreign shape)', () => {
    const fixtures = [...Object.values(SUBSCRIPTIONS), ...Object.values(APPLICATIONS), ...Object.values(CONTROL_PLANES), ...Object.values(MEMBER_ROLLS),
      ...Object.values(sailFixtures('Istio'))];
    for (const check of MESH_HEALTH_CHECKS) {
      for (const obj of fixtures) expect(ARGO_HEALTH_STATUSES).toContain(runHealthCheck(check.lua, obj).status);
    }
  });

  checkCases(SUBSCRIPTION_HEALTH_CHECK, '2.6', [
    ['installed (ready)', SUBSCRIPTIONS.installed, 'Healthy', /^kiali-operator\.v1\.89\.8 is installed$/],
    ['the pin installed, its upgrade waiting: stays healthy', SUBSCRIPTIONS.pinnedWithUpgradeWaiting, 'Healthy', /kiali-operator\.v1\.89\.8 is installed; kiali-operator\.v1\.89\.9 is available and waits for approval/],
    ['first InstallPlan waits for approval: Suspended, with the command', SUBSCRIPTIONS.waitingForApproval, 'Suspended',
      /^InstallPlan install-7x2kq for kiali-operator\.v1\.89\.8 waits for manual approval .* oc patch installplan install-7x2kq -n openshift-operators --type merge -p '\{"spec":\{"approved":true\}\}'$/],
    ['installing (reconciling)', SUBSCRIPTIONS.installing, 'Progressing', /^Installing kiali-operator\.v1\.89\.8 \(UpgradePending\)$/],
    ['resolution failed', SUBSCRIPTIONS.resolutionFailed, 'Degraded', /^ResolutionFailed: no operators found with name kiali-operator\.v1\.89\.8/],
    ['missing status', SUBSCRIPTIONS.missingStatus, 'Progressing', /Waiting for OLM/],
  ]);

  checkCases(APPLICATION_HEALTH_CHECK, '2.6', [
    ['synced and healthy (ready)', APPLICATIONS.syncedHealthy, 'Healthy', /^Synced and healthy$/],
    ['healthy but not synced yet', APPLICATIONS.healthyNotSynced, 'Progressing', /not synced yet \(OutOfSync\)/],
    ['progressing (reconciling)', APPLICATIONS.progressing, 'Progressing', /Progressing: Waiting for rollout/],
    ['suspended: the child\'s approval message goes up', APPLICATIONS.suspended, 'Suspended', /install-7x2kq waits for manual approval/],
    ['sync failed', APPLICATIONS.syncFailed, 'Degraded', /^Sync Failed: one or more objects failed to apply$/],
    ['missing status', APPLICATIONS.missingStatus, 'Progressing', /Waiting for Argo CD/],
  ]);

  checkCases(SERVICE_MESH_CONTROL_PLANE_HEALTH_CHECK, '2.6', [
    ['ready', CONTROL_PLANES.ready, 'Healthy', /^Control plane ready: All component deployments are Available$/],
    ['reconciling, naming what is not ready', CONTROL_PLANES.reconciling, 'Progressing', /not ready yet: Some components .*\(not ready: prometheus; pending: grafana\)/],
    ['a newer spec the operator has not seen', CONTROL_PLANES.staleGeneration, 'Progressing', /latest spec/],
    ['failed: a dependency is missing (Jaeger)', CONTROL_PLANES.dependencyMissing, 'Degraded', /^DependencyMissingError: Dependency "Jaeger CRD" is missing$/],
    ['missing status', CONTROL_PLANES.missingStatus, 'Progressing', /Waiting for the Service Mesh operator/],
  ]);

  checkCases(SERVICE_MESH_MEMBER_ROLL_HEALTH_CHECK, '2.6', [
    ['ready: every member configured', MEMBER_ROLLS.ready, 'Healthy', /^Member namespaces configured: travel-agency, travel-control, travel-portal$/],
    ['reconciling: namespaces pending', MEMBER_ROLLS.pendingNamespaces, 'Progressing', /not yet configured.*\(pending: travel-control, travel-portal\)$/],
    ['reconciling: the control plane is not reconciled yet', MEMBER_ROLLS.controlPlaneReconciling, 'Progressing', /Initial service mesh installation has not completed/],
    ['failed: two control planes', MEMBER_ROLLS.twoControlPlanes, 'Degraded', /^ErrMultipleSMCPs: Multiple/],
    ['missing status', MEMBER_ROLLS.missingStatus, 'Progressing', /Waiting for the Service Mesh operator/],
  ]);

  for (const [check, kind] of [[ISTIO_HEALTH_CHECK, 'Istio'], [ISTIO_CNI_HEALTH_CHECK, 'IstioCNI'], [ZTUNNEL_HEALTH_CHECK, 'ZTunnel']] as const) {
    const f = sailFixtures(kind);
    checkCases(check, '3', [
      ['ready', f.ready, 'Healthy', /ready$/],
      ['reconciling', f.reconciling, 'Progressing', /not ready yet \((IstiodNotReady|DaemonSetNotReady)\): not all pods are ready/],
      ['the first revision not found yet: still progressing', f.revisionNotFoundYet, 'Progressing', /not ready yet/],
      ['failed', f.failed, 'Degraded', /^ReconcileError: spec\.version "v1\.99\.0" is not supported$/],
      ['missing status', f.missingStatus, 'Progressing', /Waiting for the Sail operator/],
    ]);
  }
});

describe('delivered as OpenShift GitOps and plain Argo CD take them', () => {
  test('OpenShiftGitOpsHealthChecks: the ArgoCD resource of the default instance with only resourceHealthChecks, valid against its CRD', () => {
    const chart = new Chart(Testing.app(), 'c');
    new OpenShiftGitOpsHealthChecks(chart, 'checks');
    const [argocd] = Testing.synth(chart);
    expect(validateCustomResource(argocd)).toEqual([]);
    expect(argocd).toMatchObject({ apiVersion: 'argoproj.io/v1beta1', kind: 'ArgoCD', metadata: { name: 'openshift-gitops', namespace: 'openshift-gitops' } });
    expect(Object.keys(argocd.spec)).toEqual(['resourceHealthChecks']);
    expect(argocd.spec.resourceHealthChecks).toEqual(MESH_HEALTH_CHECKS.map((c) => ({ group: c.group, kind: c.kind, check: c.lua })));
  });

  test('ArgoCdConfigMapHealthChecks: argocd-cm with one resource.customizations.health key per check, with the labels Argo CD reads', () => {
    const chart = new Chart(Testing.app(), 'c');
    new ArgoCdConfigMapHealthChecks(chart, 'checks', { checks: [SUBSCRIPTION_HEALTH_CHECK, ISTIO_HEALTH_CHECK] });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: 'argocd', labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' } },
      data: {
        'resource.customizations.health.operators.coreos.com_Subscription': SUBSCRIPTION_HEALTH_CHECK.lua,
        'resource.customizations.health.sailoperator.io_Istio': ISTIO_HEALTH_CHECK.lua,
      },
    }]);
  });

  test('a list with two checks for one kind, a bad kind or an empty script is refused, naming the construct', () => {
    const build = (checks: ResourceHealthCheck[]) => () => new OpenShiftGitOpsHealthChecks(new Chart(new App(), 'c'), 'checks', { checks });
    expect(build([ISTIO_HEALTH_CHECK, ISTIO_HEALTH_CHECK])).toThrow(new ValidationError('c/checks', 'checks[1]', '"sailoperator.io/Istio"', 'Allowed: one health check per group and kind (Argo CD keeps one).'));
    expect(build([{ ...ISTIO_HEALTH_CHECK, kind: 'istio' }])).toThrow(/^c\/checks: checks\[0\]\.kind "istio" is not valid\. Allowed: a kind as Kubernetes spells it/);
    expect(build([{ ...ISTIO_HEALTH_CHECK, lua: ' ' }])).toThrow(/^c\/checks: checks\[0\]\.lua "" is not valid/);
  });
});
