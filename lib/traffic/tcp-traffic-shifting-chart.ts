import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { IMeshService } from '../workload/mesh-service';
import { VersionWeight } from './intent/routing';
import { KialiWizard } from './kiali';
import { KialiWizardOptions, kialiWizardRouting } from './kiali-wizard-routing';
import { TrafficRouting } from './traffic-routing';
import { evenWeights } from './weights';
import { chartPropsForSuper, requireChartProps } from '../core/chart-props';

/** Props of {@link TcpTrafficShiftingChart}. */
export interface TcpTrafficShiftingChartProps extends ChartProps, KialiWizardOptions {
  /** The service whose TCP connections are shifted (its port must be named for TCP, e.g. `tcp`). */
  readonly service: IMeshService;
  /**
   * Weights per version, whole numbers adding up to 100.
   * @default - an even split over all versions of the service, as Kiali's wizard
   */
  readonly weights?: VersionWeight[];
}

/**
 * Kiali's "TCP Traffic Shifting" wizard (Istio's TCP traffic shifting task): TCP connections split over versions.
 * Emits one VirtualService (a `tcp` rule) and one DestinationRule for the service's host, labelled
 * `kiali_wizard: tcp_traffic_shifting`.
 */
export class TcpTrafficShiftingChart extends Chart {
  /** The VirtualService and DestinationRule. */
  public readonly routing: TrafficRouting;

  public constructor(scope: Construct, id: string, props: TcpTrafficShiftingChartProps) {
    super(scope, id, chartPropsForSuper(props));
    requireChartProps(this, props);
    this.routing = kialiWizardRouting(this, props, KialiWizard.TCP_TRAFFIC_SHIFTING, (service) => ({
      tcp: [{ route: props.weights ?? evenWeights(service) }],
    }));
  }
}
