import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { Kiali, KialiSpecDeploymentDiscoverySelectorsDefault, KialiSpecExternalServicesTracingProvider } from '../../imports/kiali.io';
import { DEFAULT_CONTROL_PLANE_NAMESPACE } from '../core/mesh-conventions';
import { invalidInput, requireArray, requireDnsLabel, requireDnsSubdomain, requireObject } from '../core/validation';
import type { KialiTracingOptions } from '../observability/tempo-tracing';

/** The Thanos querier of OpenShift monitoring, where Kiali reads the mesh's metrics on OSSM 3. */
export const OPENSHIFT_THANOS_QUERIER_URL = 'https://thanos-querier.openshift-monitoring.svc.cluster.local:9091';

/** The name of a {@link KialiServer}'s `Kiali` resource when its props name none. @internal */
export const DEFAULT_KIALI_NAME = 'kiali';

/** Props of {@link KialiServer}. */
export interface KialiServerProps {
  /** The control plane's namespace: Kiali is installed there and reads its Istio from there. @default 'istio-system' */
  readonly namespace?: string;
  /** Name of the `Kiali` resource. @default 'kiali' */
  readonly name?: string;
  /**
   * Limit Kiali to the namespaces these selectors select (`deployment.cluster_wide_access: false` with
   * `deployment.discovery_selectors.default`), e.g. the mesh's discovery selectors for one tenant of several.
   * @default - cluster-wide access: Kiali sees every namespace
   */
  readonly discoverySelectors?: k8s.LabelSelector[];
  /**
   * Show the mesh's traces from Tempo (`external_services.tracing` with the `tempo` provider), e.g.
   * `MeshTempoTracing.kialiTracing`.
   * @default - tracing off in Kiali
   */
  readonly tracing?: KialiTracingOptions;
}

/**
 * Kiali for OSSM 3, which no longer installs it with the control plane: a kiali.io/v1alpha1 `Kiali` (named `kiali`)
 * in the control-plane namespace that reads metrics from OpenShift user-workload monitoring through the Thanos
 * querier (with the user's token), and the ClusterRoleBinding that lets its ServiceAccount (`kiali-service-account`)
 * view monitoring data. Grafana is off (OSSM 3 has no Grafana addon); tracing reads Tempo when `tracing` says where,
 * and is off otherwise. No `spec.istio_namespace`: Kiali 2.x finds the control plane itself and ignores that field
 * (deprecated since v2.11). Source: Red Hat's "Configuring OpenShift Monitoring with Kiali" (sail-operator
 * docs/ossm/kiali/ossm-config-openshift-monitoring-kiali.adoc) and "Configuring Kiali for Tempo" in the OSSM 3
 * Observability guide. User-workload monitoring must be enabled, and the ServiceMonitor/PodMonitors that scrape
 * istiod and the proxies exist (`MeshMetrics`), for Kiali to show traffic.
 */
export class KialiServer extends Construct {
  /** The `Kiali` resource (kiali.io/v1alpha1). */
  public readonly apiObject: ApiObject;
  /** The binding of `kiali-service-account` to `cluster-monitoring-view`. */
  public readonly monitoringAccess: k8s.KubeClusterRoleBinding;

  public constructor(scope: Construct, id: string, props: KialiServerProps = {}) {
    super(scope, id);
    requireObject(this, 'props', props);
    const namespace = requireDnsLabel(this, 'namespace', props.namespace ?? DEFAULT_CONTROL_PLANE_NAMESPACE);
    const tracing = props.tracing === undefined ? undefined : requireObject(this, 'tracing', props.tracing);
    if (tracing !== undefined && (typeof tracing.internalUrl !== 'string' || !/^https?:\/\/[^\s/]+(:[0-9]+)?(\/\S*)?$/.test(tracing.internalUrl))) {
      throw invalidInput(this, 'tracing.internalUrl', tracing.internalUrl, 'Allowed: an http(s) URL of Tempo\'s API, e.g. "http://tempo-sample.tempo.svc.cluster.local:3200".');
    }
    this.apiObject = new Kiali(this, 'Resource', {
      metadata: { name: requireDnsSubdomain(this, 'name', props.name ?? DEFAULT_KIALI_NAME), namespace },
      spec: {
        deployment: props.discoverySelectors === undefined ? undefined : {
          clusterWideAccess: false,
          discoverySelectors: { default: requireArray(this, 'discoverySelectors', props.discoverySelectors).map((s, i) => requireObject(this, `discoverySelectors[${i}]`, s)) as KialiSpecDeploymentDiscoverySelectorsDefault[] },
        },
        externalServices: {
          grafana: { enabled: false },
          prometheus: { auth: { type: 'bearer', useKialiToken: true }, thanosProxy: { enabled: true }, url: OPENSHIFT_THANOS_QUERIER_URL },
          tracing: tracing === undefined ? { enabled: false } : {
            enabled: true,
            provider: KialiSpecExternalServicesTracingProvider.TEMPO,
            internalUrl: tracing.internalUrl,
            useGrpc: false,
          },
        },
      },
    });
    this.monitoringAccess = new k8s.KubeClusterRoleBinding(this, 'MonitoringAccess', {
      metadata: { name: `kiali-monitoring-rbac-${namespace}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-monitoring-view' },
      subjects: [{ kind: 'ServiceAccount', name: 'kiali-service-account', namespace }],
    });
  }
}
