/**
 * The API groups (the part of `apiVersion` before the slash) of the kinds this library writes, reads and orders, written
 * once for the constructs, the synth pipeline, the GitOps health checks, the analyzer, explain and migrate.
 * @internal
 */
export const API_GROUP = {
  /** Istio's VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar, … */
  ISTIO_NETWORKING: 'networking.istio.io',
  /** Istio's PeerAuthentication, AuthorizationPolicy, RequestAuthentication. */
  ISTIO_SECURITY: 'security.istio.io',
  /** Istio's Telemetry. */
  ISTIO_TELEMETRY: 'telemetry.istio.io',
  /** Istio's WasmPlugin. */
  ISTIO_EXTENSIONS: 'extensions.istio.io',
  /** OSSM 2: ServiceMeshControlPlane, ServiceMeshMemberRoll, ServiceMeshMember. */
  MAISTRA: 'maistra.io',
  /** OSSM 3: Istio, IstioCNI, IstioRevisionTag. */
  SAIL: 'sailoperator.io',
  /** Kiali's `Kiali` resource. */
  KIALI: 'kiali.io',
  /** OLM: Subscription, OperatorGroup, ClusterServiceVersion. */
  OLM: 'operators.coreos.com',
  /** OpenShift's Route. */
  ROUTE: 'route.openshift.io',
  /** OpenShift user-workload monitoring (prometheus-operator): ServiceMonitor, PodMonitor. */
  MONITORING: 'monitoring.coreos.com',
  /** The Red Hat build of Tempo: TempoMonolithic, TempoStack. */
  TEMPO: 'tempo.grafana.com',
  /** The Red Hat build of OpenTelemetry: OpenTelemetryCollector. */
  OPENTELEMETRY: 'opentelemetry.io',
  /** The Kubernetes Gateway API: Gateway, GatewayClass, HTTPRoute, GRPCRoute, ReferenceGrant (v1.2.1 on OSSM 3). */
  GATEWAY_API: 'gateway.networking.k8s.io',
  /** Argo CD: Application, ApplicationSet, AppProject (and Argo Rollouts' Rollout). */
  ARGO_CD: 'argoproj.io',
} as const;
