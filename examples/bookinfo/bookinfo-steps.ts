// One step per traffic file of Istio's samples/bookinfo/networking/ (named like the file), each with the
// DestinationRules its routes need, plus steps after istio.io's request timeouts, retries, mirroring, circuit
// breaking, mutual TLS and HTTP authorization tasks. Steps are alternatives: each is applied alone onto the base.
import { App, Chart, Duration } from 'cdk8s';
import {
  addSynthWarning, AuthorizationAction, ClientTlsMode, GatewayApiRouting, HttpRoute, IMeshControlPlane, LoadBalancerAlgorithm, Mesh, MeshAuthorizationPolicy,
  MeshPeerAuthentication, MeshService, MtlsMode, RoutingApi, serviceAccountPrincipal, ServiceDestinationRule, StringMatch, TrafficPolicy, TrafficRouting,
} from 'cdk8s-ossm';
import { BookinfoAppsChart } from './bookinfo-apps-chart';

/** The steps, in the order of Istio's files and then of istio.io's tasks. */
export const BOOKINFO_STEPS = [
  'virtual-service-all-v1',
  'virtual-service-reviews-test-v2',
  'virtual-service-reviews-50-v3',
  'virtual-service-reviews-80-20',
  'virtual-service-reviews-90-10',
  'virtual-service-reviews-v3',
  'virtual-service-reviews-v2-v3',
  'virtual-service-reviews-jason-v2-v3',
  'virtual-service-ratings-test-delay',
  'virtual-service-ratings-test-abort',
  'fault-injection-details-v1',
  'destination-rule-all',
  'destination-rule-all-mtls',
  'destination-rule-reviews',
  'request-timeouts',
  'retries',
  'mirroring',
  'circuit-breaking',
  'peer-authentication-strict',
  'authorization-http',
] as const;

/** A Bookinfo step. */
export type BookinfoStep = typeof BOOKINFO_STEPS[number];

const JASON = [{ headers: { 'end-user': StringMatch.exact('jason') } }];

/** Builds the constructs of one step into `chart`. */
type StepBuilder = (chart: Chart, apps: BookinfoAppsChart) => void;

/**
 * The routing of one service, with the DestinationRule its routes need (named like the service, as Istio's files); in
 * a mesh that routes by Gateway API, an HTTPRoute with the per-version Services instead.
 */
function route(chart: Chart, service: MeshService, http: HttpRoute[]): void {
  if (Mesh.of(chart).routingApi === RoutingApi.GATEWAY_API) new GatewayApiRouting(chart, service.name, { service, http });
  else new TrafficRouting(chart, service.name, { service, http });
}

/** Steps Gateway API v1.2.1 cannot express, and why: in a mesh that routes by it, they are not written. */
const NOT_IN_GATEWAY_API: Partial<Record<BookinfoStep, string>> = {
  'virtual-service-ratings-test-delay': 'fault injection',
  'virtual-service-ratings-test-abort': 'fault injection',
  'fault-injection-details-v1': 'fault injection',
  'request-timeouts': 'fault injection (the delay on ratings)',
  'retries': 'retries (experimental in v1.2.1)',
};

/** reviews only: one rule set. */
const reviewsStep = (...http: HttpRoute[]): StepBuilder => (chart, apps) => { route(chart, apps.reviews, http); };
/** Weights over reviews versions, e.g. `split(['v1', 50], ['v3', 50])`. */
const split = (...weights: Array<[string, number]>): HttpRoute => ({ route: weights.map(([version, weight]) => ({ version, weight })) });
/** A DestinationRule for each of the four services, with one traffic policy. */
const destinationRules = (trafficPolicy?: TrafficPolicy): StepBuilder => (chart, apps) => {
  for (const service of [apps.productpage, apps.reviews, apps.ratings, apps.details]) {
    new ServiceDestinationRule(chart, service.name, { service, trafficPolicy });
  }
};
/** ratings for jason with a fault, everyone else straight to v1 (Istio's fault-injection task). */
const ratingsFault = (fault: HttpRoute['fault']): StepBuilder => (chart, apps) => {
  route(chart, apps.ratings, [{ match: JASON, fault, route: [{ version: 'v1' }] }, { route: [{ version: 'v1' }] }]);
};

