import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Route, RouteSpecToKind } from '../../imports/route.openshift.io';
import { GatewayV1Beta1SpecServers, GatewayV1Beta1SpecServersTlsMode } from '../../imports/networking.istio.io';
import { requireInChart } from '../core/chart-scope';
import { EXTERNAL_GATEWAYS_ANNOTATION } from '../core/mesh-conventions';
import { isAmbient } from '../core/data-plane';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { addSynthWarning } from '../core/synth-warnings';
import {
  invalidInput, isDnsLabel, isDnsSubdomain, requireArray, requireBoolean, requireDns1035Label, requireDnsLabel, requireDnsSubdomain,
  requireObject, requirePort,
} from '../core/validation';
import { newGateway, newVirtualService } from '../istio/istio-objects';
import { HttpRoute } from '../traffic/intent/routing';
import { StringMatch } from '../traffic/intent/string-match';
import { RouteRenderer } from '../traffic/render/routes';
import { IMeshService, requireMeshService } from '../workload/mesh-service';
import { RouteTermination, routeTlsOf, RouteTlsOptions } from './route-tls';

/** HTTPS on the ingress gateway: a server that terminates TLS with a certificate from a Secret. */
export interface IngressTlsOptions {
  /**
   * The Secret (type `kubernetes.io/tls`, keys `tls.crt` and `tls.key`) with the hosts' certificate, in the ingress
   * gateway's namespace (`istio-system` on the workshop's control plane), where the gateway reads it.
   */
  readonly credentialName: string;
  /** Port of the HTTPS server on the gateway. @default 443 */
  readonly port?: number;
  /**
   * Keep the plain-HTTP server, answering every request with a redirect to HTTPS (and a Route that redirects).
   * `false` serves HTTPS only.
   * @default true
   */
  readonly httpsRedirect?: boolean;
}

/** Props of {@link MeshIngress}. At least one host (`host` or `hosts`). */
export interface MeshIngressProps {
  /** The Service that receives the traffic. */
  readonly service: IMeshService;
  /**
   * The external host name, e.g. `control.travel-control.apps.<cluster base domain>`; `*` or `*.<domain>` for
   * wildcards (which get no OpenShift Route of this construct).
   * @default - only `hosts`
   */
  readonly host?: string;
  /** More external host names, served like `host`. @default - only `host` */
  readonly hosts?: string[];
  /**
   * Name of the Gateway, created in the service's namespace.
   * @default - `<service name>-gateway` (the name Kiali's wizard gives it)
   */
  readonly gatewayName?: string;
  /**
   * A Gateway made elsewhere, as `<namespace>/<name>`, to bind the VirtualService to instead of making one. It must
   * serve the hosts. Not together with the props that shape a Gateway of this construct (`gatewayName`,
   * `gatewaySelector`, `gatewayPort`, `tls`).
   * @default - a Gateway of this construct
   */
  readonly existingGateway?: string;
  /**
   * Name of the VirtualService, in the service's namespace. It differs from the name of the service's mesh routing
   * (the traffic charts name theirs like the service, as Kiali does), so that applying a traffic step never replaces
   * the ingress route.
   * @default - `<service name>-ingress`
   */
  readonly virtualServiceName?: string;
  /**
   * Only requests whose path matches one of these reach the service (Istio's `bookinfo-gateway` lists five); the
   * gateway answers others with 404. Not together with `http`.
   * @default - every path
   */
  readonly paths?: StringMatch[];
  /**
   * Full routing of the external requests (matches, destinations, faults, timeouts, retries, mirrors). Destinations
   * without a service and port go to the service's port. Not together with `paths`.
   * @default - every request to the service's port
   */
  readonly http?: HttpRoute[];
  /** HTTPS with a certificate from a Secret. @default - plain HTTP only */
  readonly tls?: IngressTlsOptions;
  /**
   * The control plane whose ingress gateway serves the host. It gives the Istio API version, the defaults of
   * `gatewaySelector`, `ingressGatewayNamespace` and `ingressGatewayService`, and whether a Route is created.
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
  /**
   * Labels of the ingress gateway pods the Gateway configures.
   * @default - the control plane's ingress gateway selector (`{ istio: 'ingressgateway' }` on OSSM 2.6)
   */
  readonly gatewaySelector?: Record<string, string>;
  /** Port the gateway listens on for plain HTTP. @default 80 */
  readonly gatewayPort?: number;
  /**
   * Create an OpenShift Route per host, to the ingress gateway Service (passthrough to its HTTPS port with `tls`).
   * Leave it off when the control plane runs IOR (`MaistraControlPlane`'s `openshiftRoute`, on in the workshop): IOR
   * already creates a Route for every Gateway host, and a second Route for the same host is rejected by the router as
   * a duplicate. Turn it on with IOR off (the default of OSSM 2.5 and later, and the way forward since IOR is
   * deprecated; OSSM 3 has no IOR). Wildcard hosts get no Route (refused when asked for explicitly).
   * @default - true when the control plane (`controlPlane`, or the mesh's) creates no Routes itself (OSSM 3, OSSM 2.6 with IOR off); false while IOR makes them
   */
  readonly createRoute?: boolean;
  /** Namespace of the ingress gateway Service, where the Route goes. @default - the control plane's ingress gateway namespace ('istio-system') */
  readonly ingressGatewayNamespace?: string;
  /** Name of the ingress gateway Service. @default - the control plane's ingress gateway Service ('istio-ingressgateway') */
  readonly ingressGatewayService?: string;
  /**
   * TLS of the Routes: `edge` (the router terminates, for a gateway without `tls`), `passthrough` or `reencrypt` (for a
   * gateway with `tls`); plain HTTP is redirected to HTTPS unless `redirectHttp` is false. With `reencrypt` the
   * Gateway's HTTPS server answers every host (`*`): the router sends no SNI, and the VirtualService still routes only
   * this ingress's hosts. Only with Routes of this construct.
   * @default - passthrough with `tls` (redirecting as `tls.httpsRedirect` says), plain HTTP without
   */
  readonly routeTls?: RouteTlsOptions;
}

