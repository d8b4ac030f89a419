/**
 * Names and values Argo CD and OpenShift GitOps fix, written once for the GitOps constructs, the renderer and the tests.
 */

/** The annotation that puts an object into a sync wave: lower waves are applied, and must be healthy, first. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The sync option that lets Argo CD apply a custom resource whose CRD does not exist yet when the sync starts (the
 * CRD arrives with an operator an earlier wave installs), instead of failing the whole sync in its dry run.
 */
export const SKIP_DRY_RUN_ON_MISSING_RESOURCE = 'SkipDryRunOnMissingResource=true';

/** The API server address under which Argo CD reaches the cluster it runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** The namespace of OpenShift GitOps' default Argo CD instance (and the instance's name). */
export const OPENSHIFT_GITOPS_NAMESPACE = 'openshift-gitops';

/** The namespace of a plain Argo CD installation, where its `argocd-cm` ConfigMap lives. */
export const ARGOCD_NAMESPACE = 'argocd';
