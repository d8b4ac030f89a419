import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Istio, IstioCni, IstioCniSpecProfile, IstioCniSpecVersion, IstioRevisionTag, IstioRevisionTagSpecTargetRefKind, IstioSpecProfile,
  IstioSpecUpdateStrategyType, IstioSpecValuesMeshConfigExtensionProviders, IstioSpecVersion,
} from '../../imports/ossm3-sailoperator.io';
import { DATAPLANE_MODE_LABEL, DataPlaneMode, DEFAULT_ZTUNNEL_NAMESPACE } from '../core/data-plane';
import { Telemetry } from '../../imports/ossm3-telemetry.istio.io';
import { IMeshMemberSource, MemberNamespaceList, namespacesCreatedIn } from '../core/members';
import { IMeshControlPlane, IngressGatewayReference, IstioApiVersion, MeshMembershipReference, OssmVersion } from '../core/mesh-control-plane';
import {
  DEFAULT_CONTROL_PLANE_NAMESPACE, ISTIO_DISCOVERY_LABEL, ISTIO_INJECTION_LABEL, ISTIO_REVISION_LABEL, SIDECAR_INJECT_LABEL,
} from '../core/mesh-conventions';
import { RoutingApi } from '../core/routing-api';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { addSynthWarning } from '../core/synth-warnings';
import {
  invalidInput, requireArray, requireBoolean, requireDnsLabel, requireDnsSubdomain, requireNumber, requireObject, requireOneOf, requirePort,
} from '../core/validation';
import { DEFAULT_INGRESS_GATEWAY_NAMESPACE, ingressGatewayReference } from '../gateway/mesh-ingress-gateway';
import { DEFAULT_ACCESS_LOG_FILE, requireAccessLogFile } from '../mesh/control-plane';
import { MeshPeerAuthentication, MtlsMode } from '../security/mesh-peer-authentication';
import { DEFAULT_REVISION_TAG, UpdateStrategy } from './update-strategy';
import { MeshZTunnel } from './ztunnel';

export { DEFAULT_REVISION_TAG, UpdateStrategy } from './update-strategy';

/** The Istio versions the OSSM 3.4 operator runs: what its `Istio` CRD accepts in `spec.version` (generated from it). */
export const SAIL_ISTIO_VERSIONS: readonly string[] = Object.values(IstioSpecVersion);

/** The Istio version of a SailControlPlane (and of a migrated control plane) unless told otherwise. @internal */
export const DEFAULT_SAIL_VERSION: string = IstioSpecVersion.V1_30_HYPHEN_LATEST;

/** The namespace of the Istio CNI node agent unless told otherwise. @internal */
export const DEFAULT_CNI_NAMESPACE = 'istio-cni';

/** How the proxies send traces to a collector. */
export enum TracingProtocol {
  /** OpenTelemetry (OTLP over gRPC), Red Hat's way to Tempo through the OpenTelemetry collector. */
  OPENTELEMETRY = 'opentelemetry',
  /** Zipkin. */
  ZIPKIN = 'zipkin',
}

/** A tracing collector the mesh reports to: an entry of `meshConfig.extensionProviders`, switched on by a `Telemetry`. */
export interface MeshTracingProvider {
  /** The collector's Service, as a host, e.g. `otel-collector.istio-system.svc.cluster.local`. */
  readonly service: string;
  /** How the proxies send the traces. @default TracingProtocol.OPENTELEMETRY */
  readonly protocol?: TracingProtocol;
  /** The collector's port. @default - 4317 for OpenTelemetry, 9411 for Zipkin */
  readonly port?: number;
  /** Name of the extension provider, which the `Telemetry` resource refers to. @default - 'otel' or 'zipkin' */
  readonly name?: string;
  /** Share of requests traced, 0–100. @default 100 */
  readonly samplingPercentage?: number;
}

