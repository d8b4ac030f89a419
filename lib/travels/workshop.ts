import { ApiObject, App, Chart } from 'cdk8s';
import { Waypoint } from '../ambient/waypoint';
import { isAmbient } from '../core/data-plane';
import { Mesh } from '../core/mesh';
import { IMeshControlPlane, OssmVersion } from '../core/mesh-control-plane';
import { invalidInput, requireObject } from '../core/validation';
import { MaistraControlPlaneProps } from '../mesh/control-plane';
import { MeshBaseChart, MeshOperatorsOptions } from '../mesh/mesh-base-chart';
import { MeshObservabilityOptions } from '../observability/mesh-observability';
import { Ossm3Options } from '../ossm3/control-plane';
import { DistSources } from '../synth/write-dist';
import { RoutingApi } from '../core/routing-api';
import { addSynthWarning } from '../core/synth-warnings';
import { CircuitBreakerChart, circuitBreakerRules } from '../traffic/circuit-breaker-chart';
import { GatewayApiRouting } from '../traffic/gateway-api-routing';
import { FaultInjectionChart } from '../traffic/fault-injection-chart';
import { HeaderMatch } from '../traffic/header-match';
import { HeaderRouteRule, HeaderRoutingChart, headerRoutingRules } from '../traffic/header-routing-chart';
import { KIALI_WIZARD_LABEL, KialiWizard } from '../traffic/kiali';
import { KialiWizardRules } from '../traffic/kiali-wizard-routing';
import { VersionWeight } from '../traffic/service-routing';
import { WeightedRoutingChart, weightedRoutingRules } from '../traffic/weighted-routing-chart';
import { TravelsLoadTester } from './load-tester';
import { TravelsAppsChart, TravelsAppsChartProps } from './travels-apps-chart';

/** Options of {@link buildTravelsWorkshop}. */
export interface TravelsWorkshopOptions {
  /** The cluster's base domain, for the control ingress host (`CLUSTER_BASE_DOMAIN`). */
  readonly clusterBaseDomain: string;
  /**
   * Which OpenShift Service Mesh to build the workshop for (`OSSM_VERSION`). 2.6 writes the seed's workshop (and a synth
   * warning: OSSM 2.6 reached end of life on 2026-06-30).
   * @default OssmVersion.V3
   */
  readonly ossmVersion?: OssmVersion;
  /**
   * The control plane in the workshop's terms (see `MeshBaseChartProps.controlPlane`: on OSSM 3, what has no
   * counterpart is named in synth warnings).
   * @default - the workshop's control plane
   */
  readonly controlPlane?: MaistraControlPlaneProps;
  /** OSSM 3 settings (Istio version, tracing provider, …); only with `ossmVersion` 3. @default - see Ossm3Options */
  readonly ossm3?: Ossm3Options;
  /** Metrics, tracing and user-workload monitoring on OSSM 3 (see `MeshBaseChartProps.observability`). @default - see MeshObservabilityOptions */
  readonly observability?: MeshObservabilityOptions;
  /** The operators to subscribe to (see `MeshBaseChartProps.operators`). @default - the workshop's operators */
  readonly operators?: MeshOperatorsOptions;
  /**
   * Props of the apps chart besides the control plane and the ingress, which follow the mesh base.
   * @default - the workshop's apps
   */
  readonly apps?: Omit<TravelsAppsChartProps, 'controlIngress'>;
  /** Weights of the weighted-routing step (4-2). @default - Kiali's even split, 33/33/34 */
  readonly weights?: VersionWeight[];
}

/** Step 4-1's rules: the portal header picks the version (travels.uk → v1, viaggi.it → v2, voyages.fr → v3). */
const PORTAL_HEADER_RULES: HeaderRouteRule[] = [
  { header: 'portal', match: HeaderMatch.exact('travels.uk'), version: 'v1' },
  { header: 'portal', match: HeaderMatch.exact('viaggi.it'), version: 'v2' },
  { header: 'portal', match: HeaderMatch.exact('voyages.fr'), version: 'v3' },
];

