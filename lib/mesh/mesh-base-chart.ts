import { Chart, ChartProps } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IMeshMemberSource } from '../core/members';
import { lazyModule } from '../core/lazy-module';
import { Mesh } from '../core/mesh';
import { IMeshControlPlane, OssmVersion } from '../core/mesh-control-plane';
import { addDeprecationWarning, addSynthWarning } from '../core/synth-warnings';
import { invalidInput, isDnsLabel, requireBoolean, requireObject, requireOneOf, requireSemver } from '../core/validation';
import { MeshIngressGateway, MeshIngressGatewayProps } from '../gateway/mesh-ingress-gateway';
import type * as carryover from '../ossm3/carryover';
import type { Ossm3Options, SailControlPlane } from '../ossm3/control-plane';
import type * as sail from '../ossm3/control-plane';
import type { KialiServer } from '../ossm3/kiali-server';
import type * as kiali from '../ossm3/kiali-server';
import type { MeshMetrics } from '../observability/mesh-metrics';
import type * as observability from '../observability/mesh-observability';
import type { MeshObservability, MeshObservabilityOptions } from '../observability/mesh-observability';
import { MaistraControlPlane, MaistraControlPlaneProps, readMaistraControlPlaneProps, TracingType } from './control-plane';
import { MeshMemberRoll } from './member-roll';
import { InstallPlanApproval, OperatorSubscription, requireChannel } from './operator-subscription';
import { chartPropsForSuper, requireChartProps } from '../core/chart-props';

/** The synth warning of every OSSM 2.6 mesh base. */
const OSSM2_END_OF_LIFE = 'OpenShift Service Mesh 2.6 reached end of life on 2026-06-30 (no more fixes, and the Jaeger operator it traces with left '
  + 'the catalog in November 2025). Build for OSSM 3 instead: OSSM_VERSION=3 (the default) for npm run synth, ossmVersion: OssmVersion.V3 in code; '
  + '`cdk8s-ossm migrate` turns an existing ServiceMeshControlPlane into its OSSM 3 Istio resource.';

/** The Kiali operator version the workshop pins on OSSM 2.6. */
const WORKSHOP_KIALI_VERSION = '1.89.8';

/**
 * The OSSM 3 constructs, which load the sail operator's and Istio 1.30's generated types (2 MB of code): loaded when
 * a chart is for OSSM 3.
 */
const ossm3Constructs = lazyModule(() => ({
  ...require('../ossm3/control-plane') as typeof sail,
  ...require('../ossm3/kiali-server') as typeof kiali,
  ...require('../ossm3/carryover') as typeof carryover,
  ...require('../observability/mesh-observability') as typeof observability,
}));

/** Which operators {@link MeshBaseChart} subscribes to, and how. */
export interface MeshOperatorsOptions {
  /**
   * Subscribe to the OpenShift Elasticsearch operator (optional in the workshop; only Jaeger with Elasticsearch
   * storage uses it). OSSM 2.6 only: refused for OSSM 3, which installs no Jaeger.
   * @default false
   */
  readonly elasticsearch?: boolean;
  /**
   * Subscribe to the Red Hat OpenShift distributed tracing platform (Jaeger) operator, `jaeger-product`. It left
   * the redhat-operators catalog on 2025-11-03, so on current clusters this Subscription cannot resolve. OSSM 2.6
   * only: refused for OSSM 3.
   * @default - true when the control plane's tracing is Jaeger (OSSM 2.6); false for OSSM 3
   */
  readonly jaeger?: boolean;
  /**
   * Kiali operator version to pin, as the workshop installs 1.89.8: a semantic version, with or without a leading
   * `v` (written once either way). A pin is a `startingCSV`
   * (`kiali-operator.v<version>`) with `installPlanApproval: Manual`: OLM would otherwise upgrade past it at once,
   * and with Manual approval even the first InstallPlan waits until you approve it (see the README).
   * `undefined` subscribes to the channel head with automatic upgrades. The workshop's pin belongs to OSSM 2.6: for
   * OSSM 3 the default is the channel head, and a 1.x pin is refused (Kiali 1.x predates OSSM 3).
   * @default '1.89.8' for OSSM 2.6; undefined (the channel head) for OSSM 3
   */
  readonly kialiVersion?: string | undefined;
  /** Catalog channel of every subscription, e.g. `stable`. @default 'stable' */
  readonly channel?: string;
  /**
   * Service Mesh operator version to pin (`servicemeshoperator3` on OSSM 3, `servicemeshoperator` on 2.6): a
   * semantic version such as `3.4.0`, with or without a leading `v`. A pin is a `startingCSV`
   * (`<package>.v<version>`) with `installPlanApproval: Manual`, as for `kialiVersion`.
   * @default - the channel head
   */
  readonly serviceMeshVersion?: string;
  /**
   * How OLM approves new versions of the Service Mesh operator: `Manual` holds every upgrade (and the first install)
   * until someone approves its InstallPlan (see the README's upgrade procedure). A pin needs Manual.
   * @default - Manual with `serviceMeshVersion`, Automatic otherwise
   */
  readonly serviceMeshInstallPlanApproval?: InstallPlanApproval;
}

