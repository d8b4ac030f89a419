// Istio's httpbin and sleep samples (samples/httpbin/httpbin.yaml, samples/sleep/sleep.yaml) as a small app of one's
// own, built from cdk8s-ossm's package root only: strict mTLS, an authorization policy, HTTPS ingress, retries, a
// weighted split with mirroring and a circuit breaker. The README's "Build your own app" walks through it.
import { App, Chart, ChartProps, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  AuthorizationAction, DistSources, IMeshControlPlane, Mesh, MeshAuthorizationPolicy, MeshIngress,
  MeshMember, MeshPeerAuthentication, MeshService, MtlsMode, OssmVersion, RetryOn, serviceAccountPrincipal, suppressFinding, TrafficRouting,
} from 'cdk8s-ossm';
import { Construct } from 'constructs';

/** The image of Istio's httpbin sample (a Go port of httpbin that listens on 8080). */
export const HTTPBIN_IMAGE = 'docker.io/mccutchen/go-httpbin:v2.15.0';
/** The image of Istio's sleep sample (curl, kept running by `sleep infinity`). */
export const SLEEP_IMAGE = 'docker.io/curlimages/curl:8.16.0';

/** Props of {@link HttpbinChart}. */
export interface HttpbinChartProps extends ChartProps {
  /** The namespace of both services. @default 'httpbin' */
  readonly appNamespace?: string;
  /** The mesh the namespace joins. @default - the mesh of a scope above (`Mesh.of`) */
  readonly controlPlane?: IMeshControlPlane;
  /** The external HTTPS host. @default 'httpbin.apps.example.com' */
  readonly host?: string;
  /** The TLS Secret of the host, in the ingress gateway's namespace. @default 'httpbin-credential' */
  readonly credentialName?: string;
}

/**
 * httpbin (two versions behind port 8000, pods on 8080, ServiceAccount httpbin) and sleep (its client, ServiceAccount
 * sleep) in one namespace that joins the mesh, with:
 * - mTLS STRICT for the namespace;
 * - httpbin reachable only from sleep (any method) and from the ingress gateway's namespace (GET only);
 * - HTTPS ingress on the host, HTTP redirected to it;
 * - routing: 90 % v1 / 10 % v2, every request mirrored to v2, retries on 5xx and connect failures, and a circuit
 *   breaker (one connection, one pending request, a pod ejected after one 5xx).
 */
export class HttpbinChart extends Chart {
  public readonly httpbin: MeshService;
  public readonly sleep: MeshService;
  public readonly routing: TrafficRouting;
  public readonly ingress: MeshIngress;
  /** The namespace of the app. */
  public readonly appNamespace: string;

  public constructor(scope: Construct, id: string, props: HttpbinChartProps = {}) {
    super(scope, id, props);
    const namespace = this.appNamespace = props.appNamespace ?? 'httpbin';
    // the mesh: the one given, declared for this chart, else the one declared for a scope above; every construct below
    // finds it from the tree, so none is given a controlPlane
    if (props.controlPlane) Mesh.declare(this, props.controlPlane);
    const controlPlane = Mesh.of(this);

    // joining the mesh: OSSM 3 finds members by namespace labels (discovery selector, injection), OSSM 2.6 by its
    // member roll, which a ServiceMeshMember joins without rewriting it
    const labels = controlPlane.membership.namespaceLabels;
    new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: namespace, labels: Object.keys(labels).length ? { ...labels } : undefined } });
    if (controlPlane.ossmVersion === OssmVersion.V2_6) new MeshMember(this, 'MeshMember', { namespace });

    this.httpbin = new MeshService(this, 'httpbin', {
      name: 'httpbin', namespace, port: { number: 8000, targetPort: 8080 }, serviceAccountName: 'httpbin',
      versions: ['v1', 'v2'].map((version) => ({ version, image: HTTPBIN_IMAGE })),
    });
    this.sleep = new MeshService(this, 'sleep', {
      name: 'sleep', namespace, port: { number: 80 }, serviceAccountName: 'sleep',
      versions: [{ version: 'v1', image: SLEEP_IMAGE, command: ['/bin/sleep', 'infinity'] }],
    });

    new MeshPeerAuthentication(this, 'Mtls', { namespace, mode: MtlsMode.STRICT });
    new MeshAuthorizationPolicy(this, 'HttpbinAccess', {
      name: 'httpbin', service: this.httpbin, action: AuthorizationAction.ALLOW,
      rules: [
        { from: [{ principals: [serviceAccountPrincipal(namespace, 'sleep')] }] },
        { from: [{ namespaces: [controlPlane.ingressGateway.namespace] }], to: [{ methods: ['GET'] }] },
      ],
    });

    this.routing = new TrafficRouting(this, 'Routing', {
      service: this.httpbin,
      http: [{
        route: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }],
        mirror: { version: 'v2', percentage: 100 },
        timeout: Duration.seconds(10),
        retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.FIVE_XX, RetryOn.CONNECT_FAILURE] },
      }],
      trafficPolicy: {
        connectionPool: { maxConnections: 1, http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
        outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100 },
      },
    });

    this.ingress = new MeshIngress(this, 'Ingress', {
      service: this.httpbin,
      host: props.host ?? 'httpbin.apps.example.com',
      tls: { credentialName: props.credentialName ?? 'httpbin-credential' },
    });
    suppressFinding(this.ingress.gateway!, 'OSSM301', 'selects the ingress gateway of the mesh\'s control plane, which the mesh\'s own composition deploys');
  }
}

/** Options of {@link buildHttpbin}. */
export interface HttpbinOptions {
  /** The control plane of the mesh the app joins (made elsewhere, e.g. `MeshBaseChart.meshControlPlane`); declared for the app's App. */
  readonly controlPlane: IMeshControlPlane;
  /** The external HTTPS host. @default 'httpbin.apps.example.com' */
  readonly host?: string;
}

/** httpbin and sleep, ready for `writeDist` (one base, no steps). */
export interface Httpbin extends DistSources {
  readonly apps: HttpbinChart;
}

/** Composes the httpbin + sleep app from cdk8s-ossm's public API. */
export function buildHttpbin(options: HttpbinOptions): Httpbin {
  const base = new App();
  Mesh.declare(base, options.controlPlane); // every construct of the app finds its mesh from here
  const apps = new HttpbinChart(base, 'httpbin', { host: options.host });
  return { base, apps };
}
