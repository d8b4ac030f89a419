import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PodMonitor, PodMonitorSpecPodMetricsEndpointsRelabelingsAction as Action, ServiceMonitor } from '../../imports/monitoring-monitoring.coreos.com';
import { DEFAULT_CONTROL_PLANE_NAMESPACE } from '../core/mesh-conventions';
import { invalidInput, requireArray, requireDnsLabel, requireObject } from '../core/validation';

/** The ServiceMonitor's name for istiod, as in Red Hat's OSSM 3 documentation. */
export const ISTIOD_MONITOR_NAME = 'istiod-monitor';

/** The PodMonitor's name for the Envoy proxies of a namespace, as in Red Hat's OSSM 3 documentation. */
export const PROXIES_MONITOR_NAME = 'istio-proxies-monitor';

/** The port of the injected `istio-proxy` container that serves Envoy's Prometheus metrics (15090). */
export const ENVOY_PROMETHEUS_PORT_NAME = 'http-envoy-prom';

/** The path of Envoy's merged Prometheus metrics (Istio's standard metrics among them). */
export const ENVOY_PROMETHEUS_PATH = '/stats/prometheus';

/** A scrape interval such as `30s` or `1m` (Prometheus duration, as the monitoring CRDs accept it). */
const DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

/** Props of {@link MeshMetrics}. */
export interface MeshMetricsProps {
  /** The control-plane namespace, where istiod runs: the ServiceMonitor goes there. @default 'istio-system' */
  readonly controlPlaneNamespace?: string;
  /**
   * The namespaces whose pods run Envoy proxies (sidecars or gateways): each gets a PodMonitor. More with
   * {@link MeshMetrics.addNamespaces}.
   * @default - none
   */
  readonly namespaces?: string[];
  /** How often Prometheus scrapes istiod and the proxies. @default '30s' (Red Hat's example) */
  readonly interval?: string;
}

/**
 * The mesh's metrics for OpenShift user-workload monitoring, as Red Hat documents for OSSM 3 ("Configuring OpenShift
 * Monitoring with Service Mesh", Observability guide, chapter "Metrics and Service Mesh"): a `ServiceMonitor`
 * `istiod-monitor` in the control-plane namespace that scrapes istiod's `http-monitoring` port (Service label
 * `istio: pilot`), and a `PodMonitor` `istio-proxies-monitor` in every namespace that runs proxies — user-workload
 * monitoring scrapes a namespace only from monitors in that namespace — that scrapes each `istio-proxy` container's
 * `http-envoy-prom` port at `/stats/prometheus`, keeping `app` and `version` labels as Kiali expects. Pods labelled
 * `istio-prometheus-ignore` are left out.
 *
 * User-workload monitoring itself must be on ({@link UserWorkloadMonitoring}, or the cluster admin).
 */
export class MeshMetrics extends Construct {
  /** The ServiceMonitor for istiod (monitoring.coreos.com/v1). */
  public readonly istiodMonitor: ApiObject;
  /** The interval of every scrape. */
  public readonly interval: string;
  private readonly proxyMonitors = new Map<string, ApiObject>();

  public constructor(scope: Construct, id: string, props: MeshMetricsProps = {}) {
    super(scope, id);
    requireObject(this, 'props', props);
    const namespace = requireDnsLabel(this, 'controlPlaneNamespace', props.controlPlaneNamespace ?? DEFAULT_CONTROL_PLANE_NAMESPACE);
    const interval = props.interval ?? '30s';
    if (typeof interval !== 'string' || interval === '' || interval === '0' || !DURATION.test(interval)) {
      throw invalidInput(this, 'interval', interval, 'Allowed: a Prometheus duration above zero such as "30s", "1m" or "1m30s".');
    }
    this.interval = interval;
    this.istiodMonitor = new ServiceMonitor(this, 'Istiod', {
      metadata: { name: ISTIOD_MONITOR_NAME, namespace },
      spec: {
        targetLabels: ['app'],
        selector: { matchLabels: { istio: 'pilot' } },
        endpoints: [{ port: 'http-monitoring', interval }],
      },
    });
    this.addNamespaces(...requireArray(this, 'namespaces', props.namespaces ?? []));
  }

  /** The namespaces with a PodMonitor, in the order they were added. */
  public get namespaces(): string[] {
    return [...this.proxyMonitors.keys()];
  }

  /** The PodMonitor (monitoring.coreos.com/v1) of a namespace, if it has one. */
  public proxyMonitor(namespace: string): ApiObject | undefined {
    return this.proxyMonitors.get(namespace);
  }

  /** Adds a PodMonitor for the proxies of each namespace that has none yet. */
  public addNamespaces(...namespaces: string[]): void {
    for (const ns of namespaces) {
      const namespace = requireDnsLabel(this, 'namespace', ns);
      if (this.proxyMonitors.has(namespace)) continue;
      this.proxyMonitors.set(namespace, new PodMonitor(this, `Proxies-${namespace}`, {
        metadata: { name: PROXIES_MONITOR_NAME, namespace },
        spec: {
          selector: { matchExpressions: [{ key: 'istio-prometheus-ignore', operator: 'DoesNotExist' }] },
          podMetricsEndpoints: [{
            port: ENVOY_PROMETHEUS_PORT_NAME,
            path: ENVOY_PROMETHEUS_PATH,
            interval: this.interval,
            relabelings: [
              // only the proxy container's port, also on pods with other ports of that name
              { action: Action.KEEP, sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: 'istio-proxy' },
              // app and version as Kiali reads them: the Kubernetes recommended labels first, then app/version
              {
                action: Action.REPLACE, sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name', '__meta_kubernetes_pod_label_app'],
                separator: ';', regex: '(.+);.*|.*;(.+)', replacement: '${1}${2}', targetLabel: 'app',
              },
              {
                action: Action.REPLACE, sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_version', '__meta_kubernetes_pod_label_version'],
                separator: ';', regex: '(.+);.*|.*;(.+)', replacement: '${1}${2}', targetLabel: 'version',
              },
              { action: Action.REPLACE, sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
            ],
          }],
        },
      }));
    }
  }
}