/** Props of {@link MeshBaseChart}. */
export interface MeshBaseChartProps extends ChartProps {
  /**
   * Which OpenShift Service Mesh to emit: 3 (an `Istio`, an `IstioCNI`, discovery selectors, Kiali and an ingress
   * gateway of its own) or 2.6 (the workshop's `ServiceMeshControlPlane` and its member roll). OSSM 2.6 reached end of
   * life on 2026-06-30: a 2.6 chart carries a synth warning pointing to OSSM 3 and `cdk8s-ossm migrate`.
   * @default OssmVersion.V3
   */
  readonly ossmVersion?: OssmVersion;
  /**
   * The control plane, in the terms of the workshop's `ServiceMeshControlPlane`; every default is the workshop's.
   * For OSSM 2.6 it is that SMCP. For OSSM 3 the settings OSSM 3 has are carried over (namespace, access log, the
   * trace sampling of a tracing provider, Kiali), and those it has no counterpart for (the Grafana addon, IOR,
   * Jaeger, the Prometheus addon, policy or telemetry `None`, profiles) are named in synth warnings.
   * @default - the workshop's control plane
   */
  readonly controlPlane?: MaistraControlPlaneProps;
  /** OSSM 3 settings with no OSSM 2.6 counterpart; refused for OSSM 2.6. @default - see Ossm3Options */
  readonly ossm3?: Ossm3Options;
  /**
   * The ingress gateway this chart deploys on OSSM 3: pods, autoscaling, disruption budget, NetworkPolicy. Refused
   * for OSSM 2.6, whose control plane creates the gateway.
   * @default - one pod, a NetworkPolicy, no autoscaling nor disruption budget
   */
  readonly ingressGateway?: Pick<MeshIngressGatewayProps, 'replicas' | 'autoscaling' | 'podDisruptionBudget' | 'networkPolicy'>;
  /**
   * Metrics, tracing and user-workload monitoring of an OSSM 3 mesh (`MESH_TRACING=tempo`,
   * `MESH_USER_WORKLOAD_MONITORING`); refused for OSSM 2.6, whose control plane brings its own Prometheus and Jaeger.
   * @default - see MeshObservabilityOptions: ServiceMonitor and PodMonitors, Tempo with OpenTelemetry, a synth warning about user-workload monitoring
   */
  readonly observability?: MeshObservabilityOptions;
  /** The operators to subscribe to. @default - Service Mesh, Kiali 1.89.8 and Jaeger (OSSM 2.6); Service Mesh 3 and Kiali (OSSM 3) */
  readonly operators?: MeshOperatorsOptions;
  /**
   * Where the member namespaces come from: typically the apps charts. OSSM 2.6 lists them in the member roll; for
   * OSSM 3 they must carry the control plane's membership labels, which apps charts made for this mesh have. Apps
   * charts find the mesh only once this chart has declared it, so create this chart first and add them with
   * {@link MeshBaseChart.addMembers}; this prop is for sources made before it (with a `controlPlane` of their own).
   * @default - none
   */
  readonly members?: IMeshMemberSource[];
}