const STEPS: Record<BookinfoStep, StepBuilder> = {
  'virtual-service-all-v1': (chart, apps) => {
    for (const service of [apps.productpage, apps.reviews, apps.ratings, apps.details]) route(chart, service, [{ route: [{ version: 'v1' }] }]);
  },
  'virtual-service-reviews-test-v2': reviewsStep({ match: JASON, route: [{ version: 'v2' }] }, { route: [{ version: 'v1' }] }),
  'virtual-service-reviews-50-v3': reviewsStep(split(['v1', 50], ['v3', 50])),
  'virtual-service-reviews-80-20': reviewsStep(split(['v1', 80], ['v2', 20])),
  'virtual-service-reviews-90-10': reviewsStep(split(['v1', 90], ['v2', 10])),
  'virtual-service-reviews-v3': reviewsStep({ route: [{ version: 'v3' }] }),
  'virtual-service-reviews-v2-v3': reviewsStep(split(['v2', 50], ['v3', 50])),
  'virtual-service-reviews-jason-v2-v3': reviewsStep({ match: JASON, route: [{ version: 'v2' }] }, { route: [{ version: 'v3' }] }),
  'virtual-service-ratings-test-delay': ratingsFault({ delay: { percentage: 100, fixedDelay: Duration.seconds(7) } }),
  'virtual-service-ratings-test-abort': ratingsFault({ abort: { percentage: 100, httpStatus: 500 } }),
  // Istio's file adds a second rule without fault after this one, which no request ever reaches (a rule without match
  // takes every request); it is left out here, where an unreachable rule is refused
  'fault-injection-details-v1': (chart, apps) => {
    route(chart, apps.details, [{ fault: { abort: { percentage: 100, httpStatus: 555 } }, route: [{ version: 'v1' }] }]);
  },
  'destination-rule-all': destinationRules(),
  'destination-rule-all-mtls': destinationRules({ tls: { mode: ClientTlsMode.ISTIO_MUTUAL } }),
  'destination-rule-reviews': (chart, apps) => {
    new ServiceDestinationRule(chart, 'reviews', { service: apps.reviews, trafficPolicy: { loadBalancer: { algorithm: LoadBalancerAlgorithm.RANDOM } } });
  },
  // istio.io "Request Timeouts": ratings answers after 2 s, reviews v2 gives up after half a second
  'request-timeouts': (chart, apps) => {
    route(chart, apps.ratings, [{ fault: { delay: { percentage: 100, fixedDelay: Duration.seconds(2) } }, route: [{ version: 'v1' }] }]);
    route(chart, apps.reviews, [{ route: [{ version: 'v2' }], timeout: Duration.millis(500) }]);
  },
  // istio.io traffic management "Retries": up to 3 attempts of 2 s each to ratings v1
  'retries': (chart, apps) => {
    route(chart, apps.ratings, [{ route: [{ version: 'v1' }], retries: { attempts: 3, perTryTimeout: Duration.seconds(2) } }]);
  },
  // istio.io "Mirroring", on Bookinfo's reviews: all traffic to v1, a copy of every request to v2
  'mirroring': (chart, apps) => {
    route(chart, apps.reviews, [{ route: [{ version: 'v1', weight: 100 }], mirror: { version: 'v2', percentage: 100 } }]);
  },
  // istio.io "Circuit Breaking", on Bookinfo's reviews: one connection, one pending request, eject after one 5xx
  'circuit-breaking': (chart, apps) => {
    new ServiceDestinationRule(chart, 'reviews', {
      service: apps.reviews,
      trafficPolicy: {
        connectionPool: { maxConnections: 1, http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
        outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100 },
      },
    });
  },
  // istio.io "Mutual TLS Migration", last step, for the namespace: only mutual TLS is accepted
  'peer-authentication-strict': (chart, apps) => {
    new MeshPeerAuthentication(chart, 'strict', { namespace: apps.appNamespace, mode: MtlsMode.STRICT });
  },
  // istio.io "Authorization on HTTP traffic": nothing is allowed but GET to productpage from anyone, to details and
  // reviews from productpage, to ratings from reviews
  'authorization-http': (chart, apps) => {
    const namespace = apps.appNamespace;
    const get = (name: string, service: MeshService, caller?: string) => new MeshAuthorizationPolicy(chart, name, {
      name, service, action: AuthorizationAction.ALLOW,
      rules: [{ from: caller ? [{ principals: [serviceAccountPrincipal(namespace, caller)] }] : undefined, to: [{ methods: ['GET'] }] }],
    });
    new MeshAuthorizationPolicy(chart, 'allow-nothing', { name: 'allow-nothing', namespace, rules: [] });
    get('productpage-viewer', apps.productpage);
    get('details-viewer', apps.details, 'bookinfo-productpage');
    get('reviews-viewer', apps.reviews, 'bookinfo-productpage');
    get('ratings-viewer', apps.ratings, 'bookinfo-reviews');
  },
};

/**
 * One step as an app of its own, with one chart named like the step. The step's App declares the mesh (`controlPlane`,
 * by default the apps chart's own mesh), which every construct of the step finds.
 */
export function buildBookinfoStep(step: BookinfoStep, apps: BookinfoAppsChart, controlPlane: IMeshControlPlane = Mesh.of(apps)): App {
  const app = new App();
  Mesh.declare(app, controlPlane);
  const missing = controlPlane.routingApi === RoutingApi.GATEWAY_API ? NOT_IN_GATEWAY_API[step] : undefined;
  if (missing !== undefined) {
    addSynthWarning(new Chart(app, step), `step ${step} is not written: the mesh routes by Gateway API, which has no ${missing} (and a VirtualService next to its HTTPRoutes would be undefined behaviour).`);
    return app;
  }
  STEPS[step](new Chart(app, step), apps);
  return app;
}
