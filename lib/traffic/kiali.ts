import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../core/mesh-conventions';

/**
 * The value of the `kiali_wizard` label Kiali's wizards put on the VirtualService and DestinationRule they
 * write. With it the Kiali console recognizes the routing as its own, and "Delete Traffic Routing" removes it.
 * (Kiali 1.73, as OSSM 2.6 deploys it, has these five service wizards.)
 */
export enum KialiWizard {
  /** "Request Routing": match rules to versions. */
  REQUEST_ROUTING = 'request_routing',
  /** "Fault Injection": aborts and delays. */
  FAULT_INJECTION = 'fault_injection',
  /** "Traffic Shifting": weights (and a mirror), and the circuit breaker settings of its advanced options. */
  TRAFFIC_SHIFTING = 'traffic_shifting',
  /** "TCP Traffic Shifting": weights of TCP connections. */
  TCP_TRAFFIC_SHIFTING = 'tcp_traffic_shifting',
  /** "Request Timeouts": a timeout and a retry policy. */
  REQUEST_TIMEOUTS = 'request_timeouts',
}

/** The label that names the Kiali wizard an object corresponds to. */
export const KIALI_WIZARD_LABEL = 'kiali_wizard';

/**
 * Selects the routing of the traffic charts and nothing else (not the control ingress, not Kiali's own):
 * `oc delete virtualservice,destinationrule,peerauthentication -A -l '<this>'`.
 */
export const TRAFFIC_ROUTING_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${KIALI_WIZARD_LABEL}`;
