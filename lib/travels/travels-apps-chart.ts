import { Chart, ChartProps } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IMeshMemberSource } from '../core/members';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { addDeprecationWarning, addSynthWarning } from '../core/synth-warnings';
import { invalidInput, requireArray, requireBoolean, requireDnsLabel, requireDnsSubdomain, requireObject, requirePort } from '../core/validation';
import { isAmbient } from '../core/data-plane';
import { GatewayApiIngress } from '../ingress/gateway-api-ingress';
import { MeshIngress } from '../ingress/mesh-ingress';
import { MeshDeployment } from '../workload/mesh-deployment';
import { MeshService } from '../workload/mesh-service';
import { TravelsLoadTester } from './load-tester';
import { MysqlCredentials, TravelAgency } from './travel-agency';
import { TravelControl } from './travel-control';
import { TravelPortal } from './travel-portal';
import { chartPropsForSuper, requireChartProps } from '../core/chart-props';

/** How the travel-control dashboard is exposed through the ingress gateway (workshop 2-6). */
export interface ControlIngressOptions {
  /**
   * The cluster's base domain (`oc get dns cluster -o jsonpath='{.spec.baseDomain}'`); the host is
   * `control.<control namespace>.apps.<base domain>`.
   */
  readonly clusterBaseDomain: string;
  /**
   * Create an OpenShift Route too. Leave off while the control plane runs IOR, which creates it.
   * @default - true when the chart's control plane (`controlPlane`, or the mesh's) creates no Routes itself (OSSM 2.6
   * with IOR off, OSSM 3); false while IOR makes them
   * @deprecated The chart's control plane decides (`createsGatewayRoutes`). Still
   * honoured, over the control plane's choice.
   */
  readonly createRoute?: boolean;
  /**
   * Namespace of the ingress gateway (for the Route).
   * @default - the control plane's ingress gateway namespace ('istio-system' on the workshop's OSSM 2.6)
   * @deprecated The chart's control plane's `ingressGateway.namespace` is this. Still honoured, over it.
   */
  readonly ingressGatewayNamespace?: string;
  /**
   * Name of the control ingress VirtualService. The workshop (`buildTravelsWorkshop`) names it `control`, as Kiali's
   * Request Routing wizard does in step 2-6; the default keeps it apart from a routing of the control service, which
   * the traffic charts name like the service.
   * @default 'control-ingress'
   */
  readonly virtualServiceName?: string;
}

/** Props of {@link TravelsAppsChart}. */
export interface TravelsAppsChartProps extends ChartProps {
  /** Namespace of the agency's services. @default 'travel-agency' */
  readonly agencyNamespace?: string;
  /** Namespace of the portals. @default 'travel-portal' */
  readonly portalNamespace?: string;
  /** Namespace of the control dashboard. @default 'travel-control' */
  readonly controlNamespace?: string;
  /** Versions of the agency's travels service (workshop 2-2 and 2-3). @default ['v1', 'v2', 'v3'] */
  readonly travelsVersions?: string[];
  /** Add the load tester of workshop 6-1 to the portal namespace. @default false */
  readonly loadTester?: boolean;
  /** The MySQL root password, or an existing Secret that holds it. @default - the demo Secret `mysql-credentials` with the demo password */
  readonly mysql?: MysqlCredentials;
  /**
   * The control plane of the mesh the apps join: the Istio API version of the control ingress, its gateway and
   * whether a Route is needed, the labels of the namespaces and pod templates (sidecar injection), the zipkin address
   * of the tracing annotation. `MeshBaseChart.meshControlPlane` gives it for either platform.
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
  /**
   * Address of the control plane's zipkin Service in the pods' proxy config.
   * @default - the control plane's `zipkinAddress` ('zipkin.istio-system:9411' for the default; none without tracing)
   * @deprecated Give `controlPlane` instead; its `zipkinAddress` is the address. Still honoured, over the control plane's.
   */
  readonly zipkinAddress?: string;
  /** Inject the sidecar into every workload (workshop 2-5). @default true */
  readonly sidecarInjection?: boolean;
  /**
   * Per-Deployment exceptions to `sidecarInjection`, by Deployment name (e.g. `{ 'mysqldb-v1': false }`).
   * @default - none
   */
  readonly sidecarInjectionOverrides?: Record<string, boolean>;
  /**
   * The user every pod runs as. Leave unset on OpenShift, whose `restricted-v2` SCC assigns one; elsewhere the
   * Travels images (which declare no USER) need one to start under `runAsNonRoot: true`, e.g. 1000.
   * @default - the cluster's
   */
  readonly runAsUser?: number;
  /** Expose the control dashboard through the ingress gateway. @default - not exposed */
  readonly controlIngress?: ControlIngressOptions;
}