/** The workshop's traffic steps, in the order of the workshop; each is a folder `dist/steps/<step>/`. */
export const WORKSHOP_STEPS = ['header-routing', 'weighted-routing', 'fault-injection', 'circuit-breaker'] as const;

/** A workshop traffic step. */
export type WorkshopStep = typeof WORKSHOP_STEPS[number];

/** The workshop, built from the library's charts: what `npm run synth` writes to dist/. */
export interface TravelsWorkshop extends DistSources {
  /** Section 1: operators, control plane and membership (the chart of the `base` App). */
  readonly meshBase: MeshBaseChart;
  /** Section 2: the Travels apps and the control ingress (the chart of the `base` App). */
  readonly apps: TravelsAppsChart;
  /** Sections 4–6: one App per traffic step, each written to `steps/<step>/`. */
  readonly steps: Readonly<Record<WorkshopStep, App>>;
}

/**
 * Composes the whole workshop for OSSM 2.6 or OSSM 3 (`ossmVersion`): operators and control plane with its
 * membership (section 1), the Travels apps with sidecar injection and the control ingress (section 2), and the
 * traffic steps of sections 4–6. The mesh base declares its control plane as the mesh of the `base` App, and each
 * step's App declares the same one ({@link Mesh.declare}); every app and traffic chart finds it there, and it decides
 * the Istio API version, the labels, the gateway and the Route.
 */
export function buildTravelsWorkshop(options: TravelsWorkshopOptions): TravelsWorkshop {
  requireObject('buildTravelsWorkshop', 'options', options);
  const base = new App();
  const meshBase = new MeshBaseChart(base, 'mesh-base', {
    ossmVersion: options.ossmVersion, controlPlane: options.controlPlane, ossm3: options.ossm3, operators: options.operators, observability: options.observability,
  });
  // the mesh base declared its control plane as the mesh of `base`: the apps chart finds it there
  const apps = new TravelsAppsChart(base, 'travels-apps', {
    ...options.apps,
    // the Route follows the control plane: none while IOR makes it (OSSM 2.6, the workshop's), one of ours otherwise
    // named `control`, as the Kiali wizard of step 2-6 names it (no step routes the control service)
    // (in ambient mode a Gateway API ingress, which has no VirtualService)
    controlIngress: { clusterBaseDomain: options.clusterBaseDomain, ...(isAmbient(meshBase.meshControlPlane) ? {} : { virtualServiceName: 'control' }) },
  });
  const meshNamespaces = namespacesMadeBy(meshBase);
  const shared = apps.memberNamespaces.filter((ns) => meshNamespaces.includes(ns));
  if (shared.length > 0) {
    throw invalidInput('buildTravelsWorkshop', 'namespaces of both the mesh base and the apps', shared, `Allowed: each namespace made once. The mesh base makes ${
      meshNamespaces.join(', ')} (the control plane's, and on OSSM 3 the CNI's and the ingress gateway's), the apps their own with other labels: `
      + 'rename one side (controlPlane.namespace, ossm3.cniNamespace, ossm3.ingressGatewayNamespace, or apps.agencyNamespace, portalNamespace, controlNamespace).');
  }
  meshBase.addMembers(apps);
  // ambient: the steps route travels by HTTPRoutes, which the agency namespace's waypoint applies; made with the
  // base (which creates and labels the namespace), the steps' routings find it in the mesh
  if (isAmbient(meshBase.meshControlPlane)) new Waypoint(apps, 'AgencyWaypoint', { namespace: apps.agency.travels.namespace });
  return { base, meshBase, apps, steps: buildSteps(apps, meshBase.meshControlPlane, options) };
}

/** The names of the Namespaces a chart makes. */
function namespacesMadeBy(chart: Chart): string[] {
  return chart.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && c.apiVersion === 'v1' && c.kind === 'Namespace')
    .map((o) => o.metadata.name!);
}

/**
 * Sections 4–6. Each step routes the same hosts with the same object names, so applying one replaces the one
 * before; each is its own app because two routings of one host cannot share an app.
 */