/**
 * Exposes a mesh Service through the Istio ingress gateway: a Gateway for its hosts (HTTP, and HTTPS with a
 * certificate Secret) or an existing Gateway, a VirtualService bound to it that routes to the Service (every path, a
 * list of paths, or full routing intent), and optionally an OpenShift Route per host. What Kiali's Request Routing
 * wizard creates with "Add Gateway", as a VirtualService of its own (`<service>-ingress`) so that the mesh routing
 * of the same service never replaces it.
 */
export class MeshIngress extends Construct {
  /** The first external host. */
  public readonly host: string;
  /** Every external host, in order. */
  public readonly hosts: readonly string[];
  /** The Gateway (`networking.istio.io/v1beta1` or `v1`, as the control plane serves); `undefined` with `existingGateway`. */
  public readonly gateway?: ApiObject;
  /** The VirtualService bound to the Gateway (`networking.istio.io/v1beta1` or `v1`). */
  public readonly virtualService: ApiObject;
  /** The Route of the first host, when Routes are created. */
  public readonly route?: Route;
  /** Every Route created, one per host that is not a wildcard. */
  public readonly routes: readonly Route[];

  public constructor(scope: Construct, id: string, props: MeshIngressProps) {
    super(scope, id);
    requireInChart(this, 'MeshIngress');
    requireObject(this, 'props', props);
    const service = requireMeshService(this, 'service', props.service);
    this.hosts = this.requireHosts(props);
    this.host = this.hosts[0];
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    if (isAmbient(controlPlane)) {
      throw invalidInput(this, 'controlPlane.dataPlane', controlPlane.dataPlane, 'Allowed: sidecar; in ambient mode ingress is a Gateway API Gateway '
        + '(GatewayApiIngress), as Red Hat documents gateways for ambient mode, and routing is HTTPRoutes rather than VirtualServices.');
    }
    const ingressGateway = controlPlane.ingressGateway;
    const tls = props.tls === undefined ? undefined : requireObject(this, 'tls', props.tls);

    let gatewayRef: { namespace: string; name: string };
    if (props.existingGateway !== undefined) {
      for (const prop of ['gatewayName', 'gatewaySelector', 'gatewayPort', 'tls'] as const) {
        if (props[prop] !== undefined) {
          throw invalidInput(this, prop, props[prop], 'Allowed: nothing with existingGateway; these shape a Gateway of this construct.');
        }
      }
      gatewayRef = this.requireGatewayRef(props.existingGateway);
    } else {
      const name = requireDnsSubdomain(this, 'gatewayName', props.gatewayName ?? `${service.name}-gateway`);
      const selector = plainMapOf(requireSafeMap(this, 'gatewaySelector', props.gatewaySelector ?? ingressGateway.selector, 'labels'));
      if (Object.keys(selector).length === 0) {
        throw invalidInput(this, 'gatewaySelector', props.gatewaySelector, 'Allowed: at least one label of the gateway pods; an empty selector would configure every gateway.');
      }
      this.gateway = newGateway(this, 'Gateway', controlPlane.istioApiVersion, {
        metadata: { name, namespace: service.namespace },
        spec: { selector, servers: this.servers(props, tls, props.routeTls?.termination === RouteTermination.REENCRYPT) },
      });
      gatewayRef = { namespace: service.namespace, name };
    }

    const virtualServiceName = requireDnsSubdomain(this, 'virtualServiceName', props.virtualServiceName ?? `${service.name}-ingress`);
    this.virtualService = newVirtualService(this, 'VirtualService', controlPlane.istioApiVersion, {
      metadata: {
        name: virtualServiceName,
        namespace: service.namespace,
        // the analyzer is told that the Gateway exists outside this output (no OSSM104)
        ...(props.existingGateway !== undefined && { annotations: { [EXTERNAL_GATEWAYS_ANNOTATION]: `${gatewayRef.namespace}/${gatewayRef.name}` } }),
      },
      spec: {
        gateways: [`${gatewayRef.namespace}/${gatewayRef.name}`],
        hosts: [...this.hosts],
        http: this.http(service, props),
      },
    });

    this.routes = this.createRoutes(props, controlPlane, gatewayRef, tls);
    this.route = this.routes[0];
  }

