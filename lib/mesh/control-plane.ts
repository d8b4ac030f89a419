import { Construct } from 'constructs';
import { ServiceMeshControlPlaneV2 } from '../../imports/maistra.io';
import { invalidInput, requireDnsLabel, requireDnsSubdomain, requireInteger, requireNonEmpty } from '../core/validation';

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

/** Props of {@link MaistraControlPlane}. Every default is the value of the workshop's ServiceMeshControlPlane. */
export interface MaistraControlPlaneProps {
  /** @default 'basic' */
  readonly name?: string;
  /** The control-plane namespace. @default 'istio-system' */
  readonly namespace?: string;
  /** Control-plane version; `v2.6` runs Istio 1.20. @default 'v2.6' */
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
  /** @default 'Istiod' */
  readonly policyType?: string;
  /** @default 'Istiod' */
  readonly telemetryType?: string;
  /** @default ['default'] */
  readonly profiles?: string[];
  /**
   * File the sidecars write their access log to (ignored when `accessLogging` is false).
   * @default '/dev/stdout'
   */
  readonly accessLogFile?: string;
  /** Write an access log at all. @default true */
  readonly accessLogging?: boolean;
}

/**
 * A maistra.io/v2 `ServiceMeshControlPlane`: the OSSM 2 control plane (istiod, ingress/egress gateways, addons).
 */
export class MaistraControlPlane extends Construct {
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

  public constructor(scope: Construct, id: string, props: MaistraControlPlaneProps = {}) {
    super(scope, id);
    this.name = requireDnsSubdomain(this, 'name', props.name ?? 'basic');
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace ?? 'istio-system');
    this.version = props.version ?? 'v2.6';
    if (!/^v2\.[0-9]+$/.test(this.version)) {
      throw invalidInput(this, 'version', this.version, 'Allowed: a maistra.io/v2 control-plane version such as "v2.6".');
    }
    this.tracing = props.tracing ?? TracingType.JAEGER;
    this.openshiftRoute = props.openshiftRoute ?? true;
    const sampling = requireInteger(this, 'tracingSampling', props.tracingSampling ?? 10000, 0, 10000);
    const jaeger = this.tracing === TracingType.JAEGER;
    const accessLogging = props.accessLogging ?? true;
    const profiles = props.profiles ?? ['default'];
    profiles.forEach((p) => requireNonEmpty(this, 'profiles[]', p));

    this.apiObject = new ServiceMeshControlPlaneV2(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        addons: {
          grafana: { enabled: props.grafana ?? true },
          jaeger: jaeger ? { install: { storage: { type: props.jaegerStorage ?? 'Memory' } } } : undefined,
          kiali: { enabled: props.kiali ?? true },
          prometheus: { enabled: props.prometheus ?? true },
        },
        gateways: { openshiftRoute: { enabled: this.openshiftRoute } },
        policy: { type: requireNonEmpty(this, 'policyType', props.policyType ?? 'Istiod') },
        profiles,
        proxy: accessLogging
          ? { accessLogging: { file: { name: requireNonEmpty(this, 'accessLogFile', props.accessLogFile ?? '/dev/stdout') } } }
          : undefined,
        telemetry: { type: requireNonEmpty(this, 'telemetryType', props.telemetryType ?? 'Istiod') },
        tracing: { sampling, type: this.tracing },
        version: this.version,
      },
    });
  }
}
