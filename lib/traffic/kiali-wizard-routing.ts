import { Construct } from 'constructs';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { requireObject, requireOneOf } from '../core/validation';
import { MeshPeerAuthentication, MtlsMode } from '../security/mesh-peer-authentication';
import { IMeshService, requireMeshService } from '../workload/mesh-service';
import { HttpRoute, TcpRoute } from './intent/routing';
import { TrafficPolicy } from './intent/traffic-policy';
import { KIALI_WIZARD_LABEL, KialiWizard } from './kiali';
import { TrafficRouting } from './traffic-routing';

/**
 * What every wizard-shaped chart takes besides its own props: the control plane, and the "Advanced Options" of Kiali's
 * wizards — the traffic policy of the DestinationRule (TLS, load balancer, connection pool, outlier detection) and a
 * PeerAuthentication for the service.
 */
export interface KialiWizardOptions {
  /**
   * The control plane the routing is for; it decides the Istio API version (`v1beta1` on OSSM 2.6, `v1` on OSSM 3).
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
  /**
   * How clients connect to the service (Kiali's "Traffic Policy" and "Circuit Breaker" options).
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * Kiali's "Add PeerAuthentication": a PeerAuthentication named like the service for its workloads (`app` label),
   * with this mode, labelled with the wizard like the routing.
   * @default - none
   */
  readonly peerAuthentication?: MtlsMode;
}

/** The rules (and a traffic policy of its own) a wizard-shaped chart makes for its checked service. @internal */
export interface KialiWizardRules {
  readonly http?: HttpRoute[];
  readonly tcp?: TcpRoute[];
  /** @default - the chart's `trafficPolicy` */
  readonly trafficPolicy?: TrafficPolicy;
}

/**
 * The routing of a wizard-shaped chart, as Kiali writes it: checks the chart's props and service, then makes a
 * {@link TrafficRouting} named like the service with the `kiali_wizard` label on both objects (construct id `Routing`)
 * from the rules `rulesFor` gives for the service, and the PeerAuthentication of the advanced options (construct id
 * `PeerAuthentication`).
 * @internal
 */
export function kialiWizardRouting<P extends KialiWizardOptions & { readonly service: IMeshService }>(
  chart: Construct, props: P, wizard: KialiWizard, rulesFor: (service: IMeshService) => KialiWizardRules,
): TrafficRouting {
  requireObject(chart, 'props', props);
  const service = requireMeshService(chart, 'service', props.service);
  const rules = rulesFor(service);
  const labels = { [KIALI_WIZARD_LABEL]: requireOneOf(chart, 'wizard', wizard, Object.values(KialiWizard)) };
  const routing = new TrafficRouting(chart, 'Routing', {
    service,
    controlPlane: props.controlPlane,
    labels,
    http: rules.http,
    tcp: rules.tcp,
    trafficPolicy: rules.trafficPolicy ?? props.trafficPolicy,
  });
  if (props.peerAuthentication !== undefined) {
    new MeshPeerAuthentication(chart, 'PeerAuthentication', { mode: props.peerAuthentication, service, labels, controlPlane: props.controlPlane });
  }
  return routing;
}