/**
 * The Travels demo of kiali/demos as typed constructs (workshop sections 2-1 to 2-6): the namespaces
 * travel-agency, travel-portal and travel-control with every Deployment, Service, Secret and ServiceAccount of
 * the upstream manifests, the sidecar injection label on every pod template, and optionally the control
 * ingress and the load tester. The control plane (`controlPlane`) decides the labels, the API version and the
 * Route, so the same chart joins an OSSM 2.6 or an OSSM 3 mesh. Every namespaced object names its namespace, and
 * the URLs the apps call each other by are derived from the namespaces chosen here.
 */
export class TravelsAppsChart extends Chart implements IMeshMemberSource {
  /** travel-agency: travels and its backends. */
  public readonly agency: TravelAgency;
  /** travel-portal: the three portals. */
  public readonly portal: TravelPortal;
  /** travel-control: the dashboard. */
  public readonly control: TravelControl;
  /** The load tester, when `loadTester` is on. */
  public readonly loadTester?: TravelsLoadTester;
  /** The control ingress, when `controlIngress` is given (with sidecars). */
  public readonly controlIngress?: MeshIngress;
  /**
   * The control ingress in ambient mode, when `controlIngress` is given: a Gateway API Gateway of class `istio`, its
   * HTTPRoute and Route (Red Hat documents Gateway API gateways for ambient mode; `virtualServiceName`,
   * `createRoute` and `ingressGatewayNamespace` do not apply).
   */
  public readonly controlGatewayApiIngress?: GatewayApiIngress;
  /** The three namespaces, for the member roll. */
  public readonly memberNamespaces: readonly string[];