/**
 * Sections 1-1 to 1-3 of the workshop, for OSSM 2.6 or OSSM 3 (`ossmVersion`) from one description.
 *
 * OSSM 2.6: the operator Subscriptions (Service Mesh, Kiali, Jaeger), the control-plane namespace, the
 * `ServiceMeshControlPlane` and the `ServiceMeshMemberRoll` named `default`.
 *
 * OSSM 3: the Subscriptions `servicemeshoperator3` and `kiali-ossm`, the namespaces of the control plane, the CNI
 * agent and the ingress gateway, the `Istio` and `IstioCNI` ({@link SailControlPlane}), a `Kiali`
 * ({@link KialiServer}), and the ingress gateway OSSM 3 no longer creates ({@link MeshIngressGateway}).
 *
 * The chart declares its control plane as the mesh of the scope it is created in ({@link Mesh.declare}; the App, or a
 * per-cluster Construct of a fleet): app, ingress, traffic and security constructs created after it under that scope
 * find it there and need no `controlPlane` (see {@link Mesh} for the order). They hand back their namespaces as member
 * sources, and do not depend on this chart's maistra or sail types:
 *
 * ```ts
 * const app = new App();
 * const meshBase = new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V3 });
 * meshBase.addMembers(new TravelsAppsChart(app, 'travels-apps'));   // OSSM 3 apps: v1 API, labels, a Route
 * ```
 */
export class MeshBaseChart extends Chart {
  /** The OSSM generation this chart emits. */
  public readonly ossmVersion: OssmVersion;
  /** The control plane, as app, ingress and traffic constructs take it (either platform); also declared as the mesh of this chart's scope. */
  public readonly meshControlPlane: IMeshControlPlane;
  /** The OSSM 2.6 control plane (`ServiceMeshControlPlane`); undefined for OSSM 3. */
  public readonly maistraControlPlane?: MaistraControlPlane;
  /** The OSSM 3 control plane (`Istio`, `IstioCNI`); undefined for OSSM 2.6. */
  public readonly sailControlPlane?: SailControlPlane;
  /**
   * The ingress gateway this chart deploys (OSSM 3 with sidecars); undefined for OSSM 2.6, whose control plane creates
   * it, and in ambient mode, where ingress is a Gateway API Gateway (`GatewayApiIngress`).
   */
  public readonly ingressGateway?: MeshIngressGateway;
  /** Kiali (OSSM 3, unless `controlPlane.kiali` is false); undefined for OSSM 2.6, whose control plane installs it. */
  public readonly kiali?: KialiServer;
  /** The operator subscriptions of the mesh, in install order (Tempo's and OpenTelemetry's are `observability.tracing.subscriptions`). */
  public readonly subscriptions: OperatorSubscription[] = [];
  /** Metrics and tracing of the mesh (OSSM 3); undefined for OSSM 2.6. */
  public readonly observability?: MeshObservability;
  private readonly maistraMemberRoll?: MeshMemberRoll;

