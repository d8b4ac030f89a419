import { Construct } from 'constructs';
import { ServiceMeshControlPlaneV2 } from '../../imports/maistra.io';
import {
  IMeshControlPlane, IngressGatewayReference, IstioApiVersion, MeshMembershipReference, OSSM2_MEMBERSHIP, OssmVersion, standardIngressGateway,
} from '../core/mesh-control-plane';
import { DEFAULT_CONTROL_PLANE_NAMESPACE, jaegerZipkinAddress } from '../core/mesh-conventions';
import {
  invalidInput, requireArray, requireBoolean, requireDnsLabel, requireDnsSubdomain, requireInteger, requireObject, requireOneOf, ValidationScope,
} from '../core/validation';

/** Where the control plane sends traces. */
export enum TracingType {
  /**
   * Jaeger, installed by the Red Hat OpenShift distributed tracing (Jaeger) operator. That operator left the
   * redhat-operators catalog on 2025-11-03: on a cluster without it the control plane fails with
   * `DependencyMissingError`. Kept as the workshop's default; the analyzer warns about it at synth.
   */
  JAEGER = 'Jaeger',
  /** No tracing. Needs no tracing operator. */
  NONE = 'None',
}

/** The control-plane versions the OSSM 2.6 operator runs (its release notes: 2.4 and 2.5 ship with it). */
export const SUPPORTED_CONTROL_PLANE_VERSIONS: readonly string[] = ['v2.4', 'v2.5', 'v2.6'];

/**
 * Values of `spec.policy.type` and `spec.telemetry.type` that a 2.x control plane accepts without more settings:
 * `Mixer` was removed in 2.1, and `Remote` (a remote Mixer) needs an address this construct does not set.
 */
export const CONTROL_PLANE_POLICY_TYPES: readonly string[] = ['Istiod', 'None'];

/**
 * The profiles the OSSM 2.6 operator ships (`default` is the one the workshop uses). Profiles of your own, from
 * the operator's `smcp-templates` ConfigMap, are allowed once named in `customProfiles`.
 */
export const BUILT_IN_CONTROL_PLANE_PROFILES: readonly string[] = ['default', 'small', 'servicemesh', 'maistra', 'gateway-controller'];

/** Props of {@link MaistraControlPlane}. Every default is the value of the workshop's ServiceMeshControlPlane. */
export interface MaistraControlPlaneProps {
  /** Name of the ServiceMeshControlPlane. @default 'basic' */
  readonly name?: string;
  /** The control-plane namespace. @default 'istio-system' */
  readonly namespace?: string;
  /** Control-plane version, one of {@link SUPPORTED_CONTROL_PLANE_VERSIONS}; `v2.6` runs Istio 1.20. @default 'v2.6' */
  readonly version?: string;
  /** Where the control plane sends traces (`spec.tracing.type`). @default TracingType.JAEGER */
  readonly tracing?: TracingType;
  /** Trace sampling in units of 0.01 %: 10000 is 100 %. Allowed 0–10000. @default 10000 */
  readonly tracingSampling?: number;
  /** Storage of the Jaeger the control plane installs (only with Jaeger tracing). @default 'Memory' */
  readonly jaegerStorage?: 'Memory' | 'Elasticsearch';
  /** Install the Grafana addon. @default true */
  readonly grafana?: boolean;
  /** Install the Kiali addon. @default true */
  readonly kiali?: boolean;
  /** Install the Prometheus addon (Kiali needs it while `kiali` is on). @default true */
  readonly prometheus?: boolean;
  /**
   * Istio OpenShift Routing (IOR): the operator creates an OpenShift Route for every host of every Gateway.
   * Deprecated, and off by default since OSSM 2.5; the workshop turns it on. With IOR on, do not also create
   * Routes for the same hosts (see `MeshIngress`'s `createRoute`).
   * @default true
   */
  readonly openshiftRoute?: boolean;
  /** `Istiod` or `None` ({@link CONTROL_PLANE_POLICY_TYPES}; `Mixer` is gone since 2.1). @default 'Istiod' */
  readonly policyType?: string;
  /** `Istiod` or `None` ({@link CONTROL_PLANE_POLICY_TYPES}). @default 'Istiod' */
  readonly telemetryType?: string;
  /** Profiles to apply, from {@link BUILT_IN_CONTROL_PLANE_PROFILES} or `customProfiles`. @default ['default'] */
  readonly profiles?: string[];
  /**
   * Names of profiles you added to the operator's `smcp-templates` ConfigMap, so that `profiles` may use them.
   * @default - none
   */
  readonly customProfiles?: string[];
  /**
   * File the sidecars write their access log to (ignored when `accessLogging` is false): an absolute path.
   * @default '/dev/stdout'
   */
  readonly accessLogFile?: string;
  /** Write an access log at all. @default true */
  readonly accessLogging?: boolean;
  /**
   * Mutual TLS between the sidecars (`spec.security.dataPlane.mtls`): `true` makes the whole mesh STRICT (the operator
   * creates the mesh-wide PeerAuthentication; clients with a DestinationRule TLS `DISABLE` then fail, see the
   * analyzer's OSSM701), `false` keeps it PERMISSIVE. Finer policies per namespace or workload:
   * `MeshPeerAuthentication`.
   * @default - not set: the operator's default, PERMISSIVE (sidecars still use mTLS among themselves: auto mTLS)
   */
  readonly dataPlaneMtls?: boolean;
}

