// Istio's Bookinfo (samples/bookinfo/platform/kube/bookinfo.yaml) as a composition of cdk8s-ossm's constructs, with
// the ingress of its bookinfo-gateway.yaml. Everything comes from the package root, as in a user's own project.
import { Chart, ChartProps } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  DataPlaneMode, GatewayApiIngress, IMeshControlPlane, Mesh, MeshIngress, MeshMember, MeshService, OssmVersion, StringMatch, suppressFinding,
  ValidationError, Waypoint,
} from 'cdk8s-ossm';
import { Construct } from 'constructs';

/** Where Istio publishes the Bookinfo images, and the release bookinfo.yaml pins. */
export const BOOKINFO_IMAGES = 'registry.istio.io/release';
export const BOOKINFO_RELEASE = '1.20.3';

/** Props of {@link BookinfoAppsChart}. */
export interface BookinfoAppsChartProps extends ChartProps {
  /** The namespace of the whole app. @default 'bookinfo' */
  readonly appNamespace?: string;
  /** The mesh's control plane (API versions, ingress gateway, membership). @default - the mesh of a scope above (`Mesh.of`) */
  readonly controlPlane?: IMeshControlPlane;
  /** Name of the OSSM 2 `ServiceMeshControlPlane` the namespace joins. @default 'basic' */
  readonly controlPlaneName?: string;
  /**
   * The host of the ingress in ambient mode, where it is a Gateway API Gateway with an OpenShift Route per host (a
   * Route needs a real host); with sidecars the ingress takes any host, as bookinfo-gateway.yaml does.
   * @default - none: required in ambient mode
   */
  readonly ingressHost?: string;
}

/**
 * The Bookinfo namespace, joined to an existing mesh by a ServiceMeshMember (the member roll belongs to the mesh's
 * own composition), the four services with their ServiceAccounts and six Deployments, and the ingress of
 * bookinfo-gateway.yaml: any host on port 8080, five paths, to productpage.
 */
export class BookinfoAppsChart extends Chart {
  public readonly productpage: MeshService;
  public readonly details: MeshService;
  public readonly reviews: MeshService;
  public readonly ratings: MeshService;
  /** The ingress of bookinfo-gateway.yaml (with sidecars); undefined in ambient mode. */
  public readonly ingress?: MeshIngress;
  /** The ingress in ambient mode: a Gateway of class istio, its HTTPRoute and Route; undefined with sidecars. */
  public readonly gatewayApiIngress?: GatewayApiIngress;
  /** The waypoint of the namespace in ambient mode (the steps' HTTPRoutes and L7 policies need it); undefined with sidecars. */
  public readonly waypoint?: Waypoint;
  /** The namespace of the app. */
  public readonly appNamespace: string;

  public constructor(scope: Construct, id: string, props: BookinfoAppsChartProps = {}) {
    super(scope, id, props);
    const namespace = this.appNamespace = props.appNamespace ?? 'bookinfo';
    const controlPlane = props.controlPlane ?? Mesh.of(this);
    // OSSM 3 finds member namespaces by labels (discovery selectors, injection); OSSM 2.6 by its member roll, which
    // the ServiceMeshMember below joins without rewriting it
    const labels = controlPlane.membership.namespaceLabels;
    new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: namespace, labels: Object.keys(labels).length ? { ...labels } : undefined } });
    if (controlPlane.ossmVersion === OssmVersion.V2_6) {
      new MeshMember(this, 'MeshMember', { namespace, controlPlane, controlPlaneName: props.controlPlaneName });
    }

    this.details = this.service('details');
    this.ratings = this.service('ratings');
    this.reviews = this.service('reviews', ['v1', 'v2', 'v3'], {
      env: { LOG_DIR: '/tmp/logs' },
      emptyDirs: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'wlp-output', mountPath: '/opt/ibm/wlp/output' }],
    });
    this.productpage = this.service('productpage', ['v1'], {
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9080', 'prometheus.io/path': '/metrics' },
      emptyDirs: [{ name: 'tmp', mountPath: '/tmp' }],
    });

    const paths = [
      StringMatch.exact('/productpage'), StringMatch.prefix('/static'), StringMatch.exact('/login'), StringMatch.exact('/logout'),
      StringMatch.prefix('/api/v1/products'),
    ];
    if (controlPlane.dataPlane === DataPlaneMode.AMBIENT) {
      // ambient: the routing steps' HTTPRoutes and the L7 policies need the namespace's waypoint, made with the namespace
      this.waypoint = new Waypoint(this, 'Waypoint', { namespace });
      if (props.ingressHost === undefined) {
        throw new ValidationError(this.node.path, 'ingressHost', 'undefined',
          'Allowed in ambient mode: the host of the Gateway API ingress, e.g. "bookinfo.apps.<cluster domain>" (its OpenShift Route needs one).');
      }
      this.gatewayApiIngress = new GatewayApiIngress(this, 'Ingress', {
        service: this.productpage, controlPlane, hosts: [props.ingressHost], gatewayName: 'bookinfo-gateway', http: [{ match: paths.map((uri) => ({ uri })), route: [{}] }],
      });
      return;
    }
    this.ingress = new MeshIngress(this, 'Ingress', {
      service: this.productpage,
      controlPlane,
      host: '*',
      gatewayName: 'bookinfo-gateway',
      virtualServiceName: 'bookinfo',
      gatewayPort: 8080,
      paths,
      createRoute: false, // the host is "*": reach it through the ingress gateway's own Route
    });
    suppressFinding(this.ingress.gateway!, 'OSSM301', 'selects the ingress gateway of the mesh\'s control plane, which its operator deploys outside this composition');
  }

  /** One Bookinfo service: the Service, its ServiceAccount `bookinfo-<name>`, one Deployment per version. */
  private service(name: string, versions: string[] = ['v1'], options: {
    env?: Record<string, string>;
    emptyDirs?: Array<{ name: string; mountPath: string }>;
    podAnnotations?: Record<string, string>;
  } = {}): MeshService {
    const namespace = this.appNamespace;
    const service = new MeshService(this, name, { name, namespace, port: { number: 9080, name: 'http' }, labels: { service: name } });
    new k8s.KubeServiceAccount(this, `${name}-account`, { metadata: { name: `bookinfo-${name}`, namespace, labels: { account: name } } });
    for (const version of versions) {
      service.addVersion({
        version,
        image: `${BOOKINFO_IMAGES}/examples-bookinfo-${name}-${version}:${BOOKINFO_RELEASE}`,
        serviceAccountName: `bookinfo-${name}`,
        deploymentLabels: { app: name, version },
        // Istio's images write where they run (Liberty's output, /tmp): keep the root file system writable as upstream
        // does, with the restricted minimum (no privilege escalation, all capabilities dropped)
        containerSecurityContext: false,
        ...options,
      });
    }
    return service;
  }
}
