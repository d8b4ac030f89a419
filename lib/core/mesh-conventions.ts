/**
 * Names and forms that Istio, OpenShift Service Mesh and Kubernetes fix, written once for the constructs, the synth
 * pipeline, the analyzer, explain and migrate.
 */

/** The pod-template label that opts a pod into sidecar injection (what Kiali's "Enable Auto Injection" sets). */
export const SIDECAR_INJECT_LABEL = 'sidecar.istio.io/inject';

/** The namespace label that opts a namespace into sidecar injection by the default revision. */
export const ISTIO_INJECTION_LABEL = 'istio-injection';

/** The namespace (or pod) label that names the control-plane revision to inject. */
export const ISTIO_REVISION_LABEL = 'istio.io/rev';

/** The namespace label Red Hat's OSSM 3 documentation has discovery selectors select (`istio-discovery: enabled`). @internal */
export const ISTIO_DISCOVERY_LABEL = 'istio-discovery';

/** The namespace label with which OSSM 2.6's injector leaves a namespace to OSSM 3 during a migration. @internal */
export const MAISTRA_IGNORE_NAMESPACE_LABEL = 'maistra.io/ignore-namespace';

/** The DNS suffix of in-cluster Service hosts, with its leading dot. */
export const SERVICE_DOMAIN = '.svc.cluster.local';

/** The fully qualified host of a Service: `<name>.<namespace>.svc.cluster.local`. */
export function serviceFqdn(name: string, namespace: string): string {
  return `${name}.${namespace}${SERVICE_DOMAIN}`;
}

/**
 * The control-plane namespace when none is given: where OSSM 2.6 and OSSM 3 put istiod (and the mesh's root
 * namespace, where mesh-wide policies live). @internal
 */
export const DEFAULT_CONTROL_PLANE_NAMESPACE = 'istio-system';

/** The ingress gateway's Deployment and Service, as OSSM 2's operator names it (and `MeshIngressGateway` by default). @internal */
export const INGRESS_GATEWAY_NAME = 'istio-ingressgateway';

/** The ingress gateway Service's plain-HTTP and HTTPS ports, as OSSM 2's operator names them. @internal */
export const INGRESS_GATEWAY_PORT_NAMES = { http: 'http2', https: 'https' } as const;

/** The egress gateway's Deployment and Service, as OSSM 2's operator names it. @internal */
export const EGRESS_GATEWAY_NAME = 'istio-egressgateway';

/** `host:port` of the Zipkin collector of OSSM 2.6's Jaeger addon in a control-plane namespace. @internal */
export function jaegerZipkinAddress<N extends string>(controlPlaneNamespace: N): `zipkin.${N}:9411` {
  return `zipkin.${controlPlaneNamespace}:9411`;
}

/** The label every object of the traffic and security constructs carries, so one selector finds exactly what this library made. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Value of {@link MANAGED_BY_LABEL}. */
export const MANAGED_BY_VALUE = 'cdk8s-ossm';

/**
 * Annotation of a VirtualService that names the Gateways it binds to which exist on the cluster but not in the
 * analyzed set (`<namespace>/<name>`, comma-separated): the analyzer does not report them as missing (OSSM104).
 * `MeshIngress` writes it for an `existingGateway`. @internal
 */
export const EXTERNAL_GATEWAYS_ANNOTATION = 'analysis.cdk8s-ossm.io/external-gateways';