  private requireHosts(props: MeshIngressProps): string[] {
    const hosts = [
      ...(props.host === undefined ? [] : [props.host]),
      ...(props.hosts === undefined ? [] : requireArray(this, 'hosts', props.hosts)),
    ];
    if (hosts.length === 0) throw invalidInput(this, 'host and hosts', undefined, 'Allowed: at least one host.');
    hosts.forEach((h, i) => {
      const what = props.host !== undefined && i === 0 ? 'host' : `hosts[${props.host === undefined ? i : i - 1}]`;
      if (!(h === '*' || isDnsSubdomain(typeof h === 'string' && h.startsWith('*.') ? h.slice(2) : h))) {
        requireDnsSubdomain(this, what, h); // throws with the usual explanation
      }
      if (hosts.indexOf(h) !== i) throw invalidInput(this, what, h, 'Allowed: each host once.');
    });
    if (hosts.includes('*') && hosts.length > 1) throw invalidInput(this, 'hosts', hosts, 'Allowed: "*" alone (it already means every host).');
    return hosts;
  }

  private requireGatewayRef(ref: string): { namespace: string; name: string } {
    const [namespace, name, ...rest] = typeof ref === 'string' ? ref.split('/') : [];
    if (rest.length > 0 || !isDnsLabel(namespace) || !isDnsSubdomain(name)) {
      throw invalidInput(this, 'existingGateway', ref, 'Allowed: "<namespace>/<name>" of a networking.istio.io Gateway, e.g. "istio-system/shared-gateway".');
    }
    return { namespace, name };
  }

  /** @param noSni the HTTPS server also takes connections without SNI (those of a reencrypt Route): its hosts are `*` */
  private servers(props: MeshIngressProps, tls: IngressTlsOptions | undefined, noSni = false): GatewayV1Beta1SpecServers[] {
    const hosts = [...this.hosts];
    const http = { hosts, port: { name: 'http', number: requirePort(this, 'gatewayPort', props.gatewayPort ?? 80), protocol: 'HTTP' } };
    if (tls === undefined) return [http];
    const redirect = requireBoolean(this, 'tls.httpsRedirect', tls.httpsRedirect) ?? true;
    const https: GatewayV1Beta1SpecServers = {
      hosts: noSni ? ['*'] : hosts,
      port: { name: 'https', number: requirePort(this, 'tls.port', tls.port ?? 443), protocol: 'HTTPS' },
      tls: { mode: GatewayV1Beta1SpecServersTlsMode.SIMPLE, credentialName: requireDnsSubdomain(this, 'tls.credentialName', tls.credentialName) },
    };
    if (redirect && https.port.number === http.port.number) {
      throw invalidInput(this, 'tls.port', https.port.number, `Allowed: a port other than the HTTP server's (${http.port.number}).`);
    }
    return redirect ? [{ ...http, tls: { httpsRedirect: true } }, https] : [https];
  }