  public constructor(scope: Construct, id: string, props: TravelsAppsChartProps = {}) {
    super(scope, id, chartPropsForSuper(props));
    requireChartProps(this, props); // props an object, and cdk8s's own ChartProps
    const agencyNs = requireDnsLabel(this, 'agencyNamespace', props.agencyNamespace ?? 'travel-agency');
    const portalNs = requireDnsLabel(this, 'portalNamespace', props.portalNamespace ?? 'travel-portal');
    const controlNs = requireDnsLabel(this, 'controlNamespace', props.controlNamespace ?? 'travel-control');
    this.memberNamespaces = [agencyNs, portalNs, controlNs];
    if (new Set(this.memberNamespaces).size !== 3) {
      throw invalidInput(this, 'namespaces', this.memberNamespaces, 'Allowed: three different namespaces.');
    }
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    const namespaceLabels = plainMapOf(requireSafeMap(this, 'controlPlane.membership.namespaceLabels', controlPlane.membership?.namespaceLabels, 'labels'));
    for (const ns of this.memberNamespaces) {
      new k8s.KubeNamespace(this, `Namespace-${ns}`, { metadata: { name: ns, ...(Object.keys(namespaceLabels).length > 0 && { labels: { ...namespaceLabels } }) } });
    }

    const overrides = requireSafeMap(this, 'sidecarInjectionOverrides', props.sidecarInjectionOverrides, 'names');
    for (const [name, inject] of Object.entries(overrides)) requireBoolean(this, `sidecarInjectionOverrides value of "${name}"`, inject, false);
    const injectByDefault = requireBoolean(this, 'sidecarInjection', props.sidecarInjection) ?? true;
    if (props.zipkinAddress !== undefined) {
      addDeprecationWarning(this, 'TravelsAppsChart zipkinAddress', 'give the chart a controlPlane: its zipkinAddress is the address.');
    }
    const zipkinAddress = props.zipkinAddress ?? controlPlane.zipkinAddress;
    const common = {
      controlPlane,
      zipkinAddress: zipkinAddress === undefined ? undefined : requireHostPort(this, zipkinAddress),
      sidecarInjection: (deployment: string) => overrides[deployment] ?? injectByDefault,
      runAsUser: props.runAsUser,
    };
    this.agency = new TravelAgency(this, 'TravelAgency', {
      ...common, namespace: agencyNs, travelsVersions: [...requireArray(this, 'travelsVersions', props.travelsVersions ?? ['v1', 'v2', 'v3'])], mysql: props.mysql,
    });
    this.portal = new TravelPortal(this, 'TravelPortal', { ...common, namespace: portalNs, agencyTravels: this.agency.travels });
    this.control = new TravelControl(this, 'TravelControl', { ...common, namespace: controlNs, portals: this.portal.portals });
    if (requireBoolean(this, 'loadTester', props.loadTester) ?? false) {
      this.loadTester = new TravelsLoadTester(this, 'LoadTester', { ...common, namespace: portalNs, target: this.agency.travels });
    }
    if (props.controlIngress !== undefined) {
      requireObject(this, 'controlIngress', props.controlIngress);
      const baseDomain = requireDnsSubdomain(this, 'controlIngress.clusterBaseDomain', props.controlIngress.clusterBaseDomain);
      if (baseDomain.startsWith('apps.')) {
        addSynthWarning(this, `controlIngress.clusterBaseDomain "${baseDomain}" starts with "apps.", so the control host is control.${controlNs}.apps.${baseDomain}. `
          + `Give the cluster's base domain without "apps." (what oc get dns cluster -o jsonpath='{.spec.baseDomain}' prints), e.g. "${baseDomain.slice('apps.'.length)}".`);
      }
      for (const prop of ['createRoute', 'ingressGatewayNamespace'] as const) {
        if (props.controlIngress[prop] !== undefined) {
          addDeprecationWarning(this, `TravelsAppsChart controlIngress.${prop}`, `give the chart a controlPlane: ${prop === 'createRoute' ? 'whether it creates Routes (createsGatewayRoutes) decides' : 'its ingressGateway.namespace is this'}.`);
        }
      }
      const host = `control.${controlNs}.apps.${baseDomain}`;
      if (isAmbient(controlPlane)) {
        for (const what of ['virtualServiceName', 'createRoute', 'ingressGatewayNamespace'] as const) {
          if (props.controlIngress[what] !== undefined) {
            throw invalidInput(this, `controlIngress.${what}`, props.controlIngress[what], 'Allowed in ambient mode: undefined; the control ingress is a Gateway API '
              + 'Gateway of class istio in the control namespace with an HTTPRoute and a Route of its own (no VirtualService, no injected gateway).');
          }
        }
        this.controlGatewayApiIngress = new GatewayApiIngress(this, 'ControlGatewayApiIngress', { service: this.control.control, hosts: [host], controlPlane });
      } else this.controlIngress = new MeshIngress(this, 'ControlIngress', {
        service: this.control.control,
        host,
        controlPlane,
        createRoute: props.controlIngress.createRoute,
        virtualServiceName: props.controlIngress.virtualServiceName,
        ingressGatewayNamespace: props.controlIngress.ingressGatewayNamespace,
      });
    }

    const deployments = new Set(this.node.findAll().filter((c): c is MeshDeployment => c instanceof MeshDeployment).map((d) => d.name));
    for (const name of Object.keys(overrides)) {
      if (!deployments.has(name)) {
        throw invalidInput(this, 'sidecarInjectionOverrides key', name, `Allowed: a Deployment of this chart: ${[...deployments].join(', ')}.`);
      }
    }
  }

  /** Every Service of the demo. */
  public get services(): MeshService[] {
    return [...this.agency.services, ...this.portal.portals.map((p) => p.service), this.control.control];
  }
}

function requireHostPort(scope: Construct, value: string): string {
  const [host, port, ...rest] = typeof value === 'string' ? value.split(':') : [];
  if (rest.length > 0 || port === undefined || !/^[1-9][0-9]{0,4}$/.test(port)) {
    throw invalidInput(scope, 'zipkinAddress', value, 'Allowed: "<host>:<port>", e.g. "zipkin.istio-system:9411".');
  }
  requireDnsSubdomain(scope, 'zipkinAddress host', host);
  requirePort(scope, 'zipkinAddress port', Number(port));
  return value;
}
