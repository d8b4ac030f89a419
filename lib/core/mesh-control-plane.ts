import {
  DEFAULT_CONTROL_PLANE_NAMESPACE, INGRESS_GATEWAY_NAME, INGRESS_GATEWAY_PORT_NAMES, jaegerZipkinAddress, SIDECAR_INJECT_LABEL,
} from './mesh-conventions';
import { DataPlaneMode } from './data-plane';
import { RoutingApi } from './routing-api';

/**
 * What the app, ingress and traffic constructs need to know about the control plane that runs the mesh, as one
 * reference instead of loose strings. The OpenShift Service Mesh 2.6 control plane (`MaistraControlPlane`) and the
 * OSSM 3 one both implement it; app and traffic charts depend only on this interface, never on maistra.io or
 * sailoperator.io types.
 */

/** The generation of OpenShift Service Mesh a control plane belongs to. */
export enum OssmVersion {
  /** OSSM 2.6: the maistra operator, `ServiceMeshControlPlane`, Istio 1.20. */
  V2_6 = '2.6',
  /** OSSM 3: the Sail operator, `Istio` and `IstioCNI`, Istio 1.28/1.30 (3.4). */
  V3 = '3',
}

/** The newest version of the `networking.istio.io` and `security.istio.io` APIs a control plane serves. */
export enum IstioApiVersion {
  /** Istio 1.20 (OSSM 2.6) serves no `networking.istio.io/v1`. */
  V1BETA1 = 'v1beta1',
  /** Istio 1.22 and later (OSSM 3). */
  V1 = 'v1',
}

/** The ingress gateway of a mesh: where it runs and how Gateways and Routes find it. */
export interface IngressGatewayReference {
  /** Namespace of the gateway's Deployment and Service. */
  readonly namespace: string;
  /** Labels of the gateway pods; a Gateway's `selector` names them. */
  readonly selector: Readonly<Record<string, string>>;
  /** Name of the gateway's Service; OpenShift Routes point to it. */
  readonly serviceName: string;
  /** Name of the gateway Service's plain-HTTP port, the `targetPort` of a Route for an HTTP host. */
  readonly httpPortName: string;
  /** Name of the gateway Service's HTTPS port, the `targetPort` of a passthrough Route for an HTTPS host. */
  readonly httpsPortName: string;
}

/**
 * The ingress gateway as OSSM 2's operator deploys it, in `namespace`: the Service `istio-ingressgateway` with the
 * ports `http2` and `https`, over pods labelled `istio: ingressgateway`. `MeshIngressGateway` keeps these names on
 * OSSM 3, so Gateways and Routes written for one platform work on the other.
 * @internal
 */
export function standardIngressGateway(namespace: string): IngressGatewayReference {
  return {
    namespace, selector: { istio: 'ingressgateway' }, serviceName: INGRESS_GATEWAY_NAME,
    httpPortName: INGRESS_GATEWAY_PORT_NAMES.http, httpsPortName: INGRESS_GATEWAY_PORT_NAMES.https,
  };
}

/**
 * How workloads join a mesh and get sidecars, as labels: what an apps chart puts on the namespaces it creates and on
 * its pod templates. The member namespaces themselves come from member sources (`IMeshMemberSource`), on both platforms.
 */
export interface MeshMembershipReference {
  /**
   * Labels every member namespace carries. None on OSSM 2.6, whose `ServiceMeshMemberRoll` lists the members; on
   * OSSM 3 the label its `discoverySelectors` select and the namespace injection label (`istio-injection: enabled`
   * for the `Istio` named `default`, `istio.io/rev: <name>` for another); in ambient mode the discovery label and
   * `istio.io/dataplane-mode: ambient` instead of an injection label.
   */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /**
   * Pod-template labels of a workload that gets a sidecar: `sidecar.istio.io/inject: "true"` on both platforms; none in
   * ambient mode, where the namespace label puts every pod in the mesh.
   */
  readonly injectedPodLabels: Readonly<Record<string, string>>;
  /**
   * Pod-template labels of a workload in a member namespace that must run without a sidecar: none on OSSM 2.6, which
   * injects only pods that ask for it; `sidecar.istio.io/inject: "false"` on OSSM 3, whose namespace label injects
   * every pod that does not opt out; `istio.io/dataplane-mode: none` in ambient mode.
   */
  readonly uninjectedPodLabels: Readonly<Record<string, string>>;
}

