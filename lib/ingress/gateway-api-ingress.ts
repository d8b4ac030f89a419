import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type * as gwapi121 from '../../imports/gwapi121-gateway.networking.k8s.io';
import { Route, RouteSpecTlsTermination, RouteSpecToKind } from '../../imports/route.openshift.io';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane, OssmVersion } from '../core/mesh-control-plane';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../core/mesh-conventions';
import { invalidInput, isDnsSubdomain, requireArray, requireDnsLabel, requireDnsSubdomain, requireObject, requireOneOf } from '../core/validation';
import { HttpRoute } from '../traffic/intent/routing';
import { newServiceRoute } from '../traffic/render-gateway-api/new-route';
import { gatewayApi, intentServices, renderGatewayApiRules, versionServiceOf } from '../traffic/render-gateway-api/render-intent';
import { newVersionService } from '../traffic/render-gateway-api/version-service';
import { IMeshService, requireMeshService } from '../workload/mesh-service';

/** Which GatewayClass runs a {@link GatewayApiIngress}'s Gateway. */
export enum IngressGatewayClass {
  /**
   * `istio`: OSSM 3's own class. Istio deploys a Deployment and a Service `<gateway>-istio` for the Gateway in its
   * namespace (a ClusterIP Service here), and an OpenShift Route of this construct exposes each host: the usual
   * OpenShift entry (router, certificates, DNS of the cluster's apps domain), the mesh's own gateway pods.
   */
  ISTIO = 'istio',
  /**
   * `openshift-default`: OpenShift's Gateway API (the Ingress Operator, OCP 4.19+), which installs OSSM 3 underneath
   * and manages the gateway, its LoadBalancer Service and DNS; the Gateway must live in `openshift-ingress`. No Route.
   * Choose it for a cluster-wide entry the platform team runs; `istio` for a gateway the app team owns.
   */
  OPENSHIFT_DEFAULT = 'openshift-default',
}

/** The namespace OpenShift's `openshift-default` Gateways must live in. */
export const OPENSHIFT_GATEWAY_NAMESPACE = 'openshift-ingress';

/** Props of {@link GatewayApiIngress}. */
export interface GatewayApiIngressProps {
  /** The service requests go to (rules without a service send to it). */
  readonly service: IMeshService;
  /** Host names the Gateway listens for (DNS names, no wildcard): one listener and, for the `istio` class, one Route each. */
  readonly hosts: string[];
  /**
   * HTTP rules, as for {@link GatewayApiRouting}.
   * @default - every request to the service
   */
  readonly http?: HttpRoute[];
  /** The GatewayClass. @default IngressGatewayClass.ISTIO */
  readonly gatewayClass?: IngressGatewayClass;
  /** Name of the Gateway. @default `<service>-gateway` */
  readonly gatewayName?: string;
  /**
   * Namespace of the Gateway.
   * @default - the service's (class `istio`); `openshift-ingress` (class `openshift-default`, which requires it)
   */
  readonly gatewayNamespace?: string;
  /**
   * TLS at the Gateway: the Secret (`kubernetes.io/tls`, in the Gateway's namespace) whose certificate it presents; the
   * listeners are then HTTPS on 443 (`Terminate`, `certificateRefs`) and the Routes passthrough.
   * @default - plain HTTP on port 80
   */
  readonly tlsSecretName?: string;
  /** The control plane (OSSM 3). @default - the mesh of the construct tree */
  readonly controlPlane?: IMeshControlPlane;
}

/**
 * Ingress by the Kubernetes Gateway API: a Gateway (`gatewayClassName` `istio` or `openshift-default`) with one
 * listener per host, its HTTPRoute (parentRef the Gateway, `hostnames` the hosts, rules from the routing intent), the
 * per-version Services the rules name, and for the `istio` class an OpenShift Route per host to the gateway's Service
 * `<gateway>-istio`, which the Gateway asks Istio to make ClusterIP (`networking.istio.io/service-type`).
 */