/**
 * The settings of a {@link MaistraControlPlaneProps}, checked and with every default filled in: what the OSSM 2.6
 * control plane emits, and what the OSSM 3 mesh base carries over from the same description.
 * @internal
 */
export interface MaistraControlPlaneSettings {
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  readonly tracing: TracingType;
  readonly tracingSampling: number;
  readonly jaegerStorage: 'Memory' | 'Elasticsearch';
  readonly grafana: boolean;
  readonly kiali: boolean;
  readonly prometheus: boolean;
  readonly openshiftRoute: boolean;
  readonly policyType: string;
  readonly telemetryType: string;
  readonly profiles: readonly string[];
  /** The access log file, or `undefined` when `accessLogging` is off. */
  readonly accessLogFile?: string;
  /** The data-plane mTLS setting, or `undefined` when left to the operator. */
  readonly dataPlaneMtls?: boolean;
}

/**
 * Checks a {@link MaistraControlPlaneProps} and fills in the workshop's defaults. Errors name `scope` and
 * `<prefix><prop>` (e.g. `controlPlane.grafana`). `ossmVersion` is the platform the settings are for: the rules of the
 * OSSM 2.6 operator (Kiali needs the Prometheus addon) apply only to 2.6, since OSSM 3 has no addons (its Kiali
 * reads OpenShift monitoring).
 * @internal
 */
export function readMaistraControlPlaneProps(
  scope: ValidationScope, props: MaistraControlPlaneProps = {}, prefix = '', ossmVersion: OssmVersion = OssmVersion.V2_6,
): MaistraControlPlaneSettings {
  const what = (prop: string) => `${prefix}${prop}`;
  requireObject(scope, prefix === '' ? 'props' : prefix.replace(/\.$/, ''), props);
  const name = requireDnsSubdomain(scope, what('name'), props.name ?? 'basic');
  const namespace = requireDnsLabel(scope, what('namespace'), props.namespace ?? DEFAULT_CONTROL_PLANE_NAMESPACE);
  const version = requireOneOf(scope, what('version'), props.version ?? 'v2.6', SUPPORTED_CONTROL_PLANE_VERSIONS,
    'These are the maistra.io/v2 control-plane versions the OSSM 2.6 operator runs.');
  const tracing = requireOneOf(scope, what('tracing'), props.tracing ?? TracingType.JAEGER, Object.values(TracingType));
  const openshiftRoute = requireBoolean(scope, what('openshiftRoute'), props.openshiftRoute) ?? true;
  const tracingSampling = requireInteger(scope, what('tracingSampling'), props.tracingSampling ?? 10000, 0, 10000);
  const jaegerStorage = requireOneOf(scope, what('jaegerStorage'), props.jaegerStorage ?? 'Memory', ['Memory', 'Elasticsearch']);
  const accessLogging = requireBoolean(scope, what('accessLogging'), props.accessLogging) ?? true;
  const customProfiles = requireArray(scope, what('customProfiles'), props.customProfiles ?? [])
    .map((p, i) => requireDnsSubdomain(scope, what(`customProfiles[${i}]`), p));
  const profiles = requireArray(scope, what('profiles'), props.profiles ?? ['default'])
    .map((p, i) => requireOneOf(scope, what(`profiles[${i}]`), p, [...BUILT_IN_CONTROL_PLANE_PROFILES, ...customProfiles],
      'Profiles of your own (from the operator\'s smcp-templates ConfigMap) must be named in customProfiles.'));
  if (profiles.length === 0) throw invalidInput(scope, what('profiles'), profiles, 'Allowed: at least one profile, e.g. ["default"].');
  const policyType = requireOneOf(scope, what('policyType'), props.policyType ?? 'Istiod', CONTROL_PLANE_POLICY_TYPES,
    'Mixer was removed in OSSM 2.1; Remote (a remote Mixer) is not supported here.');
  const telemetryType = requireOneOf(scope, what('telemetryType'), props.telemetryType ?? 'Istiod', CONTROL_PLANE_POLICY_TYPES,
    'Mixer was removed in OSSM 2.1; Remote (a remote Mixer) is not supported here.');
  const accessLogFile = requireAccessLogFile(scope, what('accessLogFile'), props.accessLogFile ?? DEFAULT_ACCESS_LOG_FILE);
  const [grafana, kiali, prometheus] = (['grafana', 'kiali', 'prometheus'] as const).map((addon) => requireBoolean(scope, what(addon), props[addon]) ?? true);
  if (ossmVersion === OssmVersion.V2_6 && kiali && props.prometheus === false) {
    throw invalidInput(scope, what('prometheus'), false, 'Allowed: true while kiali is on — the operator refuses a control plane whose Kiali has no Prometheus.');
  }
  const dataPlaneMtls = requireBoolean(scope, what('dataPlaneMtls'), props.dataPlaneMtls);
  return {
    name, namespace, version, tracing, tracingSampling, jaegerStorage, grafana, kiali, prometheus, openshiftRoute, policyType, telemetryType,
    profiles, accessLogFile: accessLogging ? accessLogFile : undefined, dataPlaneMtls,
  };
}

