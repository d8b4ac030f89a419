import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { IMeshService } from '../workload/mesh-service';
import { HttpRoute } from './intent/routing';
import { KialiWizard } from './kiali';
import { KialiWizardOptions, kialiWizardRouting } from './kiali-wizard-routing';
import { TrafficRouting } from './traffic-routing';
import { chartPropsForSuper, requireChartProps } from '../core/chart-props';

/** Props of {@link RequestRoutingChart}. */
export interface RequestRoutingChartProps extends ChartProps, KialiWizardOptions {
  /** The service to route. */
  readonly service: IMeshService;
  /**
   * The rules, tried in order, as the wizard's "Route Rules": each with its request matching (headers, URI,
   * scheme, method, authority; and more than the wizard offers: query parameters, port, caller), its routes (weights
   * over versions), and the wizard's per-rule fault injection, timeout, retries and mirror.
   */
  readonly rules: HttpRoute[];
}

/**
 * Kiali's "Request Routing" wizard in full: ordered rules with request matching, weighted routes, and per-rule
 * faults, timeouts, retries and mirroring, plus the advanced options (traffic policy, PeerAuthentication). Emits one
 * VirtualService and one DestinationRule for the service's host, labelled `kiali_wizard: request_routing`.
 */
export class RequestRoutingChart extends Chart {
  /** The VirtualService and DestinationRule. */
  public readonly routing: TrafficRouting;

  public constructor(scope: Construct, id: string, props: RequestRoutingChartProps) {
    super(scope, id, chartPropsForSuper(props));
    requireChartProps(this, props);
    this.routing = kialiWizardRouting(this, props, KialiWizard.REQUEST_ROUTING, () => ({ http: props.rules }));
  }
}