export class GatewayApiIngress extends Construct {
  /** The Gateway. */
  public readonly gateway: ApiObject;
  /** The route: an HTTPRoute, or a GRPCRoute when Istio takes the service's port as gRPC (port name `grpc`, `grpc-*`). */
  public readonly httpRoute: ApiObject;
  /** The OpenShift Routes (class `istio`), one per host. */
  public readonly routes: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: GatewayApiIngressProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const service = requireMeshService(this, 'service', props.service);
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    if (controlPlane.ossmVersion !== OssmVersion.V3) {
      throw invalidInput(this, 'controlPlane.ossmVersion', controlPlane.ossmVersion, 'Allowed: "3" (Gateway API ingress needs OSSM 3); use MeshIngress on OSSM 2.6.');
    }
    const gatewayClass = requireOneOf(this, 'gatewayClass', props.gatewayClass ?? IngressGatewayClass.ISTIO, Object.values(IngressGatewayClass));
    const openshift = gatewayClass === IngressGatewayClass.OPENSHIFT_DEFAULT;
    const gatewayNamespace = requireDnsLabel(this, 'gatewayNamespace', props.gatewayNamespace ?? (openshift ? OPENSHIFT_GATEWAY_NAMESPACE : service.namespace));
    if (openshift && gatewayNamespace !== OPENSHIFT_GATEWAY_NAMESPACE) {
      throw invalidInput(this, 'gatewayNamespace', gatewayNamespace, `Allowed: "${OPENSHIFT_GATEWAY_NAMESPACE}" for the openshift-default class (OpenShift's Gateway controller watches only it).`);
    }
    const gatewayName = requireDnsLabel(this, 'gatewayName', props.gatewayName ?? `${service.name}-gateway`);
    const hosts = requireArray(this, 'hosts', props.hosts).map((h, i) => {
      if (typeof h !== 'string' || !isDnsSubdomain(h) || !h.includes('.')) {
        throw invalidInput(this, `hosts[${i}]`, h, 'Allowed: a DNS name with a domain, e.g. "bookinfo.apps.example.com" (no wildcard: each host gets a listener and a Route).');
      }
      if (props.hosts.indexOf(h) !== i) throw invalidInput(this, `hosts[${i}]`, h, 'Allowed: each host once.');
      return h;
    });
    if (hosts.length === 0) throw invalidInput(this, 'hosts', props.hosts, 'Allowed: at least one host.');
    const tls = props.tlsSecretName === undefined ? undefined : requireDnsSubdomain(this, 'tlsSecretName', props.tlsSecretName);
    const http = props.http ?? [{ route: [{}] }];
    const converted = renderGatewayApiRules(this, service, http, { ...props, http });
    const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };

    const listenerName = (i: number) => `${tls ? 'https' : 'http'}-${i}`;
    this.gateway = new (gatewayApi().Gateway)(this, 'Gateway', {
      metadata: {
        name: gatewayName, namespace: gatewayNamespace, labels,
        // Istio makes the gateway's Service a LoadBalancer unless told otherwise; the Routes are the entry here
        annotations: openshift ? undefined : { 'networking.istio.io/service-type': 'ClusterIP' },
      },
      spec: {
        gatewayClassName: gatewayClass,
        listeners: hosts.map((hostname, i) => ({
          name: listenerName(i),
          hostname,
          port: tls ? 443 : 80,
          protocol: tls ? 'HTTPS' : 'HTTP',
          ...(tls ? { tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: tls }] } } : {}),
          // the route lives in the service's namespace; written out either way (the default is Same)
          allowedRoutes: { namespaces: { from: gatewayNamespace === service.namespace ? 'Same' : 'All' } },
        })),
      } as unknown as gwapi121.GatewaySpec,
    });
    // a GRPCRoute for a gRPC port (its method matches from the intent's exact paths), else an HTTPRoute
    this.httpRoute = newServiceRoute(this, 'HTTPRoute', service, converted.rules, { http }, { name: `${service.name}-ingress`, namespace: service.namespace, labels }, {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gatewayName, ...(gatewayNamespace === service.namespace ? {} : { namespace: gatewayNamespace }) }],
      hostnames: hosts,
    });
    const named = intentServices(service, http);
    converted.versionServices.forEach((v) => newVersionService(this, `Service-${v.name}`, v, versionServiceOf(named, v)));
    this.routes = openshift ? [] : hosts.map((host, i) => new Route(this, `Route${i}`, {
      metadata: { name: requireDnsSubdomain(this, 'Route name', `${gatewayName}-${i}`), namespace: gatewayNamespace, labels },
      spec: {
        host,
        // Istio names the gateway's Service `<gateway>-<class>` and its ports after the listeners, one port per port
        // number (the first listener's name): every listener here has the same port
        port: { targetPort: listenerName(0) },
        to: { kind: RouteSpecToKind.SERVICE, name: `${gatewayName}-${gatewayClass}`, weight: 100 },
        tls: tls ? { termination: RouteSpecTlsTermination.PASSTHROUGH } : undefined,
      },
    }));
  }
}
