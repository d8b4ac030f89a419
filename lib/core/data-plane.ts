/** How the workloads of a mesh are proxied (`MESH_DATAPLANE`). */
export enum DataPlaneMode {
  /** An Envoy sidecar in every member pod, injected by the namespace or pod label: the default. */
  SIDECAR = 'sidecar',
  /**
   * Istio's ambient mode (OSSM 3 only): the node agent ztunnel carries every member pod's traffic over mTLS (L4), and
   * a waypoint proxy (a Gateway API Gateway of class `istio-waypoint`) does L7 routing and authorization for the
   * namespaces bound to it. Routing is Gateway API: ambient implies {@link RoutingApi.GATEWAY_API}.
   */
  AMBIENT = 'ambient',
}

/** The namespace (or pod) label that puts workloads in ambient mode (`ambient`) or keeps a pod out of it (`none`). */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';

/** The namespace (or Service) label that binds its workloads to a waypoint by the waypoint's name. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';

/** The Gateway label that says which traffic a waypoint handles (`service`, `workload`, `all`, `none`). */
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';

/** The GatewayClass OSSM 3 provides for waypoints. */
export const WAYPOINT_GATEWAY_CLASS = 'istio-waypoint';

/** The port and protocol of a waypoint's listener: HBONE, Istio's HTTP-CONNECT tunnel. */
export const WAYPOINT_HBONE_PORT = 15008;

/** Where the sail operator's ZTunnel runs unless told otherwise, as Red Hat's ambient install names it. @internal */
export const DEFAULT_ZTUNNEL_NAMESPACE = 'ztunnel';

/** Whether a control plane runs its workloads in ambient mode. @internal */
export function isAmbient(controlPlane: { readonly dataPlane?: DataPlaneMode }): boolean {
  return controlPlane.dataPlane === DataPlaneMode.AMBIENT;
}
