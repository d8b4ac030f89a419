import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { OpenTelemetryCollectorV1Beta1, OpenTelemetryCollectorV1Beta1SpecMode } from '../../imports/tracing-opentelemetry.io';
import { TempoMonolithic, TempoMonolithicSpecStorageTracesBackend } from '../../imports/tracing-tempo.grafana.com';
import { DEFAULT_CONTROL_PLANE_NAMESPACE, SERVICE_DOMAIN } from '../core/mesh-conventions';
import { requireBoolean, requireDnsLabel, requireObject } from '../core/validation';
import { InstallPlanApproval, OperatorSubscription } from '../mesh/operator-subscription';
import { MeshTracingProvider, TracingProtocol } from '../ossm3/control-plane';

/** The OTLP gRPC port of the collector and of Tempo. */
const OTLP_GRPC_PORT = 4317;
/** The OTLP HTTP port of the collector. */
const OTLP_HTTP_PORT = 4318;
/** Tempo's HTTP API (what Kiali queries). */
const TEMPO_HTTP_PORT = 3200;

/** The namespace of the Tempo instance unless told otherwise, as in Red Hat's OSSM 3 tracing documentation. */
export const DEFAULT_TEMPO_NAMESPACE = 'tempo';

/** Where Kiali reads traces: what {@link KialiServerProps.tracing} takes. */
export interface KialiTracingOptions {
  /** Tempo's HTTP API inside the cluster, e.g. `http://tempo-sample.tempo.svc.cluster.local:3200`. */
  readonly internalUrl: string;
}

/** Props of {@link MeshTempoTracing}. */
export interface MeshTempoTracingProps {
  /** The control-plane namespace: the OpenTelemetry collector runs there, as Red Hat documents. @default 'istio-system' */
  readonly controlPlaneNamespace?: string;
  /** Namespace of the Tempo instance, which this construct creates. @default 'tempo' */
  readonly tempoNamespace?: string;
  /** Name of the `TempoMonolithic` (its Services are `tempo-<name>…`). @default 'sample' */
  readonly tempoName?: string;
  /** Name of the `OpenTelemetryCollector` (its Service is `<name>-collector`). @default 'otel' */
  readonly collectorName?: string;
  /**
   * Keep traces on a PersistentVolume (`storage.traces.backend: pv`) instead of in memory, where a restart of the
   * Tempo pod loses them (as the workshop's all-in-one Jaeger did).
   * @default false
   */
  readonly persistent?: boolean;
  /** Catalog channel of both operator Subscriptions. @default 'stable' */
  readonly channel?: string;
}

/**
 * Distributed tracing for an OSSM 3 mesh, as Red Hat documents it (Observability guide, chapter "Distributed
 * tracing and Service Mesh"): the Red Hat build of Tempo (Subscription `tempo-product`) stores the traces in a
 * `TempoMonolithic` in its own namespace, and the Red Hat build of OpenTelemetry (Subscription
 * `opentelemetry-product`) runs an `OpenTelemetryCollector` in the control-plane namespace that receives OTLP from
 * the proxies and exports it to Tempo. Both operators install into `openshift-operators` (all namespaces).
 *
 * This construct does not touch the control plane: {@link MeshTempoTracing.provider} is what the `Istio` resource's
 * `meshConfig.extensionProviders` and the mesh-wide `Telemetry` take (`SailControlPlane`'s `tracing`), and
 * {@link MeshTempoTracing.kialiTracing} what Kiali takes to show the traces.
 */
export class MeshTempoTracing extends Construct {
  /** The operator Subscriptions (`tempo-product`, `opentelemetry-product`). */
  public readonly subscriptions: readonly OperatorSubscription[];
  /** The Tempo namespace. */
  public readonly namespace: k8s.KubeNamespace;
  /** The `TempoMonolithic` (tempo.grafana.com/v1alpha1). */
  public readonly tempo: ApiObject;
  /** The `OpenTelemetryCollector` (opentelemetry.io/v1beta1). */
  public readonly collector: ApiObject;
  /**
   * The tracing provider of the mesh, the collector's OTLP gRPC endpoint: what `SailControlPlane`'s `tracing` takes
   * (it writes the extension provider and the `Telemetry` with the sampling).
   */
  public readonly provider: MeshTracingProvider;
  /** Where Kiali reads the traces. */
  public readonly kialiTracing: KialiTracingOptions;

  public constructor(scope: Construct, id: string, props: MeshTempoTracingProps = {}) {
    super(scope, id);
    requireObject(this, 'props', props);
    const controlPlaneNamespace = requireDnsLabel(this, 'controlPlaneNamespace', props.controlPlaneNamespace ?? DEFAULT_CONTROL_PLANE_NAMESPACE);
    const tempoNamespace = requireDnsLabel(this, 'tempoNamespace', props.tempoNamespace ?? DEFAULT_TEMPO_NAMESPACE);
    const tempoName = requireDnsLabel(this, 'tempoName', props.tempoName ?? 'sample');
    const collectorName = requireDnsLabel(this, 'collectorName', props.collectorName ?? 'otel');
    const persistent = requireBoolean(this, 'persistent', props.persistent) ?? false;

    this.subscriptions = [
      new OperatorSubscription(this, 'TempoOperator', { packageName: 'tempo-product', channel: props.channel, installPlanApproval: InstallPlanApproval.AUTOMATIC }),
      new OperatorSubscription(this, 'OpenTelemetryOperator', { packageName: 'opentelemetry-product', channel: props.channel, installPlanApproval: InstallPlanApproval.AUTOMATIC }),
    ];
    this.namespace = new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: tempoNamespace } });
    this.tempo = new TempoMonolithic(this, 'Tempo', {
      metadata: { name: tempoName, namespace: tempoNamespace },
      spec: {
        storage: { traces: { backend: persistent ? TempoMonolithicSpecStorageTracesBackend.PV : TempoMonolithicSpecStorageTracesBackend.MEMORY } },
        // the Jaeger UI, behind the OpenShift OAuth proxy, on a Route of its own
        jaegerui: { enabled: true, route: { enabled: true } },
      },
    });
    this.tempo.node.addDependency(this.namespace);
    // the Services the tempo operator creates for a TempoMonolithic named <name>
    const tempoHost = `tempo-${tempoName}.${tempoNamespace}${SERVICE_DOMAIN}`;
    this.collector = new OpenTelemetryCollectorV1Beta1(this, 'Collector', {
      metadata: { name: collectorName, namespace: controlPlaneNamespace },
      spec: {
        mode: OpenTelemetryCollectorV1Beta1SpecMode.DEPLOYMENT,
        config: {
          receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` }, http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } } } },
          exporters: { otlp: { endpoint: `${tempoHost}:${OTLP_GRPC_PORT}`, tls: { insecure: true } } },
          service: { pipelines: { traces: { receivers: ['otlp'], exporters: ['otlp'] } } },
        },
      },
    });
    this.provider = {
      name: 'otel', protocol: TracingProtocol.OPENTELEMETRY, service: `${collectorName}-collector.${controlPlaneNamespace}${SERVICE_DOMAIN}`, port: OTLP_GRPC_PORT,
    };
    this.kialiTracing = { internalUrl: `http://${tempoHost}:${TEMPO_HTTP_PORT}` };
  }
}
