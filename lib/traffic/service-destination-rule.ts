import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { invalidInput, requireArray, requireDnsLabel, requireDnsSubdomain, requireObject } from '../core/validation';
import { newDestinationRule } from '../istio/istio-objects';
import { IMeshService, requireMeshService } from '../workload/mesh-service';
import { TrafficPolicy } from './intent/traffic-policy';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../core/mesh-conventions';
import { renderTrafficPolicy } from './render/traffic-policy';
import { requireExportTo } from './render/values';

/** Props of {@link ServiceDestinationRule}. */
export interface ServiceDestinationRuleProps {
  /** The service whose host the rule configures. */
  readonly service: IMeshService;
  /**
   * The versions that get a subset (named like the version, selecting the `version` label).
   * @default - every version of the service, as it has them at synth
   */
  readonly versions?: string[];
  /** How clients connect: connection pool, outlier detection, load balancer, TLS. @default - none */
  readonly trafficPolicy?: TrafficPolicy;
  /** Name of the DestinationRule, in the service's namespace. @default - the service's name (as Kiali names it) */
  readonly name?: string;
  /**
   * Labels besides `app.kubernetes.io/managed-by: cdk8s-ossm` (which every object of the traffic constructs carries).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /** Namespaces that see the rule (`.`, `*`, `~` or names). @default - all (Istio's) */
  readonly exportTo?: string[];
  /**
   * The control plane the rule is for; it decides the Istio API version (`v1beta1` on OSSM 2.6, `v1` on OSSM 3).
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
}

/**
 * A DestinationRule for one service, on its own (Istio's `destination-rule-all`): one subset per version and an
 * optional traffic policy. {@link TrafficRouting} makes one for its routes unless given this one.
 */
export class ServiceDestinationRule extends Construct {
  /** The service configured. */
  public readonly service: IMeshService;
  /** The DestinationRule's name. */
  public readonly name: string;
  /** The DestinationRule (`networking.istio.io/v1beta1` or `v1`, as the control plane serves). */
  public readonly apiObject: ApiObject;
  private readonly givenVersions?: readonly string[];

  public constructor(scope: Construct, id: string, props: ServiceDestinationRuleProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    this.service = requireMeshService(this, 'service', props.service);
    this.name = requireDnsSubdomain(this, 'name', props.name ?? this.service.name);
    if (props.versions !== undefined) {
      const versions = requireArray(this, 'versions', props.versions).map((v, i) => requireDnsLabel(this, `versions[${i}]`, v));
      const twice = versions.find((v, i) => versions.indexOf(v) !== i);
      if (twice !== undefined) throw invalidInput(this, 'versions', versions, `Allowed: each version once ("${twice}" is there twice).`);
      this.givenVersions = versions;
    }
    const trafficPolicy = props.trafficPolicy === undefined ? undefined : renderTrafficPolicy(this, 'trafficPolicy', props.trafficPolicy);
    const labels = plainMapOf({ ...requireSafeMap(this, 'labels', props.labels, 'labels'), [MANAGED_BY_LABEL]: MANAGED_BY_VALUE });
    const exportTo = props.exportTo === undefined ? undefined : requireExportTo(this, 'exportTo', props.exportTo);
    this.apiObject = newDestinationRule(this, 'Resource', meshControlPlaneOf(this, props.controlPlane).istioApiVersion, {
      metadata: { name: this.name, namespace: this.service.namespace, labels },
      spec: {
        host: this.service.fqdn,
        // lazy, so versions added to the service after this construct still get their subset
        subsets: Lazy.any({ produce: () => (this.versions.length ? this.versions.map((v) => ({ name: v, labels: { version: v } })) : undefined) }),
        trafficPolicy,
        exportTo,
      },
    });
    this.node.addValidation({ validate: () => this.checkVersions() });
  }

  /** The versions that have a subset. */
  public get versions(): readonly string[] {
    return this.givenVersions ?? this.service.versions;
  }

  private checkVersions(): string[] {
    const known = this.service.versions;
    return (this.givenVersions ?? []).filter((v) => !known.includes(v))
      .map((v) => `${this.node.path}: versions "${v}" is not valid. Allowed: a version of service ${this.service.namespace}/${this.service.name}: `
        + `${known.map((k) => `"${k}"`).join(', ') || 'none'}.`);
  }
}
