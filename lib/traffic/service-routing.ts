import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { requireSafeMap } from '../core/safe-map';
import { invalidInput, requireArray, requireObject, requireOneOf } from '../core/validation';
import { IMeshService } from '../workload/mesh-service';
import { HeaderMatch } from './header-match';
import { FaultOptions, HttpRoute, VersionWeight } from './intent/routing';
import { ConnectionPoolOptions, OutlierDetectionOptions } from './intent/traffic-policy';
import { KIALI_WIZARD_LABEL, KialiWizard } from './kiali';
import { TrafficRouting } from './traffic-routing';

export { istioDuration } from './render/values';
export {
  AbortFault, DelayFault, FaultOptions, MAX_ISTIO_DURATION_MS, VersionWeight,
} from './intent/routing';
export { ConnectionPoolOptions, OutlierDetectionOptions } from './intent/traffic-policy';

/**
 * One HTTP rule of {@link ServiceRouting}, in the order rules are tried.
 * @deprecated Use {@link HttpRoute} with {@link TrafficRouting}: `{ match: [{ headers }], route, fault }`.
 */
export interface HttpRouteRule {
  /**
   * Request headers that must all match (header names in lower case). A rule without headers matches every
   * request, so it must be the last rule.
   * @default - matches every request
   */
  readonly headers?: Record<string, HeaderMatch>;
  /** Where matching requests go. */
  readonly route: VersionWeight[];
  /** Faults injected into the matching requests. @default - no fault */
  readonly fault?: FaultOptions;
}

/**
 * Props of {@link ServiceRouting}.
 * @deprecated Use {@link TrafficRoutingProps}.
 */
export interface ServiceRoutingProps {
  /** The service whose host is routed. */
  readonly service: IMeshService;
  /** The Kiali wizard this routing corresponds to (its `kiali_wizard` label). */
  readonly wizard: KialiWizard;
  /** HTTP rules, tried in order. At least one. */
  readonly rules: HttpRouteRule[];
  /** Connection and request limits (circuit breaking). @default - no connection pool limits */
  readonly connectionPool?: ConnectionPoolOptions;
  /** Ejecting endpoints that fail (circuit breaking). @default - no outlier detection */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * The control plane the routing is for; it decides the Istio API version (`v1beta1` on OSSM 2.6, `v1` on OSSM 3).
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
}

/**
 * One VirtualService and one DestinationRule for one service host, in the shape Kiali's wizards write, labelled
 * `kiali_wizard`. Kept for code written against it: it is now a {@link TrafficRouting} (construct id `Routing`)
 * whose rules are header matches and weights.
 * @deprecated Use {@link TrafficRouting} (routing intent without a Kiali label: matches on headers, path, method and
 * more, timeouts, retries, mirrors, traffic policies), or a wizard-shaped chart such as {@link RequestRoutingChart}
 * for Kiali's label.
 */
export class ServiceRouting extends Construct {
  /** The service routed. */
  public readonly service: IMeshService;
  /** The VirtualService (`networking.istio.io/v1beta1` or `v1`, as the control plane serves). */
  public readonly virtualService: ApiObject;
  /** The DestinationRule (`networking.istio.io/v1beta1` or `v1`, as the control plane serves). */
  public readonly destinationRule: ApiObject;

  public constructor(scope: Construct, id: string, props: ServiceRoutingProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const wizard = requireOneOf(this, 'wizard', props.wizard, Object.values(KialiWizard));
    const rules = [...requireArray(this, 'rules', props.rules)];
    if (rules.length === 0) throw invalidInput(this, 'rules', rules, 'Allowed: at least one rule.');
    const http: HttpRoute[] = rules.map((rule, i) => {
      requireObject(this, `rules[${i}]`, rule);
      const headers = rule.headers === undefined ? undefined : requireSafeMap(this, `rules[${i}] headers`, rule.headers, 'headers');
      return { match: headers === undefined ? undefined : [{ headers }], route: rule.route, fault: rule.fault };
    });
    const pool = props.connectionPool;
    const outlier = props.outlierDetection;
    const routing = new TrafficRouting(this, 'Routing', {
      service: props.service,
      controlPlane: props.controlPlane,
      labels: { [KIALI_WIZARD_LABEL]: wizard },
      http,
      trafficPolicy: pool === undefined && outlier === undefined ? undefined : { connectionPool: pool, outlierDetection: outlier },
    });
    this.service = routing.service;
    this.virtualService = routing.virtualService;
    this.destinationRule = routing.destinationRule;
  }
}