  private http(service: IMeshService, props: MeshIngressProps) {
    if (props.paths !== undefined && props.http !== undefined) {
      throw invalidInput(this, 'paths and http', { paths: props.paths }, 'Allowed: one of paths and http.');
    }
    const toService = [{ port: service.port }];
    let rules: HttpRoute[] = [{ route: toService }];
    if (props.paths !== undefined) {
      const paths = requireArray(this, 'paths', props.paths);
      if (paths.length === 0) throw invalidInput(this, 'paths', paths, 'Allowed: at least one path; leave paths out for every path.');
      rules = [{ match: paths.map((uri) => ({ uri })), route: toService }];
    } else if (props.http !== undefined) {
      // destinations of the service without a port go to its port, so that the gateway never guesses one
      rules = requireArray(this, 'http', props.http).map((rule) => (typeof rule === 'object' && rule !== null && Array.isArray(rule.route) ? {
        ...rule,
        route: rule.route.map((d) => (typeof d === 'object' && d !== null && d.service === undefined && d.port === undefined ? { ...d, port: service.port } : d)),
      } : rule));
    }
    const renderer = new RouteRenderer(this, service);
    const http = renderer.http(rules, props.http === undefined ? 'paths' : 'http');
    this.node.addValidation({ validate: () => renderer.versionErrors(this.node.path) });
    return http;
  }

  private createRoutes(props: MeshIngressProps, controlPlane: IMeshControlPlane, gateway: { namespace: string; name: string }, tls: IngressTlsOptions | undefined): Route[] {
    const asked = requireBoolean(this, 'createRoute', props.createRoute);
    const createRoute = asked ?? !controlPlane.createsGatewayRoutes;
    const routeTls = routeTlsOf(this, props.routeTls, tls === undefined ? undefined : { httpsRedirect: tls.httpsRedirect ?? true });
    if (!createRoute) {
      if (props.routeTls !== undefined) {
        throw invalidInput(this, 'routeTls', props.routeTls, 'Allowed: undefined when this construct creates no Route (createRoute false, or IOR makes them).');
      }
      return [];
    }
    const wildcards = this.hosts.filter((h) => h.startsWith('*'));
    if (wildcards.length > 0) {
      if (asked) {
        throw invalidInput(this, 'createRoute', true, `Allowed: false for wildcard hosts (${wildcards.join(', ')}): an OpenShift Route needs one host name. `
          + 'Reach a wildcard host through the ingress gateway\'s own Route, or list the host names.');
      }
      addSynthWarning(this, `no OpenShift Route for ${wildcards.join(', ')}: a Route needs one host name. Reach it through the ingress gateway's own Route `
        + `(oc get route -n ${controlPlane.ingressGateway.namespace}), or list the host names.`);
    }
    const namespace = requireDnsLabel(this, 'ingressGatewayNamespace', props.ingressGatewayNamespace ?? controlPlane.ingressGateway.namespace);
    const gatewayService = requireDns1035Label(this, 'ingressGatewayService', props.ingressGatewayService ?? controlPlane.ingressGateway.serviceName);
    return this.hosts.filter((h) => !h.startsWith('*')).map((host, i) => {
      const suffix = i === 0 ? '' : `-${i + 1}`;
      return new Route(this, `Route${suffix}`, {
        metadata: { name: requireDnsSubdomain(this, `Route name (<namespace>-<gateway name>${suffix})`, `${gateway.namespace}-${gateway.name}${suffix}`), namespace },
        spec: {
          host,
          port: { targetPort: routeTls.https ? controlPlane.ingressGateway.httpsPortName : controlPlane.ingressGateway.httpPortName },
          to: { kind: RouteSpecToKind.SERVICE, name: gatewayService, weight: 100 },
          tls: routeTls.tls,
        },
      });
    });
  }
}