/** OSSM 2.6 membership: the member roll lists the namespaces, and only pods labelled for it get a sidecar. @internal */
export const OSSM2_MEMBERSHIP: MeshMembershipReference = {
  namespaceLabels: {},
  injectedPodLabels: { [SIDECAR_INJECT_LABEL]: 'true' },
  uninjectedPodLabels: {},
};

/**
 * A control plane as the constructs of the mesh's apps see it. Implemented by `MaistraControlPlane` (OSSM 2.6) and by
 * `SailControlPlane` (OSSM 3). Declared once for a scope (`MeshBaseChart` declares its own, or `Mesh.declare`), it is
 * the mesh every construct below finds (`Mesh.of`); a construct's `controlPlane` prop overrides it.
 */
export interface IMeshControlPlane {
  /** OSSM generation. */
  readonly ossmVersion: OssmVersion;
  /** The control-plane namespace (istiod, and on OSSM 2 the gateways and addons). */
  readonly namespace: string;
  /** The Istio API version to emit for networking.istio.io and security.istio.io objects. */
  readonly istioApiVersion: IstioApiVersion;
  /** The ingress gateway Gateways select and Routes point to. */
  readonly ingressGateway: IngressGatewayReference;
  /**
   * Whether the control plane itself creates an OpenShift Route for every host of every Gateway (OSSM 2's IOR).
   * When false, a construct that exposes a host creates the Route.
   */
  readonly createsGatewayRoutes: boolean;
  /**
   * `host:port` of the Zipkin-compatible collector the workloads' proxies may send traces to, or `undefined` when
   * the control plane has no tracing.
   * @default - no collector
   */
  readonly zipkinAddress?: string;
  /** How workloads join this mesh and get sidecars. */
  readonly membership: MeshMembershipReference;
  /**
   * The API the mesh's routing is written in: Istio's VirtualServices ({@link TrafficRouting}) or the Gateway API
   * ({@link GatewayApiRouting}; OSSM 3 only).
   * @default RoutingApi.ISTIO
   */
  readonly routingApi?: RoutingApi;
  /**
   * How workloads are proxied: sidecars, or ambient mode (ztunnel and waypoints; OSSM 3 only, routing by Gateway API).
   * @default DataPlaneMode.SIDECAR
   */
  readonly dataPlane?: DataPlaneMode;
}

/**
 * The workshop's OSSM 2.6 control plane (`basic` in istio-system, IOR on, Jaeger's zipkin collector), as a plain
 * reference: for apps that join that mesh when it is made elsewhere, e.g. `Mesh.declare(app, DEFAULT_MESH_CONTROL_PLANE)`.
 * Despite its name it is no longer a default: a construct given no `controlPlane` takes the mesh declared in the
 * construct tree (`Mesh.of`), and is refused when there is none. OSSM 2.6 reached end of life on 2026-06-30.
 */
export const DEFAULT_MESH_CONTROL_PLANE: IMeshControlPlane = {
  ossmVersion: OssmVersion.V2_6,
  namespace: DEFAULT_CONTROL_PLANE_NAMESPACE,
  istioApiVersion: IstioApiVersion.V1BETA1,
  ingressGateway: standardIngressGateway(DEFAULT_CONTROL_PLANE_NAMESPACE),
  createsGatewayRoutes: true,
  zipkinAddress: jaegerZipkinAddress(DEFAULT_CONTROL_PLANE_NAMESPACE),
  membership: OSSM2_MEMBERSHIP,
};
