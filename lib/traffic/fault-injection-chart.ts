import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { requireSafeMap } from '../core/safe-map';
import { invalidInput } from '../core/validation';
import { IMeshService } from '../workload/mesh-service';
import { HeaderMatch } from './header-match';
import { AbortFault, DelayFault, HttpRoute, VersionWeight } from './intent/routing';
import { KialiWizard } from './kiali';
import { KialiWizardOptions, kialiWizardRouting } from './kiali-wizard-routing';
import { TrafficRouting } from './traffic-routing';
import { evenWeights } from './weights';
import { chartPropsForSuper, requireChartProps } from '../core/chart-props';

/** Props of {@link FaultInjectionChart}. At least one of `abort` and `delay`. */
export interface FaultInjectionChartProps extends ChartProps, KialiWizardOptions {
  /** The service whose requests get the faults. */
  readonly service: IMeshService;
  /** Abort a share of the requests, e.g. `{ percentage: 10, httpStatus: 503 }`. @default - no abort */
  readonly abort?: AbortFault;
  /** Delay a share of the requests. @default - no delay */
  readonly delay?: DelayFault;
  /**
   * Inject only into requests with these headers; the others are routed without faults.
   * @default - all requests
   */
  readonly headers?: Record<string, HeaderMatch>;
  /**
   * Where requests go, faults or not.
   * @default - an even split over all versions of the service, as Kiali's wizard
   */
  readonly route?: VersionWeight[];
}

/**
 * Workshop 5-1, "Fault Injection": aborts and/or delays on all traffic of a service or on matching requests.
 * Emits one VirtualService and one DestinationRule for the service's host, labelled `kiali_wizard: fault_injection`.
 */
export class FaultInjectionChart extends Chart {
  /** The VirtualService and DestinationRule. */
  public readonly routing: TrafficRouting;

  public constructor(scope: Construct, id: string, props: FaultInjectionChartProps) {
    super(scope, id, chartPropsForSuper(props));
    requireChartProps(this, props);
    this.routing = kialiWizardRouting(this, props, KialiWizard.FAULT_INJECTION, (service) => {
      if (!props.abort && !props.delay) {
        throw invalidInput(this, 'abort and delay', { abort: props.abort, delay: props.delay }, 'Allowed: an abort, a delay, or both.');
      }
      const route = props.route ?? evenWeights(service);
      // checked here, so that a header named __proto__ is refused under this chart's path, never dropped
      const headers = props.headers === undefined ? undefined : requireSafeMap(this, 'headers', props.headers, 'headers');
      const http: HttpRoute[] = [{ match: headers && [{ headers }], route, fault: { abort: props.abort, delay: props.delay } }];
      if (headers !== undefined) http.push({ route });
      return { http };
    });
  }
}
