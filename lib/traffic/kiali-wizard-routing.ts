import { Construct } from 'constructs';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { requireOneOf } from '../core/validation';
import { MeshPeerAuthentication, MtlsMode } from '../security/mesh-peer-authentication';
import { IMeshService } from '../workload/mesh-service';
import { HttpRoute, TcpRoute } from './intent/routing';
import { TrafficPolicy } from './intent/traffic-policy';
import { KIALI_WIZARD_LABEL, KialiWizard } from './kiali';
import { TrafficRouting } from './traffic-routing';

/**
 * The "Advanced Options" of Kiali's wizards that every wizard-shaped chart takes: the traffic policy of the
 * DestinationRule (TLS, load balancer, connection pool, outlier detection) and a PeerAuthentication for the service.
 */
export interface KialiWizardOptions {
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

/** What a wizard-shaped chart hands to {@link kialiWizardRouting}. @internal */
export interface KialiWizardRoutingProps extends KialiWizardOptions {
  readonly service: IMeshService;
  readonly wizard: KialiWizard;
  readonly http?: HttpRoute[];
  readonly tcp?: TcpRoute[];
  readonly controlPlane?: IMeshControlPlane;
}

/**
 * The routing of a wizard-shaped chart, as Kiali writes it: a {@link TrafficRouting} named like the service with the
 * `kiali_wizard` label on both objects (construct id `Routing`), and the PeerAuthentication of the advanced options
 * (construct id `PeerAuthentication`).
 * @internal
 */
export function kialiWizardRouting(scope: Construct, props: KialiWizardRoutingProps): TrafficRouting {
  const wizard = requireOneOf(scope, 'wizard', props.wizard, Object.values(KialiWizard));
  const labels = { [KIALI_WIZARD_LABEL]: wizard };
  const routing = new TrafficRouting(scope, 'Routing', {
    service: props.service,
    controlPlane: props.controlPlane,
    labels,
    http: props.http,
    tcp: props.tcp,
    trafficPolicy: props.trafficPolicy,
  });
  if (props.peerAuthentication !== undefined) {
    new MeshPeerAuthentication(scope, 'PeerAuthentication', {
      mode: props.peerAuthentication, service: props.service, labels, controlPlane: props.controlPlane,
    });
  }
  return routing;
}
