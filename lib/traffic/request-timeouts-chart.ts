import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { invalidInput } from '../core/validation';
import { IMeshService } from '../workload/mesh-service';
import { RetryPolicy, VersionWeight } from './intent/routing';
import { KialiWizard } from './kiali';
import { KialiWizardOptions, kialiWizardRouting } from './kiali-wizard-routing';
import { TrafficRouting } from './traffic-routing';
import { evenWeights } from './weights';
import { chartPropsForSuper, requireChartProps } from '../core/chart-props';

/** Props of {@link RequestTimeoutsChart}. At least one of `timeout` and `retries`. */
export interface RequestTimeoutsChartProps extends ChartProps, KialiWizardOptions {
  /** The service whose requests get the timeout and retries. */
  readonly service: IMeshService;
  /**
   * The timeout of a request, retries included (the wizard's "HTTP Timeout"; it proposes 2s).
   * @default - no timeout
   */
  readonly timeout?: Duration;
  /**
   * The retry policy (the wizard's "HTTP Retry"; it proposes 3 attempts, 2s per try, on gateway-error,
   * connect-failure and refused-stream).
   * @default - Istio's default retries
   */
  readonly retries?: RetryPolicy;
  /**
   * Where requests go.
   * @default - an even split over all versions of the service, as Kiali's wizard
   */
  readonly route?: VersionWeight[];
}

/**
 * Kiali's "Request Timeouts" wizard (Istio's request timeouts and retries): one rule over the versions of a
 * service with a timeout and/or a retry policy. Emits one VirtualService and one DestinationRule for the service's
 * host, labelled `kiali_wizard: request_timeouts`.
 */
export class RequestTimeoutsChart extends Chart {
  /** The VirtualService and DestinationRule. */
  public readonly routing: TrafficRouting;

  public constructor(scope: Construct, id: string, props: RequestTimeoutsChartProps) {
    super(scope, id, chartPropsForSuper(props));
    requireChartProps(this, props);
    this.routing = kialiWizardRouting(this, props, KialiWizard.REQUEST_TIMEOUTS, (service) => {
      if (props.timeout === undefined && props.retries === undefined) {
        throw invalidInput(this, 'timeout and retries', {}, 'Allowed: a timeout, a retry policy, or both.');
      }
      return { http: [{ route: props.route ?? evenWeights(service), timeout: props.timeout, retries: props.retries }] };
    });
  }
}
