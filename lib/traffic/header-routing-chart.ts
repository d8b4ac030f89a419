import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { requireSafeMap } from '../core/safe-map';
import { invalidInput, requireArray, requireObject } from '../core/validation';
import { IMeshService } from '../workload/mesh-service';
import { HeaderMatch } from './header-match';
import { HttpRoute, VersionWeight } from './intent/routing';
import { KialiWizard } from './kiali';
import { KialiWizardOptions, kialiWizardRouting, KialiWizardRules } from './kiali-wizard-routing';
import { TrafficRouting } from './traffic-routing';
import { chartPropsForSuper, requireChartProps } from '../core/chart-props';

/** One rule of {@link HeaderRoutingChart}: requests whose header matches go to one version. */
export interface HeaderRouteRule {
  /** Header name, lower case, e.g. `portal`. */
  readonly header: string;
  /** How the header value must match, e.g. `HeaderMatch.exact('travels.uk')`. */
  readonly match: HeaderMatch;
  /** The version that gets the matching requests. */
  readonly version: string;
}

/** Props of {@link HeaderRoutingChart}. */
export interface HeaderRoutingChartProps extends ChartProps, KialiWizardOptions {
  /** The service to route, e.g. the agency's travels from `TravelsAppsChart`, or `MeshService.fromServiceName(...)`. */
  readonly service: IMeshService;
  /** Rules, tried in order; the first that matches wins. */
  readonly rules: HeaderRouteRule[];
  /**
   * Where requests that match no rule go: one version, or weights over versions. Kiali's wizard writes no
   * default route, so callers without the header (the load tester, for one) get 404 — keep it that way only
   * on purpose.
   * @default - no default route (as the Kiali wizard)
   */
  readonly defaultRoute?: string | VersionWeight[];
}

/**
 * Workshop 4-1, "Request Routing" with matching rules: each rule sends requests whose header matches to one
 * version. Emits one VirtualService and one DestinationRule for the service's host, labelled
 * `kiali_wizard: request_routing`. {@link RequestRoutingChart} takes every match and action the wizard offers.
 */
export class HeaderRoutingChart extends Chart {
  /** The VirtualService and DestinationRule. */
  public readonly routing: TrafficRouting;

  public constructor(scope: Construct, id: string, props: HeaderRoutingChartProps) {
    super(scope, id, chartPropsForSuper(props));
    requireChartProps(this, props);
    this.routing = kialiWizardRouting(this, props, KialiWizard.REQUEST_ROUTING, () => headerRoutingRules(this, props));
  }
}

/**
 * The routing intent of {@link HeaderRoutingChart}: one rule per header match, then the default route; also what the
 * workshop's header-routing step routes by Gateway API. `scope` names the props in messages.
 * @internal
 */
export function headerRoutingRules(scope: Construct, props: Pick<HeaderRoutingChartProps, 'rules' | 'defaultRoute'>): KialiWizardRules {
  const http: HttpRoute[] = requireArray(scope, 'rules', props.rules).map((r, i) => {
    requireObject(scope, `rules[${i}]`, r);
    if (typeof r.header !== 'string') throw invalidInput(scope, `rules[${i}].header`, r.header, 'Allowed: an HTTP header name in lower case, e.g. "portal".');
    // checked here, so that a header named __proto__ is refused under this chart's path, never dropped
    const headers = requireSafeMap(scope, `rules[${i}]`, { [r.header]: r.match }, 'headers');
    return { match: [{ headers }], route: [{ version: r.version, weight: 100 }] };
  });
  if (props.defaultRoute !== undefined) {
    http.push({ route: typeof props.defaultRoute === 'string' ? [{ version: props.defaultRoute, weight: 100 }] : props.defaultRoute });
  }
  return { http };
}