/** OSSM 3 settings that an OSSM 2.6 control plane has no field for. */
export interface Ossm3Options {
  /**
   * Name of the `Istio` resource (cluster-scoped). With the `InPlace` update strategy the revision has the same name;
   * `default` is the revision the namespace label `istio-injection: enabled` selects, any other name needs
   * `istio.io/rev: <name>` (what the membership labels then say). With `RevisionBased`, the `IstioRevisionTag`
   * `default` points to this resource whatever its name, and members carry `istio-injection: enabled`.
   * @default 'default'
   */
  readonly name?: string;
  /**
   * How a new Istio version is rolled out (`MESH_UPDATE_STRATEGY`): in place, or as a new revision next to the old
   * one with an `IstioRevisionTag` named `default`. See the README's upgrade procedure for both.
   * @default UpdateStrategy.IN_PLACE
   */
  readonly updateStrategy?: UpdateStrategy;
  /** Istio version, one of {@link SAIL_ISTIO_VERSIONS}; `-latest` follows the operator's newest patch. @default 'v1.30-latest' */
  readonly version?: string;
  /** Namespace of the Istio CNI node agent (`IstioCNI`, which OSSM 3 on OpenShift needs). @default 'istio-cni' */
  readonly cniNamespace?: string;
  /**
   * The namespace labels `meshConfig.discoverySelectors` select: the control plane sees only namespaces that carry
   * them (its own and the gateway's included).
   * @default { 'istio-discovery': 'enabled' } (Red Hat's documented label)
   */
  readonly discoveryLabels?: Record<string, string>;
  /**
   * A tracing collector (an OpenTelemetry collector, or Zipkin) of your own. `MeshBaseChart` fills it with its own
   * Tempo through OpenTelemetry (`observability.tracing`) when this is not given.
   * @default - no tracing (`MeshBaseChart`: its Tempo, unless tracing is off)
   */
  readonly tracing?: MeshTracingProvider;
  /** Namespace of the ingress gateway Gateways select (OSSM 3 creates none; `MeshBaseChart` deploys one there). @default 'istio-ingress' */
  readonly ingressGatewayNamespace?: string;
  /**
   * The API the mesh's routing is written in (`MESH_ROUTING_API`): Istio's VirtualServices, or the Kubernetes Gateway
   * API v1.2.1 that OpenShift 4.19+ serves (HTTPRoutes with a Service parent, per-version Services).
   * @default - RoutingApi.ISTIO with sidecars, RoutingApi.GATEWAY_API in ambient mode (which refuses ISTIO)
   */
  readonly routingApi?: RoutingApi;
  /**
   * How workloads are proxied (`MESH_DATAPLANE`): sidecars, or ambient mode as Red Hat's OSSM 3 ambient install
   * writes it — `Istio` and `IstioCNI` with profile `ambient`, `values.pilot.trustedZtunnelNamespace`, a `ZTunnel` in
   * its own namespace, member namespaces labelled `istio.io/dataplane-mode: ambient`, routing by Gateway API, ingress
   * by a Gateway API Gateway, and waypoints where L7 is needed. Ambient needs OVN-Kubernetes with `routingViaHost:
   * true` (a synth warning says so) and is not supported on FIPS clusters.
   * @default DataPlaneMode.SIDECAR
   */
  readonly dataPlane?: DataPlaneMode;
  /** Namespace of the ZTunnel node agent (ambient mode only). @default 'ztunnel' */
  readonly ztunnelNamespace?: string;
}

/** Props of {@link SailControlPlane}. */
export interface SailControlPlaneProps extends Ossm3Options {
  /** The control-plane namespace (`spec.namespace`; immutable once applied). @default 'istio-system' */
  readonly namespace?: string;
  /** File the proxies write their access log to (`meshConfig.accessLogFile`): an absolute path. @default '/dev/stdout' */
  readonly accessLogFile?: string;
  /** Write an access log at all. @default true */
  readonly accessLogging?: boolean;
  /** Sources of member namespaces (apps charts); more with `addMembers`. @default - none */
  readonly members?: IMeshMemberSource[];
  /**
   * Mutual TLS between the mesh's sidecars, mesh-wide: `true` emits a `PeerAuthentication` named `default` in the
   * control-plane namespace (Istio's root namespace) with mode STRICT, `false` one with mode PERMISSIVE — OSSM 3's
   * counterpart of the 2.6 control plane's `spec.security.dataPlane.mtls`. Clients send mTLS on their own (Istio's
   * auto mTLS) either way.
   * @default - no mesh-wide policy (Istio's default, PERMISSIVE)
   */
  readonly dataPlaneMtls?: boolean;
}

