import { Construct } from 'constructs';
import { addSynthWarning } from '../core/synth-warnings';
import { invalidInput, requireBoolean, requireObject, requireOneOf } from '../core/validation';
import type { MeshTracingProvider } from '../ossm3/control-plane';
import { MeshMetrics } from './mesh-metrics';
import { MeshTracing } from './mesh-tracing';
import { MeshTempoTracing } from './tempo-tracing';
import { ENABLE_USER_WORKLOAD_HOW, UserWorkloadMonitoring } from './user-workload-monitoring';

export { MeshTracing } from './mesh-tracing';

/** Settings of the Tempo instance {@link MeshObservability} creates. */
export interface MeshTempoOptions {
  /** Namespace of the Tempo instance. @default 'tempo' */
  readonly namespace?: string;
  /** Name of the `TempoMonolithic`. @default 'sample' */
  readonly name?: string;
  /** Keep traces on a PersistentVolume instead of in memory. @default false */
  readonly persistent?: boolean;
}

/** Metrics, tracing and user-workload monitoring of an OSSM 3 mesh. */
export interface MeshObservabilityOptions {
  /**
   * Where traces go (`MESH_TRACING=tempo|none`). Tempo is refused together with a collector of your own
   * (`ossm3.tracing`).
   * @default - MeshTracing.TEMPO, unless a collector of your own is given or the control plane's tracing is off
   */
  readonly tracing?: MeshTracing;
  /** The Tempo instance. @default - see MeshTempoOptions */
  readonly tempo?: MeshTempoOptions;
  /** The ServiceMonitor for istiod and a PodMonitor per namespace with proxies. @default true */
  readonly metrics?: boolean;
  /**
   * Write `openshift-monitoring/cluster-monitoring-config` with `enableUserWorkload: true`
   * (`MESH_USER_WORKLOAD_MONITORING=true`). That ConfigMap is the cluster's: applying it replaces its other settings.
   * @default false (a synth warning tells the cluster admin how to switch it on)
   */
  readonly userWorkloadMonitoring?: boolean;
}

/** Props of {@link MeshObservability}. */
export interface MeshObservabilityProps extends MeshObservabilityOptions {
  /** The control-plane namespace (istiod's ServiceMonitor and the OpenTelemetry collector go there). @default 'istio-system' */
  readonly controlPlaneNamespace?: string;
  /** A tracing collector of the user's (`ossm3.tracing`): then no Tempo of this construct. @default - none */
  readonly collector?: MeshTracingProvider;
  /** The control plane traces nothing (`tracing: TracingType.NONE`, `MESH_TRACING=none`): tracing defaults to none. @default false */
  readonly tracingOff?: boolean;
  /** Catalog channel of the Tempo and OpenTelemetry Subscriptions. @default 'stable' */
  readonly channel?: string;
}

/**
 * What an OSSM 3 mesh needs to be seen, from Red Hat's OSSM 3 Observability guide: its metrics for user-workload
 * monitoring ({@link MeshMetrics}), tracing to Tempo ({@link MeshTempoTracing}) unless told otherwise, and the
 * user-workload monitoring switch ({@link UserWorkloadMonitoring}) only when asked — otherwise a synth warning tells
 * the cluster admin to switch it on, since Kiali shows no traffic without it.
 */
export class MeshObservability extends Construct {
  /** The ServiceMonitor and PodMonitors; undefined with `metrics: false`. */
  public readonly metrics?: MeshMetrics;
  /** Tempo and its collector; undefined unless tracing is Tempo. */
  public readonly tracing?: MeshTempoTracing;
  /** The user-workload monitoring switch; undefined unless asked for. */
  public readonly userWorkloadMonitoring?: UserWorkloadMonitoring;

  public constructor(scope: Construct, id: string, props: MeshObservabilityProps = {}) {
    super(scope, id);
    requireObject(this, 'props', props);
    const tracingOff = requireBoolean(this, 'tracingOff', props.tracingOff) ?? false;
    const tracing = props.tracing === undefined
      ? (props.collector !== undefined || tracingOff ? MeshTracing.NONE : MeshTracing.TEMPO)
      : requireOneOf(this, 'tracing', props.tracing, Object.values(MeshTracing));
    if (tracing === MeshTracing.TEMPO && props.collector !== undefined) {
      throw invalidInput(this, 'tracing', tracing, 'Allowed: MeshTracing.NONE or undefined with a collector of your own (ossm3.tracing); '
        + 'leave that out for the Tempo of this library.');
    }
    if (tracing === MeshTracing.TEMPO && tracingOff) {
      throw invalidInput(this, 'tracing', tracing, 'Allowed: MeshTracing.NONE or undefined while the control plane\'s tracing is off '
        + '(controlPlane.tracing: TracingType.NONE, MESH_TRACING=none): one of the two settings must change.');
    }
    if (tracing !== MeshTracing.TEMPO && props.tempo !== undefined) {
      throw invalidInput(this, 'tempo', props.tempo, 'Allowed: undefined unless tracing is MeshTracing.TEMPO.');
    }
    if (requireBoolean(this, 'metrics', props.metrics) ?? true) {
      this.metrics = new MeshMetrics(this, 'Metrics', { controlPlaneNamespace: props.controlPlaneNamespace });
    }
    if (tracing === MeshTracing.TEMPO) {
      const tempo = requireObject(this, 'tempo', props.tempo ?? {});
      this.tracing = new MeshTempoTracing(this, 'Tracing', {
        controlPlaneNamespace: props.controlPlaneNamespace,
        tempoNamespace: tempo.namespace,
        tempoName: tempo.name,
        persistent: tempo.persistent,
        channel: props.channel,
      });
    }
    if (requireBoolean(this, 'userWorkloadMonitoring', props.userWorkloadMonitoring) ?? false) {
      this.userWorkloadMonitoring = new UserWorkloadMonitoring(this, 'UserWorkloadMonitoring');
    } else {
      addSynthWarning(this, 'Kiali shows no traffic until OpenShift user-workload monitoring scrapes the mesh, and this output does not switch it on: '
        + `a cluster admin runs ${ENABLE_USER_WORKLOAD_HOW}, or set MESH_USER_WORKLOAD_MONITORING=true `
        + '(observability.userWorkloadMonitoring) to write that ConfigMap here (it replaces the ConfigMap\'s other settings).');
    }
  }
}
