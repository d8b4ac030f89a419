import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Route, RouteSpecToKind } from '../../imports/route.openshift.io';
import { DEFAULT_MESH_CONTROL_PLANE, IMeshControlPlane } from '../core/mesh-control-plane';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { invalidInput, requireBoolean, requireDns1035Label, requireDnsLabel, requireDnsSubdomain, requireObject, requirePort } from '../core/validation';
import { newGateway, newVirtualService } from '../istio/istio-objects';
import { IMeshService, requireMeshService } from '../workload/mesh-service';

/** Props of {@link MeshIngress}. */
export interface MeshIngressProps {
  /** The Service that receives the traffic. */
  readonly service: IMeshService;
  /** The external host name, e.g. `control.travel-control.apps.<cluster base domain>`. */
  readonly host: string;
  /**
   * Name of the Gateway, created in the service's namespace.
   * @default - `<service name>-gateway`
   */
  readonly gatewayName?: string;
  /**
   * The control plane whose ingress gateway serves the host. It gives the Istio API version, the defaults of
   * `gatewaySelector`, `ingressGatewayNamespace` and `ingressGatewayService`, and whether a Route is created.
   * @default DEFAULT_MESH_CONTROL_PLANE (the workshop's OSSM 2.6, IOR on)
   */
  readonly controlPlane?: IMeshControlPlane;
  /**
   * Labels of the ingress gateway pods the Gateway configures.
   * @default - the control plane's ingress gateway selector (`{ istio: 'ingressgateway' }` on OSSM 2.6)
   */
  readonly gatewaySelector?: Record<string, string>;
  /** Port the gateway listens on for plain HTTP. @default 80 */
  readonly gatewayPort?: number;
  /**
   * Create an OpenShift Route for the host, to the ingress gateway Service. Leave it off when the control
   * plane runs IOR (`MaistraControlPlane`'s `openshiftRoute`, on in the workshop): IOR already creates a Route
   * for every Gateway host, and a second Route for the same host is rejected by the router as a duplicate.
   * Turn it on with IOR off (the default of OSSM 2.5 and later, and the way forward since IOR is deprecated; OSSM 3
   * has no IOR).
   * @default - true when `controlPlane` is given and creates no Routes itself; otherwise false
   */
  readonly createRoute?: boolean;
  /** Namespace of the ingress gateway Service, where the Route goes. @default - the control plane's ingress gateway namespace ('istio-system') */
  readonly ingressGatewayNamespace?: string;
  /** Name of the ingress gateway Service. @default - the control plane's ingress gateway Service ('istio-ingressgateway') */
  readonly ingressGatewayService?: string;
}

/**
 * Exposes a mesh Service through the Istio ingress gateway: a Gateway for the host and a VirtualService bound
 * to it that routes to the Service (what Kiali's Request Routing wizard creates with "Add Gateway"),
 * optionally with an OpenShift Route.
 */
export class MeshIngress extends Construct {
  /** The external host. */
  public readonly host: string;
  /** The Gateway (`networking.istio.io/v1beta1` or `v1`, as the control plane serves). */
  public readonly gateway: ApiObject;
  /** The VirtualService bound to the Gateway (`networking.istio.io/v1beta1` or `v1`). */
  public readonly virtualService: ApiObject;
  /** The Route, when `createRoute` is on. */
  public readonly route?: Route;

  public constructor(scope: Construct, id: string, props: MeshIngressProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const service = requireMeshService(this, 'service', props.service);
    this.host = requireDnsSubdomain(this, 'host', props.host);
    const gatewayName = requireDnsSubdomain(this, 'gatewayName', props.gatewayName ?? `${service.name}-gateway`);
    const port = requirePort(this, 'gatewayPort', props.gatewayPort ?? 80);
    const controlPlane = props.controlPlane ?? DEFAULT_MESH_CONTROL_PLANE;
    const ingressGateway = controlPlane.ingressGateway;
    const selector = plainMapOf(requireSafeMap(this, 'gatewaySelector', props.gatewaySelector ?? ingressGateway.selector, 'labels'));
    if (Object.keys(selector).length === 0) {
      throw invalidInput(this, 'gatewaySelector', props.gatewaySelector, 'Allowed: at least one label of the gateway pods; an empty selector would configure every gateway.');
    }

    this.gateway = newGateway(this, 'Gateway', controlPlane.istioApiVersion, {
      metadata: { name: gatewayName, namespace: service.namespace },
      spec: {
        selector,
        servers: [{ hosts: [this.host], port: { name: 'http', number: port, protocol: 'HTTP' } }],
      },
    });
    this.virtualService = newVirtualService(this, 'VirtualService', controlPlane.istioApiVersion, {
      metadata: { name: service.name, namespace: service.namespace },
      spec: {
        gateways: [`${service.namespace}/${gatewayName}`],
        hosts: [this.host],
        http: [{ route: [{ destination: { host: service.fqdn, port: { number: service.port } } }] }],
      },
    });
    const createRoute = requireBoolean(this, 'createRoute', props.createRoute)
      ?? (props.controlPlane !== undefined && !props.controlPlane.createsGatewayRoutes);
    if (createRoute) {
      const namespace = requireDnsLabel(this, 'ingressGatewayNamespace', props.ingressGatewayNamespace ?? ingressGateway.namespace);
      const gatewayService = requireDns1035Label(this, 'ingressGatewayService', props.ingressGatewayService ?? ingressGateway.serviceName);
      this.route = new Route(this, 'Route', {
        metadata: { name: requireDnsSubdomain(this, 'Route name (<namespace>-<gatewayName>)', `${service.namespace}-${gatewayName}`), namespace },
        spec: {
          host: this.host,
          port: { targetPort: ingressGateway.httpPortName },
          to: { kind: RouteSpecToKind.SERVICE, name: gatewayService, weight: 100 },
        },
      });
    }
  }
}