/**
 * The OSSM 3 control plane: a sailoperator.io/v1 `Istio` (cluster-scoped; `InPlace` updates, or `RevisionBased` ones
 * with an `IstioRevisionTag` named `default`) with its `IstioCNI`, and, when a tracing collector is given, the
 * mesh-wide `Telemetry` that switches tracing on.
 *
 * Membership replaces the member roll: `meshConfig.discoverySelectors` select the namespaces that carry
 * {@link SailControlPlane.discoveryLabels}, and member namespaces carry those plus the injection label. Sidecar
 * injection follows the sail-operator's OSSM documentation (docs/ossm/ossm2-vs-ossm3.md, "Sidecar Injection: New
 * Considerations", and docs/ossm/create-mesh/README.md, "Installing the Sidecar"): for an `Istio` named `default`
 * with `InPlace` updates the revision is `default` and the namespace label `istio-injection: enabled` injects; for
 * another name, `istio.io/rev: <name>`. Pods still say `sidecar.istio.io/inject: "true"` (or `"false"` to opt out).
 * The member namespaces come from member sources, as for the 2.6 member roll, and are checked at synth: each must be
 * created by a chart of the app with these labels, or declared with `addExistingNamespace` (synth then says how to
 * label it).
 *
 * In ambient mode (`dataPlane`), as Red Hat's OSSM 3 ambient install writes it: both resources get `profile:
 * ambient`, istiod trusts the ztunnel namespace (`values.pilot.trustedZtunnelNamespace`), a `ZTunnel`
 * ({@link MeshZTunnel}) runs there, members are labelled `istio.io/dataplane-mode: ambient` instead of for injection,
 * and routing is Gateway API.
 */
export class SailControlPlane extends Construct implements IMeshControlPlane {
  /** Always {@link OssmVersion.V3}. */
  public readonly ossmVersion = OssmVersion.V3;
  /** Istio 1.30 serves `networking.istio.io/v1`. */
  public readonly istioApiVersion = IstioApiVersion.V1;
  /** OSSM 3 has no IOR: whoever exposes a host creates its Route. */
  public readonly createsGatewayRoutes = false;
  /** No zipkin address for the pods' proxy config: tracing, when on, is configured mesh-wide by the `Telemetry`. */
  public readonly zipkinAddress?: string = undefined;
  /** The API the mesh's routing is written in. */
  public readonly routingApi: RoutingApi;
  /** How workloads are proxied: sidecars or ambient mode. */
  public readonly dataPlane: DataPlaneMode;
  /** The namespace of the ZTunnel node agent, in ambient mode; undefined with sidecars. */
  public readonly ztunnelNamespace?: string;
  /** The `ZTunnel` resource (sailoperator.io/v1, named `default`), in ambient mode; undefined with sidecars. */
  public readonly ztunnel?: MeshZTunnel;
  /** The `Istio` resource's name (and revision). */
  public readonly name: string;
  /** The control-plane namespace. */
  public readonly namespace: string;
  /** The Istio version. */
  public readonly version: string;
  /** The namespace of the Istio CNI node agent. */
  public readonly cniNamespace: string;
  /** The labels the discovery selectors select. */
  public readonly discoveryLabels: Readonly<Record<string, string>>;
  /** Member namespaces carry the discovery labels and the injection label; pods opt in or out with `sidecar.istio.io/inject`. */
  public readonly membership: MeshMembershipReference;
  /** The ingress gateway Gateways select (deployed separately: OSSM 3 creates none). */
  public readonly ingressGateway: IngressGatewayReference;
  /** The `Istio` resource (sailoperator.io/v1). */
  public readonly apiObject: ApiObject;
  /** The `IstioCNI` resource (sailoperator.io/v1, named `default`). */
  public readonly cni: ApiObject;
  /** The mesh-wide `Telemetry` that turns tracing on, when a collector is given. */
  public readonly telemetry?: ApiObject;
  /** How new Istio versions are rolled out. */
  public readonly updateStrategy: UpdateStrategy;
  /** The `IstioRevisionTag` named `default` (RevisionBased only). */
  public readonly revisionTag?: ApiObject;
  /** The mesh-wide `PeerAuthentication`, when `dataPlaneMtls` is set. */
  public readonly peerAuthentication?: MeshPeerAuthentication;
  private readonly memberList: MemberNamespaceList;

