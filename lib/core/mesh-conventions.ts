/**
 * Names and forms that Istio, OpenShift Service Mesh and Kubernetes fix, written once for the constructs, the synth
 * pipeline and the analyzer.
 */

/** The pod-template label that opts a pod into sidecar injection (what Kiali's "Enable Auto Injection" sets). */
export const SIDECAR_INJECT_LABEL = 'sidecar.istio.io/inject';

/** The DNS suffix of in-cluster Service hosts, with its leading dot. */
export const SERVICE_DOMAIN = '.svc.cluster.local';

/** The fully qualified host of a Service: `<name>.<namespace>.svc.cluster.local`. */
export function serviceFqdn(name: string, namespace: string): string {
  return `${name}.${namespace}${SERVICE_DOMAIN}`;
}
