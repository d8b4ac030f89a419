import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { addSynthWarning } from '../core/synth-warnings';

/** The ConfigMap of OpenShift's cluster monitoring that holds the switch of user-workload monitoring. */
export const CLUSTER_MONITORING_CONFIG = { name: 'cluster-monitoring-config', namespace: 'openshift-monitoring' } as const;

/** The `config.yaml` that switches user-workload monitoring on (and nothing else). */
export const ENABLE_USER_WORKLOAD_CONFIG = 'enableUserWorkload: true\n';

/**
 * The command a cluster admin runs to switch user-workload monitoring on without replacing the rest of
 * `cluster-monitoring-config` (shown by synth warnings and the README).
 * @internal
 */
export const ENABLE_USER_WORKLOAD_HOW = `oc -n ${CLUSTER_MONITORING_CONFIG.namespace} edit configmap ${CLUSTER_MONITORING_CONFIG.name} `
  + '(create it if missing) and set `enableUserWorkload: true` in its `config.yaml`';

/** Props of {@link UserWorkloadMonitoring}. None today: the construct writes the switch and nothing else. */
export interface UserWorkloadMonitoringProps {}

/**
 * Switches on OpenShift monitoring for user-defined projects (user-workload monitoring), which scrapes the mesh's
 * ServiceMonitor and PodMonitors and which Kiali reads through the Thanos querier: the ConfigMap
 * `cluster-monitoring-config` in `openshift-monitoring` with `config.yaml: "enableUserWorkload: true"`, as OpenShift's
 * "Enabling monitoring for user-defined projects" documents.
 *
 * That ConfigMap belongs to the cluster, not to this library: applying this object replaces a `config.yaml` the
 * cluster admin may have written (retention, storage, node selectors, …). So compositions create it only when
 * asked (`MeshBaseChart`'s `observability.userWorkloadMonitoring`, `MESH_USER_WORKLOAD_MONITORING=true`), and it
 * always says so in a synth warning.
 */
export class UserWorkloadMonitoring extends Construct {
  /** The ConfigMap `openshift-monitoring/cluster-monitoring-config`. */
  public readonly configMap: k8s.KubeConfigMap;

  public constructor(scope: Construct, id: string, _props: UserWorkloadMonitoringProps = {}) {
    super(scope, id);
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { ...CLUSTER_MONITORING_CONFIG },
      data: { 'config.yaml': ENABLE_USER_WORKLOAD_CONFIG },
    });
    addSynthWarning(this, `this output writes ${CLUSTER_MONITORING_CONFIG.namespace}/${CLUSTER_MONITORING_CONFIG.name} with only `
      + '`enableUserWorkload: true`: applying it replaces any other cluster monitoring setting in that ConfigMap. If the cluster has one '
      + `(oc get configmap -n ${CLUSTER_MONITORING_CONFIG.namespace} ${CLUSTER_MONITORING_CONFIG.name}), leave this file out and instead run ${ENABLE_USER_WORKLOAD_HOW}.`);
  }
}
