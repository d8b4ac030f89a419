/**
 * Status fixtures for the health checks: objects as their controllers write them (OLM, Argo CD, the OSSM 2 operator,
 * the Sail operator), each valid against its CRD schema, status included. Condition types and reasons are the
 * controllers' own (maistra's status package, sail-operator's api/v1, OLM's Subscription conditions).
 */
const T = '2026-04-01T10:00:00Z';
const cond = (type: string, status: string, reason?: string, message?: string) => ({ type, status, ...(reason && { reason }), ...(message && { message }), lastTransitionTime: T });

export const subscription = (status?: object, approval = 'Automatic') => ({
  apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription',
  metadata: { name: 'kiali-ossm', namespace: 'openshift-operators', generation: 1 },
  spec: { channel: 'stable', installPlanApproval: approval, name: 'kiali-ossm', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace', startingCSV: 'kiali-operator.v1.89.8' },
  ...(status && { status: { lastUpdated: T, ...status } }),
});
const planRef = { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan', name: 'install-7x2kq', namespace: 'openshift-operators', uid: 'u1', resourceVersion: '1' };

export const SUBSCRIPTIONS = {
  installed: subscription({ state: 'AtLatestKnown', currentCSV: 'kiali-operator.v1.89.8', installedCSV: 'kiali-operator.v1.89.8', installPlanRef: planRef }),
  pinnedWithUpgradeWaiting: subscription({ state: 'UpgradePending', currentCSV: 'kiali-operator.v1.89.9', installedCSV: 'kiali-operator.v1.89.8', installPlanRef: planRef,
    conditions: [cond('InstallPlanPending', 'True', 'RequiresApproval')] }, 'Manual'),
  waitingForApproval: subscription({ state: 'UpgradePending', currentCSV: 'kiali-operator.v1.89.8', installPlanRef: planRef,
    conditions: [cond('InstallPlanPending', 'True', 'RequiresApproval')] }, 'Manual'),
  installing: subscription({ state: 'UpgradePending', currentCSV: 'kiali-operator.v1.89.8', installPlanRef: planRef,
    conditions: [cond('InstallPlanPending', 'True', 'Installing')] }),
  resolutionFailed: subscription({ conditions: [cond('ResolutionFailed', 'True', 'ConstraintsNotSatisfiable', 'no operators found with name kiali-operator.v1.89.8 in channel stable')] }),
  missingStatus: subscription(),
};

export const application = (status?: object) => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
  metadata: { name: 'travels-operators', namespace: 'openshift-gitops', generation: 3 },
  spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc' }, source: { repoURL: 'https://git.example.com/mesh.git', path: 'dist/00-operators', targetRevision: 'HEAD' } },
  ...(status && { status }),
});

export const APPLICATIONS = {
  syncedHealthy: application({ health: { status: 'Healthy' }, sync: { status: 'Synced' } }),
  healthyNotSynced: application({ health: { status: 'Healthy' }, sync: { status: 'OutOfSync' } }),
  progressing: application({ health: { status: 'Progressing', message: 'Waiting for rollout' }, sync: { status: 'Synced' } }),
  suspended: application({ health: { status: 'Suspended', message: 'InstallPlan install-7x2kq waits for manual approval' }, sync: { status: 'Synced' } }),
  syncFailed: application({ health: { status: 'Missing' }, sync: { status: 'OutOfSync' },
    operationState: { phase: 'Failed', message: 'one or more objects failed to apply', startedAt: T, operation: { sync: {} } } }),
  missingStatus: application(),
};

export const controlPlane = (status?: object, generation = 1) => ({
  apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane',
  metadata: { name: 'basic', namespace: 'istio-system', generation },
  spec: { version: 'v2.6' },
  ...(status && { status: { readiness: { components: {} }, ...status } }),
});

