import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { IMeshService } from '../workload/mesh-service';
import { MirrorPolicy, VersionWeight } from './intent/routing';
import { KialiWizard } from './kiali';
import { KialiWizardOptions, kialiWizardRouting, KialiWizardRules } from './kiali-wizard-routing';
import { TrafficRouting } from './traffic-routing';
import { evenWeights } from './weights';
import { chartPropsForSuper, requireChartProps } from '../core/chart-props';

/** Props of {@link WeightedRoutingChart}. */
export interface WeightedRoutingChartProps extends ChartProps, KialiWizardOptions {
  /** The service to route. */
  readonly service: IMeshService;
  /**
   * Weights per version, whole numbers adding up to 100.
   * @default - an even split over all versions of the service, as Kiali's wizard (33/33/34 for three)
   */
  readonly weights?: VersionWeight[];
  /**
   * A version that also gets a copy of a share of the requests (the wizard's "mirrored" workload), e.g.
   * `{ version: 'v2', percentage: 50 }`.
   * @default - no mirroring
   */
  readonly mirror?: MirrorPolicy;
}

/**
 * Workshop 4-2, "Traffic Shifting" by weight: all requests split over versions, optionally mirrored to one. Emits one
 * VirtualService and one DestinationRule for the service's host, labelled `kiali_wizard: traffic_shifting`.
 */
export class WeightedRoutingChart extends Chart {
  /** The VirtualService and DestinationRule. */
  public readonly routing: TrafficRouting;

  public constructor(scope: Construct, id: string, props: WeightedRoutingChartProps) {
    super(scope, id, chartPropsForSuper(props));
    requireChartProps(this, props);
    this.routing = kialiWizardRouting(this, props, KialiWizard.TRAFFIC_SHIFTING, (service) => weightedRoutingRules(props, service));
  }
}

/**
 * The routing intent of {@link WeightedRoutingChart}: the weights (Kiali's even split by default) and the mirror;
 * also what the workshop's weighted-routing step routes by Gateway API.
 * @internal
 */
export function weightedRoutingRules(props: Pick<WeightedRoutingChartProps, 'weights' | 'mirror'>, service: IMeshService): KialiWizardRules {
  return { http: [{ route: props.weights ?? evenWeights(service), mirror: props.mirror }] };
}
