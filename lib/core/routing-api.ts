/** Which API the routing intent of a mesh is written in (`MESH_ROUTING_API`). */
export enum RoutingApi {
  /** Istio's VirtualService and DestinationRule (`networking.istio.io`): the default with sidecars. */
  ISTIO = 'istio',
  /**
   * The Kubernetes Gateway API (`gateway.networking.k8s.io/v1`, v1.2.1 standard channel, what OpenShift 4.19+
   * serves): HTTPRoutes with a Service parentRef (GAMMA) and per-version Services. OSSM 3 only.
   */
  GATEWAY_API = 'gateway-api',
}