export const CONTROL_PLANES = {
  ready: controlPlane({ observedGeneration: 1, readiness: { components: { ready: ['istiod', 'prometheus'] } },
    conditions: [cond('Installed', 'True', 'InstallSuccessful'), cond('Reconciled', 'True', 'InstallSuccessful'), cond('Ready', 'True', 'ComponentsReady', 'All component deployments are Available')] }),
  reconciling: controlPlane({ observedGeneration: 1, readiness: { components: { ready: ['istiod'], unready: ['prometheus'], pending: ['grafana'] } },
    conditions: [cond('Installed', 'True', 'InstallSuccessful'), cond('Reconciled', 'True', 'InstallSuccessful'), cond('Ready', 'False', 'ComponentsNotReady', 'Some components are not fully available')] }),
  staleGeneration: controlPlane({ observedGeneration: 1, conditions: [cond('Ready', 'True', 'ComponentsReady')] }, 2),
  dependencyMissing: controlPlane({ observedGeneration: 1,
    conditions: [cond('Installed', 'False', 'DependencyMissingError', 'Dependency "Jaeger CRD" is missing'), cond('Reconciled', 'False', 'DependencyMissingError', 'Dependency "Jaeger CRD" is missing'), cond('Ready', 'False', 'ComponentsNotReady')] }),
  missingStatus: controlPlane(),
};

export const memberRoll = (status?: object) => ({
  apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll',
  metadata: { name: 'default', namespace: 'istio-system', generation: 1 },
  spec: { members: ['travel-agency', 'travel-portal', 'travel-control'] },
  ...(status && { status }),
});

export const MEMBER_ROLLS = {
  ready: memberRoll({ observedGeneration: 1, configuredMembers: ['travel-agency', 'travel-control', 'travel-portal'], pendingMembers: [],
    conditions: [cond('Ready', 'True', 'Configured', 'All namespaces have been configured successfully')] }),
  pendingNamespaces: memberRoll({ observedGeneration: 1, configuredMembers: ['travel-agency'], pendingMembers: ['travel-control', 'travel-portal'],
    conditions: [cond('Ready', 'False', 'ReconcileError', 'The following namespaces are not yet configured: [travel-control travel-portal]')] }),
  controlPlaneReconciling: memberRoll({ observedGeneration: 1, conditions: [cond('Ready', 'False', 'SMCPReconciling', 'Initial service mesh installation has not completed')] }),
  twoControlPlanes: memberRoll({ observedGeneration: 1, conditions: [cond('Ready', 'False', 'ErrMultipleSMCPs', 'Multiple ServiceMeshControlPlane resources exist in the namespace')] }),
  missingStatus: memberRoll(),
};

const sail = (kind: 'Istio' | 'IstioCNI' | 'ZTunnel', status?: object) => ({
  apiVersion: 'sailoperator.io/v1', kind,
  metadata: { name: 'default', generation: 1 },
  spec: { namespace: kind === 'Istio' ? 'istio-system' : kind === 'ZTunnel' ? 'ztunnel' : 'istio-cni', version: 'v1.30.3' },
  ...(status && { status }),
});

export const sailFixtures = (kind: 'Istio' | 'IstioCNI' | 'ZTunnel') => ({
  ready: sail(kind, { observedGeneration: 1, state: 'Healthy', conditions: [cond('Reconciled', 'True'), cond('Ready', 'True')] }),
  reconciling: sail(kind, { observedGeneration: 1, state: kind === 'Istio' ? 'IstiodNotReady' : 'DaemonSetNotReady',
    conditions: [cond('Reconciled', 'True'), cond('Ready', 'False', kind === 'Istio' ? 'IstiodNotReady' : 'DaemonSetNotReady', 'not all pods are ready')] }),
  revisionNotFoundYet: sail(kind, { observedGeneration: 1, state: 'ActiveRevisionNotFound',
    conditions: [cond('Reconciled', 'False', 'ActiveRevisionNotFound', 'active IstioRevision not found'), cond('Ready', 'False', 'ActiveRevisionNotFound')] }),
  failed: sail(kind, { observedGeneration: 1, state: 'ReconcileError',
    conditions: [cond('Reconciled', 'False', 'ReconcileError', 'spec.version "v1.99.0" is not supported'), cond('Ready', 'Unknown', 'ReconcileError', 'cannot determine readiness due to reconciliation error')] }),
  missingStatus: sail(kind),
});