  public constructor(scope: Construct, id: string, props: SailControlPlaneProps = {}) {
    super(scope, id);
    requireObject(this, 'props', props);
    this.name = requireDnsLabel(this, 'name', props.name ?? 'default'); // also the revision, a label value
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace ?? DEFAULT_CONTROL_PLANE_NAMESPACE);
    this.version = requireOneOf(this, 'version', props.version ?? DEFAULT_SAIL_VERSION, SAIL_ISTIO_VERSIONS,
      'These are the versions the OSSM 3.4 operator\'s Istio resource accepts.');
    this.cniNamespace = requireDnsLabel(this, 'cniNamespace', props.cniNamespace ?? DEFAULT_CNI_NAMESPACE);
    this.dataPlane = requireOneOf(this, 'dataPlane', props.dataPlane ?? DataPlaneMode.SIDECAR, Object.values(DataPlaneMode));
    const ambient = this.dataPlane === DataPlaneMode.AMBIENT;
    if (ambient && props.routingApi === RoutingApi.ISTIO) {
      throw invalidInput(this, 'routingApi', props.routingApi, 'Allowed with dataPlane ambient: gateway-api or undefined (ambient routes by Gateway API; '
        + 'VirtualServices on waypoints are Tech Preview and next to HTTPRoutes undefined behaviour); use dataPlane sidecar for VirtualServices.');
    }
    this.routingApi = requireOneOf(this, 'routingApi', props.routingApi ?? (ambient ? RoutingApi.GATEWAY_API : RoutingApi.ISTIO), Object.values(RoutingApi));
    if (!ambient && props.ztunnelNamespace !== undefined) {
      throw invalidInput(this, 'ztunnelNamespace', props.ztunnelNamespace, 'Allowed: undefined with dataPlane sidecar; a ZTunnel runs in ambient mode only.');
    }
    this.ztunnelNamespace = ambient ? requireDnsLabel(this, 'ztunnelNamespace', props.ztunnelNamespace ?? DEFAULT_ZTUNNEL_NAMESPACE) : undefined;
    this.discoveryLabels = plainMapOf(requireSafeMap(this, 'discoveryLabels', props.discoveryLabels ?? { [ISTIO_DISCOVERY_LABEL]: 'enabled' }, 'labels'));
    if (Object.keys(this.discoveryLabels).length === 0) {
      throw invalidInput(this, 'discoveryLabels', props.discoveryLabels, 'Allowed: at least one label; an empty selector would select every namespace of the cluster.');
    }
    this.updateStrategy = requireOneOf(this, 'updateStrategy', props.updateStrategy ?? UpdateStrategy.IN_PLACE, Object.values(UpdateStrategy));
    const revisionBased = this.updateStrategy === UpdateStrategy.REVISION_BASED;
    // ambient: the dataplane-mode label instead of an injection label, and no pod labels (a pod leaves ambient with `none`);
    // RevisionBased: the tag `default` serves istio-injection=enabled whatever the revision's name
    const injectionLabel: Record<string, string> = ambient ? { [DATAPLANE_MODE_LABEL]: 'ambient' }
      : revisionBased || this.name === 'default' ? { [ISTIO_INJECTION_LABEL]: 'enabled' } : { [ISTIO_REVISION_LABEL]: this.name };
    for (const key of Object.keys(injectionLabel)) {
      if (key in this.discoveryLabels) throw invalidInput(this, 'discoveryLabels', this.discoveryLabels, `Allowed: labels other than the injection label "${key}".`);
    }
    // ambient: a sidecar injection label on the members would give their pods sidecars, which bypass the waypoints
    for (const key of ambient ? [ISTIO_INJECTION_LABEL, ISTIO_REVISION_LABEL] : []) {
      if (key in this.discoveryLabels) {
        throw invalidInput(this, 'discoveryLabels', this.discoveryLabels, `Allowed in ambient mode: labels other than the sidecar injection label "${key}" (its pods would get sidecars).`);
      }
    }
    this.membership = ambient ? {
      namespaceLabels: { ...this.discoveryLabels, ...injectionLabel },
      injectedPodLabels: {},
      uninjectedPodLabels: { [DATAPLANE_MODE_LABEL]: 'none' },
    } : {
      namespaceLabels: { ...this.discoveryLabels, ...injectionLabel },
      injectedPodLabels: { [SIDECAR_INJECT_LABEL]: 'true' },
      uninjectedPodLabels: { [SIDECAR_INJECT_LABEL]: 'false' },
    };
    this.ingressGateway = ingressGatewayReference(requireDnsLabel(this, 'ingressGatewayNamespace', props.ingressGatewayNamespace ?? DEFAULT_INGRESS_GATEWAY_NAMESPACE));
    const accessLogging = requireBoolean(this, 'accessLogging', props.accessLogging) ?? true;
    const accessLogFile = requireAccessLogFile(this, 'accessLogFile', props.accessLogFile ?? DEFAULT_ACCESS_LOG_FILE);
    const tracing = props.tracing === undefined ? undefined : readTracingProvider(this, props.tracing);
    this.memberList = new MemberNamespaceList(this, this.namespace);
    this.addMembers(...requireArray(this, 'members', props.members ?? []));

