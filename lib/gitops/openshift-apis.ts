import { API_GROUP } from '../core/api-groups';
import { splitApiVersion } from '../core/kube-object';

/** OpenShift's own API groups with a dot (the dot-less ones, such as `apps`, are Kubernetes' and built in anyway). */
const OPENSHIFT_GROUPS: ReadonlySet<string> = new Set([
  'apps.openshift.io', 'authorization.openshift.io', 'build.openshift.io', 'config.openshift.io', 'console.openshift.io',
  'image.openshift.io', 'network.openshift.io', 'oauth.openshift.io', 'operator.openshift.io', 'project.openshift.io',
  'quota.openshift.io', API_GROUP.ROUTE, 'security.openshift.io', 'template.openshift.io', 'user.openshift.io',
  // OLM and the cluster monitoring stack come with every OpenShift 4 cluster
  API_GROUP.OLM, 'packages.operators.coreos.com', 'monitoring.coreos.com',
]);

/** Groups named like Kubernetes' own (`*.k8s.io`) whose CRDs are installed separately. */
const K8S_IO_CRD_GROUPS: ReadonlySet<string> = new Set(['gateway.networking.k8s.io']);

/**
 * Whether a fresh OpenShift 4 cluster serves `apiVersion` before anything is installed from a catalog: Kubernetes' own
 * groups, OpenShift's, OLM's, and `argoproj.io` (which Argo CD, delivering the rest, brings). Custom resources of
 * any other group need the CRD an operator installs first.
 * @internal
 */
export function isServedWithoutOperators(apiVersion: string): boolean {
  const { group } = splitApiVersion(apiVersion);
  if (group === '' || !group.includes('.')) return true;
  if (group.endsWith('.k8s.io')) return !K8S_IO_CRD_GROUPS.has(group);
  return OPENSHIFT_GROUPS.has(group) || group === API_GROUP.ARGO_CD;
}