  public constructor(scope: Construct, id: string, props: MeshBaseChartProps = {}) {
    super(scope, id, chartPropsForSuper(props));
    requireChartProps(this, props); // props an object, and cdk8s's own ChartProps
    this.ossmVersion = requireOneOf(this, 'ossmVersion', props.ossmVersion ?? OssmVersion.V3, Object.values(OssmVersion));
    const operators = requireObject(this, 'operators', props.operators ?? {});
    const channel = operators.channel === undefined ? undefined : requireChannel(this, 'operators.channel', operators.channel);
    const elasticsearch = requireBoolean(this, 'operators.elasticsearch', operators.elasticsearch) ?? false;
    const jaeger = requireBoolean(this, 'operators.jaeger', operators.jaeger);
    const kialiVersion = this.kialiPin(operators);

    if (this.ossmVersion === OssmVersion.V2_6) {
      for (const [what, value] of [['ossm3', props.ossm3], ['observability', props.observability], ['ingressGateway', props.ingressGateway]] as const) {
        if (value !== undefined) throw invalidInput(this, what, value, 'Allowed: undefined for OSSM 2.6; these settings are for ossmVersion: OssmVersion.V3.');
      }
      const controlPlane = new MaistraControlPlane(this, 'ControlPlane', props.controlPlane);
      this.maistraControlPlane = controlPlane;
      this.meshControlPlane = controlPlane;
      const namespace = new k8s.KubeNamespace(this, 'ControlPlaneNamespace', { metadata: { name: controlPlane.namespace } });
      controlPlane.apiObject.node.addDependency(namespace); // emitted (and applied) after its namespace
      this.maistraMemberRoll = new MeshMemberRoll(this, 'MemberRoll', { controlPlaneNamespace: controlPlane.namespace, members: props.members });
      if (elasticsearch) this.subscriptions.push(new OperatorSubscription(this, 'Elasticsearch', { packageName: 'elasticsearch-operator', channel }));
      if (jaeger ?? controlPlane.tracing === TracingType.JAEGER) {
        this.subscriptions.push(new OperatorSubscription(this, 'Jaeger', { packageName: 'jaeger-product', channel }));
      }
      this.subscriptions.push(this.kialiSubscription(kialiVersion, channel));
      this.subscriptions.push(this.serviceMeshSubscription('servicemeshoperator', operators, channel));
      addSynthWarning(this, OSSM2_END_OF_LIFE);
      Mesh.declare(scope, controlPlane);
      return;
    }

    for (const [what, on] of [['operators.elasticsearch', elasticsearch], ['operators.jaeger', jaeger]] as const) {
      if (on) throw invalidInput(this, what, on, 'Allowed: false or undefined for OSSM 3, which installs no Jaeger (nor its Elasticsearch); trace to Tempo through ossm3.tracing.');
    }
    const ossm3 = requireObject(this, 'ossm3', props.ossm3 ?? {});
    const settings = readMaistraControlPlaneProps(this, props.controlPlane, 'controlPlane.', OssmVersion.V3);
    const { SailControlPlane: SailControlPlaneClass, KialiServer: KialiServerClass, ossm3Carryover, MeshObservability } = ossm3Constructs();
    const observed = new MeshObservability(this, 'Observability', {
      ...requireObject(this, 'observability', props.observability ?? {}), controlPlaneNamespace: settings.namespace, collector: ossm3.tracing, tracingOff: settings.tracing === TracingType.NONE, channel,
    });
    this.observability = observed;
    const controlPlane = new SailControlPlaneClass(this, 'ControlPlane', {
      ...ossm3Carryover(this, settings, { ...ossm3, tracing: ossm3.tracing ?? observed.tracing?.provider }, observed.tracing && 'Tempo'), members: props.members,
    });
    this.sailControlPlane = controlPlane;
    this.meshControlPlane = controlPlane;
    const namespace = (nsId: string, name: string, labels: Readonly<Record<string, string>>) =>
      new k8s.KubeNamespace(this, nsId, { metadata: { name, labels: { ...labels } } });
    const controlPlaneNamespace = namespace('ControlPlaneNamespace', controlPlane.namespace, controlPlane.discoveryLabels);
    controlPlane.apiObject.node.addDependency(controlPlaneNamespace);
    observed.tracing?.collector.node.addDependency(controlPlaneNamespace); // the collector runs there
    controlPlane.cni.node.addDependency(namespace('CniNamespace', controlPlane.cniNamespace, {}));
    if (controlPlane.ztunnel) {
      if (props.ingressGateway !== undefined) {
        throw invalidInput(this, 'ingressGateway', props.ingressGateway, 'Allowed: undefined in ambient mode, which deploys no injected gateway: '
          + 'ingress is a Gateway API Gateway that Istio deploys (GatewayApiIngress), as Red Hat documents gateways for ambient mode.');
      }
      // ambient mode: no injected gateway; ingress is a Gateway API Gateway that Istio deploys (GatewayApiIngress), as Red Hat documents
      controlPlane.ztunnel.node.addDependency(namespace('ZTunnelNamespace', controlPlane.ztunnel.namespace, {}));
    } else {
      // sidecar mode: the ingress gateway OSSM 3 no longer creates, by gateway injection
      const gatewayNamespace = namespace('IngressGatewayNamespace', controlPlane.ingressGateway.namespace, controlPlane.membership.namespaceLabels);
      this.ingressGateway = new MeshIngressGateway(this, 'IngressGateway', {
        ...requireObject(this, 'ingressGateway', props.ingressGateway ?? {}), namespace: controlPlane.ingressGateway.namespace, controlPlane,
      });
      this.ingressGateway.node.addDependency(gatewayNamespace);
      observed.metrics?.addNamespaces(controlPlane.ingressGateway.namespace);
    }
    observed.metrics?.addNamespaces(...controlPlane.members.filter(isDnsLabel));
    if (settings.kiali) this.kiali = new KialiServerClass(this, 'KialiServer', { namespace: controlPlane.namespace, tracing: observed.tracing?.kialiTracing });
    const kialiSubscription = this.kialiSubscription(kialiVersion, channel);
    const serviceMesh = this.serviceMeshSubscription('servicemeshoperator3', operators, channel);
    this.subscriptions.push(kialiSubscription, serviceMesh);
    this.warnOfFloatingVersions(controlPlane.version, [serviceMesh, kialiSubscription]);
    Mesh.declare(scope, controlPlane);
  }

