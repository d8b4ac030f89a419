import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { invalidInput, requireObject } from '../core/validation';
import { IMeshService } from '../workload/mesh-service';
import { VersionWeight } from './intent/routing';
import { ConnectionPoolOptions, OutlierDetectionOptions } from './intent/traffic-policy';
import { KialiWizard } from './kiali';
import { KialiWizardOptions, kialiWizardRouting, KialiWizardRules } from './kiali-wizard-routing';
import { TrafficRouting } from './traffic-routing';
import { evenWeights } from './weights';
import { chartPropsForSuper, requireChartProps } from '../core/chart-props';

/** Props of {@link CircuitBreakerChart}. */
export interface CircuitBreakerChartProps extends ChartProps, KialiWizardOptions {
  /** The service to protect. */
  readonly service: IMeshService;
  /** Weights per version. @default - an even split over all versions (33/33/34 for three) */
  readonly weights?: VersionWeight[];
  /**
   * Connection pool limits (not together with `trafficPolicy.connectionPool`).
   * @default - the Kiali wizard's: `{ maxConnections: 1, http1MaxPendingRequests: 1 }`
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Outlier detection (not together with `trafficPolicy.outlierDetection`). The Kiali wizard's default is
   * "1 consecutive error", which it writes as the deprecated `consecutiveErrors` that Istio 1.20 ignores; this chart
   * writes `consecutive5xxErrors` instead.
   * @default { consecutive5xxErrors: 1 }
   */
  readonly outlierDetection?: OutlierDetectionOptions;
}

/**
 * Workshop 6-2, a circuit breaker through "Traffic Shifting": weights plus the DestinationRule's connection pool
 * and outlier detection. Emits one VirtualService and one DestinationRule for the service's host, labelled
 * `kiali_wizard: traffic_shifting`.
 */
export class CircuitBreakerChart extends Chart {
  /** The VirtualService and DestinationRule. */
  public readonly routing: TrafficRouting;

  public constructor(scope: Construct, id: string, props: CircuitBreakerChartProps) {
    super(scope, id, chartPropsForSuper(props));
    requireChartProps(this, props);
    this.routing = kialiWizardRouting(this, props, KialiWizard.TRAFFIC_SHIFTING, (service) => circuitBreakerRules(this, props, service));
  }
}

/**
 * The routing intent of {@link CircuitBreakerChart}: the weights and the Kiali wizard's connection pool and outlier
 * detection; also what the workshop's circuit-breaker step routes by Gateway API. `scope` names the props in messages.
 * @internal
 */
export function circuitBreakerRules(
  scope: Construct, props: Pick<CircuitBreakerChartProps, 'weights' | 'trafficPolicy' | 'connectionPool' | 'outlierDetection'>, service: IMeshService,
): KialiWizardRules {
  const policy = props.trafficPolicy === undefined ? {} : requireObject(scope, 'trafficPolicy', props.trafficPolicy);
  for (const part of ['connectionPool', 'outlierDetection'] as const) {
    if (props[part] !== undefined && policy[part] !== undefined) {
      throw invalidInput(scope, `${part} and trafficPolicy.${part}`, props[part], `Allowed: one of the two (both set the DestinationRule's ${part}).`);
    }
  }
  return {
    http: [{ route: props.weights ?? evenWeights(service) }],
    trafficPolicy: {
      ...policy,
      connectionPool: props.connectionPool ?? policy.connectionPool ?? { maxConnections: 1, http1MaxPendingRequests: 1 },
      outlierDetection: props.outlierDetection ?? policy.outlierDetection ?? { consecutive5xxErrors: 1 },
    },
  };
}