    this.apiObject = new Istio(this, 'Resource', {
      metadata: { name: this.name },
      spec: {
        namespace: this.namespace,
        version: this.version as IstioSpecVersion,
        profile: ambient ? IstioSpecProfile.AMBIENT : undefined,
        updateStrategy: { type: revisionBased ? IstioSpecUpdateStrategyType.REVISION_BASED : IstioSpecUpdateStrategyType.IN_PLACE },
        values: {
          meshConfig: {
            accessLogFile: accessLogging ? accessLogFile : undefined,
            discoverySelectors: [{ matchLabels: { ...this.discoveryLabels } }],
            extensionProviders: tracing && [tracing.provider],
          },
          // Red Hat's ambient install: istiod trusts the ztunnel of this namespace (it must match the ZTunnel's)
          pilot: ambient ? { trustedZtunnelNamespace: this.ztunnelNamespace } : undefined,
        },
      },
    });
    if (revisionBased) {
      this.revisionTag = new IstioRevisionTag(this, 'RevisionTag', {
        metadata: { name: DEFAULT_REVISION_TAG },
        spec: { targetRef: { kind: IstioRevisionTagSpecTargetRefKind.ISTIO, name: this.name } },
      });
    }
    this.cni = new IstioCni(this, 'Cni', {
      metadata: { name: 'default' },
      spec: { namespace: this.cniNamespace, version: this.version as IstioCniSpecVersion, profile: ambient ? IstioCniSpecProfile.AMBIENT : undefined },
    });
    if (ambient) {
      this.ztunnel = new MeshZTunnel(this, 'ZTunnel', { namespace: this.ztunnelNamespace!, version: this.version });
      addSynthWarning(this, 'ambient mode needs OVN-Kubernetes in local gateway mode: set routingViaHost: true in the gatewayConfig of the Cluster Network '
        + 'Operator (oc patch network.operator.openshift.io cluster --type=merge -p \'{"spec":{"defaultNetwork":{"ovnKubernetesConfig":{"gatewayConfig":{"routingViaHost":true}}}}}\') '
        + 'before applying; ambient mode is not supported on clusters in FIPS mode.');
    }
    if (tracing) {
      this.telemetry = new Telemetry(this, 'Tracing', {
        metadata: { name: 'mesh-default', namespace: this.namespace },
        spec: { tracing: [{ providers: [{ name: tracing.provider.name }], randomSamplingPercentage: tracing.samplingPercentage }] },
      });
    }
    const dataPlaneMtls = requireBoolean(this, 'dataPlaneMtls', props.dataPlaneMtls);
    if (dataPlaneMtls !== undefined) {
      this.peerAuthentication = new MeshPeerAuthentication(this, 'DataPlaneMtls', {
        mode: dataPlaneMtls ? MtlsMode.STRICT : MtlsMode.PERMISSIVE,
        controlPlane: this,
      });
    }
    this.node.addValidation({ validate: () => [...this.memberList.validate(), ...this.validateNamespaceLabels()] });
  }

  /** Adds member sources (apps charts): their namespaces must carry the membership labels. */
  public addMembers(...sources: IMeshMemberSource[]): void {
    this.memberList.add(sources);
  }

  /**
   * Declares a member namespace that exists on the cluster and that no chart of this app creates. This library does
   * not label namespaces it does not create: synth warns with the `oc label` command that joins it to the mesh.
   */
  public addExistingNamespace(namespace: string): void {
    this.memberList.addExisting(namespace);
    const labels = Object.entries(this.membership.namespaceLabels).map(([k, v]) => `${k}=${v}`).join(' ');
    const effect = this.dataPlane === DataPlaneMode.AMBIENT
      ? `ztunnel carries its pods' traffic; in ambient mode also remove any injection label (oc label namespace ${namespace} istio-injection- istio.io/rev-) `
        + 'and restart pods that run a sidecar: sidecar clients bypass waypoints, so HTTPRoutes and L7 authorization policies do not apply to their requests.'
      : 'its pods get sidecars.';
    addSynthWarning(this, `member namespace "${namespace}" exists on the cluster, and this output does not label it: `
      + `run oc label namespace ${namespace} ${labels} so that the discovery selectors select it and ${effect}`);
  }

  /** The member namespaces, de-duplicated, in the order they were added. */
  public get members(): string[] {
    return this.memberList.members;
  }

  /** Member namespaces (and the control-plane namespace) that a chart of the app creates without the labels they need. */
  private validateNamespaceLabels(): string[] {
    const created = namespacesCreatedIn(this.node.root);
    const needs: Array<[string, Readonly<Record<string, string>>, string]> = [
      [this.namespace, this.discoveryLabels, 'the control-plane namespace must be discoverable'],
      ...this.members.map((m): [string, Readonly<Record<string, string>>, string] => [m, this.membership.namespaceLabels, 'a member namespace must be discoverable and injected']),
    ];
    return needs.flatMap(([name, labels, why]) => {
      const ns = created.get(name);
      const missing = Object.entries(labels).filter(([k, v]) => ns !== undefined && ns.metadata.getLabel(k) !== v);
      if (missing.length === 0) return [];
      return [`${this.node.path}: namespace "${name}" (created by ${ns!.node.path}) is not valid. Allowed: a namespace labelled `
        + `${missing.map(([k, v]) => `${k}=${v}`).join(', ')}, since ${why}; create it with those labels `
        + '(apps charts do when given this control plane as their controlPlane).'];
    });
  }
}

/** A tracing provider, checked, as the extension provider entry and the sampling of its Telemetry. */
function readTracingProvider(scope: Construct, provider: MeshTracingProvider): { provider: IstioSpecValuesMeshConfigExtensionProviders; samplingPercentage: number } {
  requireObject(scope, 'tracing', provider);
  const protocol = requireOneOf(scope, 'tracing.protocol', provider.protocol ?? TracingProtocol.OPENTELEMETRY, Object.values(TracingProtocol));
  const service = requireDnsSubdomain(scope, 'tracing.service', provider.service);
  const port = requirePort(scope, 'tracing.port', provider.port ?? (protocol === TracingProtocol.ZIPKIN ? 9411 : 4317));
  const name = requireDnsLabel(scope, 'tracing.name', provider.name ?? (protocol === TracingProtocol.ZIPKIN ? 'zipkin' : 'otel'));
  const samplingPercentage = requireNumber(scope, 'tracing.samplingPercentage', provider.samplingPercentage ?? 100, 0, 100);
  const endpoint = { service, port };
  return {
    provider: protocol === TracingProtocol.ZIPKIN ? { name, zipkin: endpoint } : { name, opentelemetry: endpoint },
    samplingPercentage,
  };
}
