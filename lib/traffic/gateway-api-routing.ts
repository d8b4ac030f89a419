import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Waypoint } from '../ambient/waypoint';
import { isAmbient } from '../core/data-plane';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane, OssmVersion } from '../core/mesh-control-plane';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../core/mesh-conventions';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { invalidInput, requireDnsSubdomain, requireObject } from '../core/validation';
import { IMeshService, MeshService, requireMeshService } from '../workload/mesh-service';
import { HttpRoute, TcpRoute } from './intent/routing';
import { TrafficPolicy } from './intent/traffic-policy';
import { ConversionNote, VersionService } from './render-gateway-api/convert-http';
import { newServiceRoute } from './render-gateway-api/new-route';
import { intentServices, renderGatewayApiRules, versionServiceOf } from './render-gateway-api/render-intent';
import { newVersionService } from './render-gateway-api/version-service';
import { ServiceDestinationRule } from './service-destination-rule';

/** Props of {@link GatewayApiRouting}. At least one HTTP rule. */
export interface GatewayApiRoutingProps {
  /** The service whose requests are routed (the HTTPRoute's parentRef, a Service: Gateway API for the mesh, "GAMMA"). */
  readonly service: IMeshService;
  /**
   * HTTP rules, in the order Istio would try them: matches on headers, path, method and query parameters; weighted
   * destinations; timeouts; mirrors (of every request). What Gateway API v1.2.1 cannot express (faults, retries,
   * matches on the caller, the scheme or the authority, negative header matches, partial mirrors) and rules whose
   * order Gateway API's match precedence would change are refused with a ValidationError naming the field.
   */
  readonly http: HttpRoute[];
  /**
   * TCP rules: refused, TCPRoute is not in the Gateway API v1.2.1 standard channel that OpenShift serves. Route TCP
   * with {@link TrafficRouting} (VirtualService).
   * @default - none
   */
  readonly tcp?: TcpRoute[];
  /**
   * How clients connect to the service: a DestinationRule for the service's host and one for each per-version
   * Service the routes send to (Istio applies DestinationRules to HTTPRoute backends by their host).
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
  /** Name of the HTTPRoute (and the DestinationRule of the service). @default - the service's name */
  readonly name?: string;
  /** Labels of everything made, besides `app.kubernetes.io/managed-by: cdk8s-ossm`. @default - none */
  readonly labels?: Record<string, string>;
  /**
   * The control plane: an OSSM 3 one (Gateway API routing needs Istio 1.22 or later and OpenShift's v1.2.1 CRDs).
   * @default - the mesh of the construct tree ({@link Mesh.of})
   */
  readonly controlPlane?: IMeshControlPlane;
}

/**
 * The routing of one service inside the mesh in the Kubernetes Gateway API, from the same routing intent as
 * {@link TrafficRouting}: an HTTPRoute (`gateway.networking.k8s.io/v1`; a GRPCRoute for a gRPC port, its method matches
 * from exact paths `/<package.Service>/<Method>`) whose parentRef is the Service, a Service
 * `<service>-<version>` (selector `app` and `version`) for each version a rule names, since HTTPRoutes cannot address
 * DestinationRule subsets, and, with a traffic policy, the DestinationRules Istio still applies. Every field the API
 * server would default is written (group, kind, weight, path match), so Argo CD shows no drift (istio/istio#48058).
 */
export class GatewayApiRouting extends Construct {
  /** The service routed. */
  public readonly service: IMeshService;
  /** The route: an HTTPRoute, or a GRPCRoute when Istio takes the service's port as gRPC (port name `grpc`, `grpc-*`). */
  public readonly httpRoute: ApiObject;
  /** The per-version Services the rules send to, in the order the rules name them. */
  public readonly versionServices: readonly ApiObject[];
  /** The DestinationRules of the traffic policy: the service's first, then one per per-version Service. */
  public readonly destinationRules: readonly ServiceDestinationRule[];
  /** What became of each field of the routing (all converted or kept: anything else is refused). */
  public readonly conversionNotes: readonly ConversionNote[];
  /**
   * In ambient mode, the waypoint of the service's namespace, which applies the HTTPRoute: the one the mesh has, or
   * one made next to this routing ({@link Waypoint.ensure}); undefined with sidecars.
   */
  public readonly waypoint?: Waypoint;

  public constructor(scope: Construct, id: string, props: GatewayApiRoutingProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    this.service = requireMeshService(this, 'service', props.service);
    const name = requireDnsSubdomain(this, 'name', props.name ?? this.service.name);
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    if (controlPlane.ossmVersion !== OssmVersion.V3) {
      throw invalidInput(this, 'controlPlane.ossmVersion', controlPlane.ossmVersion,
        'Allowed: "3" (Gateway API routing of the mesh needs OSSM 3 and the Gateway API v1.2.1 that OpenShift 4.19+ serves); use TrafficRouting on OSSM 2.6.');
    }
    if (props.tcp !== undefined) {
      throw invalidInput(this, 'tcp', props.tcp,
        'Allowed: no TCP rules with Gateway API routing (TCPRoute is not in the v1.2.1 standard channel that OpenShift serves); route TCP with TrafficRouting.');
    }
    const labels = requireSafeMap(this, 'labels', props.labels, 'labels');
    // ambient: ztunnel is L4 only, the namespace's waypoint applies the HTTPRoute
    if (isAmbient(controlPlane)) this.waypoint = Waypoint.ensure(this, this.service.namespace, controlPlane);
    const converted = renderGatewayApiRules(this, this.service, props.http, props);
    this.conversionNotes = converted.notes;

    const meta = (objectName: string, extra: Record<string, string> = {}) => ({
      name: objectName, namespace: this.service.namespace, labels: plainMapOf({ ...labels, ...extra, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE }),
    });
    const parentRefs = [{ group: '', kind: 'Service', name: this.service.name }];
    this.httpRoute = newServiceRoute(this, 'HTTPRoute', this.service, converted.rules, props, meta(name), { parentRefs });

    const named = intentServices(this.service, props.http);
    this.versionServices = converted.versionServices.map((v): k8s.KubeService => newVersionService(this, `Service-${v.name}`, v, versionServiceOf(named, v)));
    const policyTargets: IMeshService[] = props.trafficPolicy === undefined ? [] : [
      this.service,
      ...converted.versionServices.map((v: VersionService) => MeshService.fromServiceName(v.name, v.namespace, { port: v.port, versions: [] })),
    ];
    this.destinationRules = policyTargets.map((target) => new ServiceDestinationRule(this, `DestinationRule-${target.name}`, {
      service: target, name: target === this.service ? name : target.name, versions: [], trafficPolicy: props.trafficPolicy, labels, controlPlane,
    }));
  }
}
