import { Construct } from 'constructs';
import { ServiceMeshControlPlaneV2 } from '../../imports/maistra.io';
import { IMeshControlPlane, IngressGatewayReference, IstioApiVersion, OssmVersion } from '../core/mesh-control-plane';
import {
  invalidInput, requireArray, requireBoolean, requireDnsLabel, requireDnsSubdomain, requireInteger, requireObject, requireOneOf,
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
  /** @default 'basic' */
  readonly name?: string;
  /** The control-plane namespace. @default 'istio-system' */
  readonly namespace?: string;
  /** Control-plane version, one of {@link SUPPORTED_CONTROL_PLANE_VERSIONS}; `v2.6` runs Istio 1.20. @default 'v2.6' */
  readonly version?: string;
  /** @default TracingType.JAEGER */
  readonly tracing?: TracingType;
  /** Trace sampling in units of 0.01 %: 10000 is 100 %. Allowed 0–10000. @default 10000 */
  readonly tracingSampling?: number;
  /** Storage of the Jaeger the control plane installs (only with Jaeger tracing). @default 'Memory' */
  readonly jaegerStorage?: 'Memory' | 'Elasticsearch';
  /** @default true */
  readonly grafana?: boolean;
  /** @default true */
  readonly kiali?: boolean;
  /** @default true */
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
}

/**
 * A maistra.io/v2 `ServiceMeshControlPlane`: the OSSM 2 control plane (istiod, ingress/egress gateways, addons).
 * As an {@link IMeshControlPlane} it tells the app, ingress and traffic constructs what they need: Istio 1.20's
 * `v1beta1` API, the operator's `istio-ingressgateway` in the control-plane namespace, IOR, the zipkin address.
 */
export class MaistraControlPlane extends Construct implements IMeshControlPlane {
  /** Always {@link OssmVersion.V2_6}. */
  public readonly ossmVersion = OssmVersion.V2_6;
  /** Istio 1.20 serves no `networking.istio.io/v1`. */
  public readonly istioApiVersion = IstioApiVersion.V1BETA1;
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

  /** IOR: the operator creates a Route for every Gateway host ({@link MaistraControlPlane.openshiftRoute}). */
  public get createsGatewayRoutes(): boolean {
    return this.openshiftRoute;
  }

  public constructor(scope: Construct, id: string, props: MaistraControlPlaneProps = {}) {
    super(scope, id);
    requireObject(this, 'props', props);
    this.name = requireDnsSubdomain(this, 'name', props.name ?? 'basic');
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace ?? 'istio-system');
    this.version = requireOneOf(this, 'version', props.version ?? 'v2.6', SUPPORTED_CONTROL_PLANE_VERSIONS,
      'These are the maistra.io/v2 control-plane versions the OSSM 2.6 operator runs.');
    this.tracing = requireOneOf(this, 'tracing', props.tracing ?? TracingType.JAEGER, Object.values(TracingType));
    this.openshiftRoute = requireBoolean(this, 'openshiftRoute', props.openshiftRoute) ?? true;
    this.ingressGateway = {
      namespace: this.namespace,
      selector: { istio: 'ingressgateway' },
      serviceName: 'istio-ingressgateway',
      httpPortName: 'http2',
      httpsPortName: 'https',
    };
    this.zipkinAddress = this.tracing === TracingType.JAEGER ? `zipkin.${this.namespace}:9411` : undefined;
    const sampling = requireInteger(this, 'tracingSampling', props.tracingSampling ?? 10000, 0, 10000);
    const jaeger = this.tracing === TracingType.JAEGER;
    const jaegerStorage = requireOneOf(this, 'jaegerStorage', props.jaegerStorage ?? 'Memory', ['Memory', 'Elasticsearch']);
    const accessLogging = requireBoolean(this, 'accessLogging', props.accessLogging) ?? true;
    const customProfiles = requireArray(this, 'customProfiles', props.customProfiles ?? [])
      .map((p, i) => requireDnsSubdomain(this, `customProfiles[${i}]`, p));
    const profiles = requireArray(this, 'profiles', props.profiles ?? ['default'])
      .map((p, i) => requireOneOf(this, `profiles[${i}]`, p, [...BUILT_IN_CONTROL_PLANE_PROFILES, ...customProfiles],
        'Profiles of your own (from the operator\'s smcp-templates ConfigMap) must be named in customProfiles.'));
    if (profiles.length === 0) throw invalidInput(this, 'profiles', profiles, 'Allowed: at least one profile, e.g. ["default"].');
    const policyType = requireOneOf(this, 'policyType', props.policyType ?? 'Istiod', CONTROL_PLANE_POLICY_TYPES,
      'Mixer was removed in OSSM 2.1; Remote (a remote Mixer) is not supported here.');
    const telemetryType = requireOneOf(this, 'telemetryType', props.telemetryType ?? 'Istiod', CONTROL_PLANE_POLICY_TYPES,
      'Mixer was removed in OSSM 2.1; Remote (a remote Mixer) is not supported here.');
    const accessLogFile = props.accessLogFile ?? '/dev/stdout';
    if (typeof accessLogFile !== 'string' || !/^\/[^\0\s]*$/.test(accessLogFile)) {
      throw invalidInput(this, 'accessLogFile', accessLogFile, 'Allowed: an absolute path without white space, e.g. "/dev/stdout".');
    }
    for (const addon of ['grafana', 'kiali', 'prometheus'] as const) requireBoolean(this, addon, props[addon]);
    if ((props.kiali ?? true) && props.prometheus === false) {
      throw invalidInput(this, 'prometheus', false, 'Allowed: true while kiali is on — the operator refuses a control plane whose Kiali has no Prometheus.');
    }

    this.apiObject = new ServiceMeshControlPlaneV2(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        addons: {
          grafana: { enabled: props.grafana ?? true },
          jaeger: jaeger ? { install: { storage: { type: jaegerStorage } } } : undefined,
          kiali: { enabled: props.kiali ?? true },
          prometheus: { enabled: props.prometheus ?? true },
        },
        gateways: { openshiftRoute: { enabled: this.openshiftRoute } },
        policy: { type: policyType },
        profiles: [...profiles],
        proxy: accessLogging
          ? { accessLogging: { file: { name: accessLogFile } } }
          : undefined,
        telemetry: { type: telemetryType },
        tracing: { sampling, type: this.tracing },
        version: this.version,
      },
    });
  }
}