  /** The mesh's metrics (ServiceMonitor and PodMonitors; OSSM 3 unless `observability.metrics` is false). */
  public get metrics(): MeshMetrics | undefined {
    return this.observability?.metrics;
  }

  /**
   * The OSSM 2.6 control plane.
   * @deprecated Use {@link MeshBaseChart.maistraControlPlane} (OSSM 2.6) or {@link MeshBaseChart.meshControlPlane}
   * (either platform). Throws for an OSSM 3 chart, which has no `ServiceMeshControlPlane`.
   */
  public get controlPlane(): MaistraControlPlane {
    addDeprecationWarning(this, 'MeshBaseChart.controlPlane', 'use meshControlPlane (either platform) or maistraControlPlane (OSSM 2.6).');
    if (!this.maistraControlPlane) {
      throw new Error(`${this.node.path}: controlPlane is the OSSM 2.6 ServiceMeshControlPlane, and this chart emits OSSM 3: use meshControlPlane or sailControlPlane.`);
    }
    return this.maistraControlPlane;
  }

  /**
   * The OSSM 2.6 member roll. Throws for an OSSM 3 chart, which has none: its members are
   * {@link MeshBaseChart.members}, added with `addMembers` and `addExistingNamespace` on this chart.
   */
  public get memberRoll(): MeshMemberRoll {
    if (!this.maistraMemberRoll) {
      throw new Error(`${this.node.path}: memberRoll is OSSM 2.6's ServiceMeshMemberRoll, and this chart emits OSSM 3: use addMembers, addExistingNamespace and members of the chart.`);
    }
    return this.maistraMemberRoll;
  }

  /** The control-plane namespace (where istiod runs; on OSSM 2.6 the ingress gateway too). */
  public get controlPlaneNamespace(): string {
    return this.meshControlPlane.namespace;
  }

  /** The member namespaces, from every member source and existing namespace, in the order they were added. */
  public get members(): string[] {
    return this.maistraMemberRoll?.members ?? this.sailControlPlane!.members;
  }

  /** Adds member sources (apps charts): to the member roll (OSSM 2.6), or to the namespaces that must carry the membership labels (OSSM 3). */
  public addMembers(...sources: IMeshMemberSource[]): void {
    (this.maistraMemberRoll ?? this.sailControlPlane!).addMembers(...sources);
    this.observability?.metrics?.addNamespaces(...this.members.filter(isDnsLabel)); // their proxies are scraped too (bad names are reported at synth)
  }

  /** Adds a member namespace that exists on the cluster but is created by no chart of this app. */
  public addExistingNamespace(namespace: string): void {
    (this.maistraMemberRoll ?? this.sailControlPlane!).addExistingNamespace(namespace);
    this.observability?.metrics?.addNamespaces(namespace); // a DNS label: checked above
  }

