import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { requireInChart } from '../core/chart-scope';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { isAmbient } from '../core/data-plane';
import { RoutingApi } from '../core/routing-api';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { addSynthWarning } from '../core/synth-warnings';
import { invalidInput, requireDnsSubdomain, requireObject } from '../core/validation';
import { newVirtualService } from '../istio/istio-objects';
import { IMeshService, requireMeshService } from '../workload/mesh-service';
import { HttpRoute, TcpRoute } from './intent/routing';
import { TrafficPolicy } from './intent/traffic-policy';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../core/mesh-conventions';
import { RouteRenderer } from './render/routes';
import { requireExportTo } from './render/values';
import { ServiceDestinationRule } from './service-destination-rule';

/** Props of {@link TrafficRouting}. At least one HTTP or TCP rule. */
export interface TrafficRoutingProps {
  /** The service whose requests are routed (its FQDN is the VirtualService's host). */
  readonly service: IMeshService;
  /** HTTP rules, tried in order: matches, destinations, faults, timeouts, retries, mirrors. @default - none */
  readonly http?: HttpRoute[];
  /** TCP rules, tried in order. @default - none */
  readonly tcp?: TcpRoute[];
  /**
   * How clients connect to the service, on the DestinationRule this construct makes. Not together with
   * `destinationRule`, whose policy applies.
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * A DestinationRule made elsewhere (in this app, or in the base that a step applies onto) to use instead of making
   * one: its subsets must cover the versions the rules name.
   * @default - a DestinationRule named like the VirtualService, with a subset for every version of the service
   */
  readonly destinationRule?: ServiceDestinationRule;
  /** Name of the VirtualService (and of the DestinationRule it makes). @default - the service's name (as Kiali names them) */
  readonly name?: string;
  /**
   * Labels of the VirtualService and DestinationRule besides `app.kubernetes.io/managed-by: cdk8s-ossm`, e.g.
   * `kiali_wizard` for routing that Kiali should treat as its own.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /** Namespaces whose sidecars see the routing (`.`, `*`, `~` or names). @default - all (Istio's) */
  readonly exportTo?: string[];
  /**
   * The control plane the routing is for; it decides the Istio API version (`v1beta1` on OSSM 2.6, `v1` on OSSM 3).
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
}

const routingByHost = new WeakMap<IConstruct, Map<string, TrafficRouting[]>>();

/**
 * The routing of one service inside the mesh: a VirtualService for its host, written from plain routing intent
 * (matches on headers, path, method, authority, scheme, query parameters, port and caller; weighted destinations;
 * faults; timeouts; retries; mirrors; TCP rules), and the DestinationRule its routes need (one subset per version,
 * an optional traffic policy). Both in the service's namespace, the host as FQDN, in the Istio API version of the
 * control plane.
 *
 * Sidecars apply one VirtualService per host, so two of these for one host in one app are refused at synth.
 */
export class TrafficRouting extends Construct {
  /** The service routed. */
  public readonly service: IMeshService;
  /** The VirtualService (`networking.istio.io/v1beta1` or `v1`, as the control plane serves). */
  public readonly virtualService: ApiObject;
  /** The DestinationRule the routes use: the one this construct made, or the one it was given. */
  public readonly destinationRule: ApiObject;
  /** The construct of {@link TrafficRouting.destinationRule}. */
  public readonly serviceDestinationRule: ServiceDestinationRule;