function buildSteps(apps: TravelsAppsChart, controlPlane: IMeshControlPlane, options: TravelsWorkshopOptions): Record<WorkshopStep, App> {
  const travels = apps.agency.travels;
  // each step App declares the mesh base's control plane as its mesh, which every chart of the step finds
  const step = (build: (app: App) => void) => { const app = new App(); Mesh.declare(app, controlPlane); build(app); return app; };
  if (controlPlane.routingApi === RoutingApi.GATEWAY_API) return buildGatewayApiSteps(apps, step, options);
  return {
    // 4-1: the portal header picks the version (travels.uk → v1, viaggi.it → v2, voyages.fr → v3)
    'header-routing': step((app) => new HeaderRoutingChart(app, 'header-routing', {
      service: travels,
      rules: PORTAL_HEADER_RULES,
    })),
    // 4-2: Kiali's default split
    'weighted-routing': step((app) => new WeightedRoutingChart(app, 'weighted-routing', { service: travels, weights: options.weights })),
    // 5-1: 10 % of the requests to hotels abort with 503
    'fault-injection': step((app) => new FaultInjectionChart(app, 'fault-injection', {
      service: apps.agency.hotels,
      abort: { percentage: 10, httpStatus: 503 },
    })),
    // 6-1 and 6-2: the load tester, and traffic shifting with the wizard's circuit breaker on travels
    'circuit-breaker': step((app) => {
      new CircuitBreakerChart(app, 'circuit-breaker', { service: travels });
      if (!apps.loadTester) {
        new TravelsLoadTester(new Chart(app, 'load-tester'), 'LoadTester', {
          namespace: apps.portal.travels.namespace, target: travels, runAsUser: options.apps?.runAsUser,
        });
      }
    }),
  };
}

/**
 * The steps when the mesh routes by Gateway API: the same routing intent as the wizard charts (their rules, defaults
 * and Kiali label) as HTTPRoutes with per-version Services. The fault-injection step is not written: Gateway API
 * v1.2.1 has no fault injection, and a VirtualService next to the HTTPRoutes would be undefined behaviour; a synth
 * warning says so.
 */
function buildGatewayApiSteps(apps: TravelsAppsChart, step: (build: (app: App) => void) => App, options: TravelsWorkshopOptions): Record<WorkshopStep, App> {
  const travels = apps.agency.travels;
  const routing = (app: App, id: string, wizard: KialiWizard, rules: KialiWizardRules) => {
    const chart = new Chart(app, id);
    new GatewayApiRouting(chart, 'Routing', { service: travels, http: rules.http ?? [], trafficPolicy: rules.trafficPolicy, labels: { [KIALI_WIZARD_LABEL]: wizard } });
  };
  return {
    'header-routing': step((app) => routing(app, 'header-routing', KialiWizard.REQUEST_ROUTING, headerRoutingRules(app, { rules: PORTAL_HEADER_RULES }))),
    'weighted-routing': step((app) => routing(app, 'weighted-routing', KialiWizard.TRAFFIC_SHIFTING, weightedRoutingRules({ weights: options.weights }, travels))),
    // an empty chart named like the step, so that the warning names it
    'fault-injection': step((app) => addSynthWarning(new Chart(app, 'fault-injection'), 'step fault-injection (5-1) is not written: the mesh routes by Gateway API (routingApi gateway-api), '
      + 'which has no fault injection in v1.2.1, and a VirtualService for the same host next to the HTTPRoutes would be undefined behaviour in Istio. '
      + 'Inject faults with routingApi istio, or in the application.')),
    'circuit-breaker': step((app) => {
      routing(app, 'circuit-breaker', KialiWizard.TRAFFIC_SHIFTING, circuitBreakerRules(app, {}, travels));
      if (!apps.loadTester) {
        new TravelsLoadTester(new Chart(app, 'load-tester'), 'LoadTester', {
          namespace: apps.portal.travels.namespace, target: travels, runAsUser: options.apps?.runAsUser,
        });
      }
    }),
  };
}