  /** The Kiali pin in effect: the workshop's on OSSM 2.6 unless set; none (the channel head) on OSSM 3 unless set, never 1.x there. */
  private kialiPin(operators: MeshOperatorsOptions): string | undefined {
    const ossm3 = this.ossmVersion === OssmVersion.V3;
    const pin = 'kialiVersion' in operators ? operators.kialiVersion : (ossm3 ? undefined : WORKSHOP_KIALI_VERSION);
    const version = pin === undefined ? undefined : requireSemver(this, 'operators.kialiVersion', pin);
    if (ossm3 && version !== undefined && Number(version.split('.')[0]) < 2) {
      throw invalidInput(this, 'operators.kialiVersion', pin, 'Allowed on OSSM 3: a Kiali 2.x version or later, or undefined for the channel head — '
        + 'Kiali 1.x predates OSSM 3 and does not know its Istio resource (the workshop\'s 1.89.8 pin belongs to OSSM 2.6).');
    }
    return version;
  }

  /** The Service Mesh operator's Subscription, pinned (with Manual approval) when `operators.serviceMeshVersion` says so. */
  private serviceMeshSubscription(packageName: string, operators: MeshOperatorsOptions, channel: string | undefined): OperatorSubscription {
    const version = operators.serviceMeshVersion === undefined ? undefined : requireSemver(this, 'operators.serviceMeshVersion', operators.serviceMeshVersion);
    const approval = operators.serviceMeshInstallPlanApproval === undefined ? undefined
      : requireOneOf(this, 'operators.serviceMeshInstallPlanApproval', operators.serviceMeshInstallPlanApproval, Object.values(InstallPlanApproval));
    if (version !== undefined && approval === InstallPlanApproval.AUTOMATIC) {
      throw invalidInput(this, 'operators.serviceMeshInstallPlanApproval', approval,
        `Allowed with serviceMeshVersion "${version}": Manual (or undefined) — with Automatic OLM upgrades past the pinned version.`);
    }
    return new OperatorSubscription(this, 'ServiceMesh', {
      packageName,
      channel,
      startingCsv: version === undefined ? undefined : `${packageName}.v${version}`,
      installPlanApproval: approval ?? (version === undefined ? InstallPlanApproval.AUTOMATIC : InstallPlanApproval.MANUAL),
    });
  }

  /**
   * One synth warning when upgrades are not in the user's hands: the Istio version floats (`-latest`) or OLM approves
   * operator upgrades on its own.
   */
  private warnOfFloatingVersions(istioVersion: string, subscriptions: readonly OperatorSubscription[]): void {
    const automatic = subscriptions.filter((s) => s.installPlanApproval === InstallPlanApproval.AUTOMATIC).map((s) => s.packageName);
    const floating = istioVersion.endsWith('-latest');
    if (!floating && automatic.length === 0) return;
    const what = [
      ...(floating ? [`the Istio version ${istioVersion} follows the operator's newest patch`] : []),
      ...(automatic.length > 0 ? [`OLM installs every new version of ${automatic.join(' and ')} on its own (installPlanApproval: Automatic)`] : []),
    ];
    addSynthWarning(this, `upgrades are not under your control: ${what.join(', and ')}. For planned upgrades pin ossm3.version (e.g. v1.30.3) and `
      + 'operators.serviceMeshVersion and operators.kialiVersion (Manual InstallPlan approval), and follow the README\'s upgrade procedure '
      + '(InPlace or RevisionBased, MESH_UPDATE_STRATEGY).');
  }

  private kialiSubscription(version: string | undefined, channel: string | undefined): OperatorSubscription {
    return new OperatorSubscription(this, 'Kiali', {
      packageName: 'kiali-ossm',
      channel,
      startingCsv: version === undefined ? undefined : `kiali-operator.v${version}`,
      installPlanApproval: version === undefined ? InstallPlanApproval.AUTOMATIC : InstallPlanApproval.MANUAL,
    });
  }
}