  public constructor(scope: Construct, id: string, props: TrafficRoutingProps) {
    super(scope, id);
    requireInChart(this, 'TrafficRouting');
    requireObject(this, 'props', props);
    this.service = requireMeshService(this, 'service', props.service);
    const name = requireDnsSubdomain(this, 'name', props.name ?? this.service.name);
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    if (controlPlane.routingApi === RoutingApi.GATEWAY_API) {
      addSynthWarning(this, `the mesh routes by Gateway API (routingApi gateway-api), and this writes a VirtualService for ${this.service.fqdn}: `
        + 'a host routed by both a VirtualService and an HTTPRoute is undefined behaviour in Istio. Use GatewayApiRouting for it.'
        + (isAmbient(controlPlane) ? ' In ambient mode ztunnel ignores VirtualServices, and a waypoint applies them only as a Technology Preview.' : ''));
    }
    const labels = requireSafeMap(this, 'labels', props.labels, 'labels');
    const renderer = new RouteRenderer(this, this.service);
    const http = props.http === undefined ? undefined : renderer.http(props.http);
    const tcp = props.tcp === undefined ? undefined : renderer.tcp(props.tcp);
    if ((http?.length ?? 0) + (tcp?.length ?? 0) === 0) {
      throw invalidInput(this, 'http and tcp', { http: props.http, tcp: props.tcp }, 'Allowed: at least one HTTP or TCP rule.');
    }
    const exportTo = props.exportTo === undefined ? undefined : requireExportTo(this, 'exportTo', props.exportTo);

    this.virtualService = newVirtualService(this, 'VirtualService', controlPlane.istioApiVersion, {
      metadata: { name, namespace: this.service.namespace, labels: plainMapOf({ ...labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE }) },
      spec: { hosts: [this.service.fqdn], http, tcp, exportTo },
    });
    // made after the VirtualService, so that both are emitted in that order (as Kiali's wizards list them)
    if (props.destinationRule !== undefined) {
      if (!(props.destinationRule instanceof ServiceDestinationRule)) {
        throw invalidInput(this, 'destinationRule', props.destinationRule, 'Allowed: a ServiceDestinationRule.');
      }
      if (props.destinationRule.service.fqdn !== this.service.fqdn) {
        throw invalidInput(this, 'destinationRule', props.destinationRule.node.path,
          `Allowed: a ServiceDestinationRule for ${this.service.fqdn} (this one configures ${props.destinationRule.service.fqdn}).`);
      }
      if (props.trafficPolicy !== undefined) {
        throw invalidInput(this, 'trafficPolicy', props.trafficPolicy, 'Allowed: no trafficPolicy together with destinationRule; set it on that DestinationRule.');
      }
      this.serviceDestinationRule = props.destinationRule;
    } else {
      this.serviceDestinationRule = new ServiceDestinationRule(this, 'DestinationRule', {
        service: this.service, name, trafficPolicy: props.trafficPolicy, labels, exportTo, controlPlane,
      });
    }
    this.destinationRule = this.serviceDestinationRule.apiObject;


    const hosts = routingByHost.get(this.node.root) ?? new Map<string, TrafficRouting[]>();
    routingByHost.set(this.node.root, hosts);
    hosts.set(this.service.fqdn, [...(hosts.get(this.service.fqdn) ?? []), this]);
    this.node.addValidation({
      validate: () => [...renderer.versionErrors(this.node.path), ...this.checkSubsets(renderer.versionReferences), ...this.checkSingleRoutingPerHost(hosts)],
    });
  }

  /** With a given DestinationRule: every version a rule names of this service must have a subset there. */
  private checkSubsets(references: ReadonlyArray<{ where: string; service: IMeshService; version: string }>): string[] {
    const subsets = this.serviceDestinationRule.versions;
    return references
      .filter((r) => r.service.fqdn === this.service.fqdn && this.service.versions.includes(r.version) && !subsets.includes(r.version))
      .map((r) => `${this.node.path}: ${r.where} "${r.version}" is not valid. Allowed: a version with a subset in DestinationRule `
        + `${this.service.namespace}/${this.serviceDestinationRule.name}: ${subsets.map((v) => `"${v}"`).join(', ') || 'none'}.`);
  }

  private checkSingleRoutingPerHost(hosts: Map<string, TrafficRouting[]>): string[] {
    const all = hosts.get(this.service.fqdn) ?? [];
    if (all.length < 2 || all[0] !== this) return [];
    return [`${this.node.path}: host "${this.service.fqdn}" is routed ${all.length} times in one app (`
      + `${all.map((r) => r.node.path).join(', ')}). Allowed: one routing per host — Istio uses only one `
      + 'VirtualService per host. Put alternative steps in separate apps, or combine the rules in one routing.'];
  }
}