/** Where the proxies write their access log unless told otherwise, on either platform. @internal */
export const DEFAULT_ACCESS_LOG_FILE = '/dev/stdout';

/** An access log file: an absolute path without white space. @internal */
export function requireAccessLogFile(scope: ValidationScope, what: string, value: string): string {
  if (typeof value !== 'string' || !/^\/[^\0\s]*$/.test(value)) {
    throw invalidInput(scope, what, value, 'Allowed: an absolute path without white space, e.g. "/dev/stdout".');
  }
  return value;
}

/**
 * A maistra.io/v2 `ServiceMeshControlPlane`: the OSSM 2 control plane (istiod, ingress/egress gateways, addons).
 * As an {@link IMeshControlPlane} it tells the app, ingress and traffic constructs what they need: Istio 1.20's
 * `v1beta1` API, the operator's `istio-ingressgateway` in the control-plane namespace, IOR, the zipkin address, and
 * membership by the member roll with pods labelled `sidecar.istio.io/inject: "true"`.
 */
export class MaistraControlPlane extends Construct implements IMeshControlPlane {
  /** Always {@link OssmVersion.V2_6}. */
  public readonly ossmVersion = OssmVersion.V2_6;
  /** Istio 1.20 serves no `networking.istio.io/v1`. */
  public readonly istioApiVersion = IstioApiVersion.V1BETA1;
  /** The member roll lists the members; pods opt in with `sidecar.istio.io/inject: "true"`. */
  public readonly membership: MeshMembershipReference = OSSM2_MEMBERSHIP;
  /** The SMCP's name. */
  public readonly name: string;
  /** The control-plane namespace. */
  public readonly namespace: string;
  /** The control-plane version, e.g. `v2.6`. */
  public readonly version: string;
  /** The tracing type in effect. */
  public readonly tracing: TracingType;
  /** Whether IOR creates Routes for Gateway hosts. */
  public readonly openshiftRoute: boolean;
  /** The generated API object. */
  public readonly apiObject: ServiceMeshControlPlaneV2;
  /** The `istio-ingressgateway` the operator deploys in the control-plane namespace. */
  public readonly ingressGateway: IngressGatewayReference;
  /** `zipkin.<namespace>:9411` (the Jaeger addon's collector) with Jaeger tracing, otherwise `undefined`. */
  public readonly zipkinAddress?: string;
  /** The data-plane mTLS setting, `undefined` when left to the operator ({@link MaistraControlPlaneProps.dataPlaneMtls}). */
  public readonly dataPlaneMtls?: boolean;

  /** IOR: the operator creates a Route for every Gateway host ({@link MaistraControlPlane.openshiftRoute}). */
  public get createsGatewayRoutes(): boolean {
    return this.openshiftRoute;
  }

  public constructor(scope: Construct, id: string, props: MaistraControlPlaneProps = {}) {
    super(scope, id);
    const settings = readMaistraControlPlaneProps(this, props);
    this.name = settings.name;
    this.namespace = settings.namespace;
    this.version = settings.version;
    this.tracing = settings.tracing;
    this.openshiftRoute = settings.openshiftRoute;
    this.dataPlaneMtls = settings.dataPlaneMtls;
    this.ingressGateway = standardIngressGateway(this.namespace);
    const jaeger = this.tracing === TracingType.JAEGER;
    this.zipkinAddress = jaeger ? jaegerZipkinAddress(this.namespace) : undefined;

    this.apiObject = new ServiceMeshControlPlaneV2(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        addons: {
          grafana: { enabled: settings.grafana },
          jaeger: jaeger ? { install: { storage: { type: settings.jaegerStorage } } } : undefined,
          kiali: { enabled: settings.kiali },
          prometheus: { enabled: settings.prometheus },
        },
        gateways: { openshiftRoute: { enabled: this.openshiftRoute } },
        policy: { type: settings.policyType },
        profiles: [...settings.profiles],
        security: this.dataPlaneMtls === undefined ? undefined : { dataPlane: { mtls: this.dataPlaneMtls } },
        proxy: settings.accessLogFile === undefined
          ? undefined
          : { accessLogging: { file: { name: settings.accessLogFile } } },
        telemetry: { type: settings.telemetryType },
        tracing: { sampling: settings.tracingSampling, type: this.tracing },
        version: this.version,
      },
    });
  }
}
