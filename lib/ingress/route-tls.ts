import { RouteSpecTls, RouteSpecTlsInsecureEdgeTerminationPolicy, RouteSpecTlsTermination } from '../../imports/route.openshift.io';
import { invalidInput, requireBoolean, requireObject, requireOneOf, ValidationScope } from '../core/validation';

/** Where the OpenShift router's TLS ends for a Route to the ingress gateway. */
export enum RouteTermination {
  /**
   * The router terminates TLS with its own (the cluster's default or the Route's) certificate and forwards plain HTTP
   * to the gateway's HTTP port. For a gateway without HTTPS (no `tls` on the ingress).
   */
  EDGE = 'edge',
  /** The router forwards the TLS stream untouched to the gateway's HTTPS port, which terminates it (needs `tls`). */
  PASSTHROUGH = 'passthrough',
  /**
   * The router terminates TLS and opens a new TLS connection to the gateway's HTTPS port (needs `tls`). The router
   * checks the gateway's certificate against `destinationCaCertificate`, or against OpenShift's service CA when that
   * is not set, for the host name `<gateway service>.<namespace>.svc`, and it sends no SNI.
   */
  REENCRYPT = 'reencrypt',
}

/** TLS of the OpenShift Routes a {@link MeshIngress} creates. */
export interface RouteTlsOptions {
  /** Where TLS ends. */
  readonly termination: RouteTermination;
  /**
   * Answer plain HTTP to the host with a redirect to HTTPS (`insecureEdgeTerminationPolicy: Redirect`); `false`
   * refuses it (`None`).
   * @default true
   */
  readonly redirectHttp?: boolean;
  /**
   * Reencrypt only: the PEM CA certificate the router verifies the gateway's certificate with (a CA certificate is
   * public, not a secret).
   * @default - OpenShift's service CA (the gateway's certificate is then a service serving certificate)
   */
  readonly destinationCaCertificate?: string;
}

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+\r?\n-----END CERTIFICATE-----\s*$/;

/**
 * The `spec.tls` of a Route to the ingress gateway and the gateway port it targets, checked against whether the
 * gateway serves HTTPS (`gatewayHttps`). Without `routeTls`: passthrough when the gateway serves HTTPS (redirecting
 * as `httpsRedirect` says), none otherwise (the workshop's plain HTTP).
 * @internal
 */
export function routeTlsOf(scope: ValidationScope, routeTls: RouteTlsOptions | undefined, gatewayHttps: { httpsRedirect: boolean } | undefined):
{ tls?: RouteSpecTls; https: boolean } {
  if (routeTls === undefined) {
    if (gatewayHttps === undefined) return { https: false };
    return { https: true, tls: { termination: RouteSpecTlsTermination.PASSTHROUGH, insecureEdgeTerminationPolicy: insecure(gatewayHttps.httpsRedirect) } };
  }
  requireObject(scope, 'routeTls', routeTls);
  const termination = requireOneOf(scope, 'routeTls.termination', routeTls.termination, Object.values(RouteTermination));
  const redirect = requireBoolean(scope, 'routeTls.redirectHttp', routeTls.redirectHttp) ?? true;
  if (termination === RouteTermination.EDGE && gatewayHttps !== undefined) {
    throw invalidInput(scope, 'routeTls.termination', termination, 'Allowed with tls (a gateway that serves HTTPS): "passthrough" or "reencrypt"; '
      + 'edge forwards plain HTTP, for a gateway without tls.');
  }
  if (termination !== RouteTermination.EDGE && gatewayHttps === undefined) {
    throw invalidInput(scope, 'routeTls.termination', termination, 'Allowed without tls: "edge"; passthrough and reencrypt need a gateway that serves HTTPS (tls with its credentialName).');
  }
  const ca = routeTls.destinationCaCertificate;
  if (ca !== undefined && (termination !== RouteTermination.REENCRYPT || typeof ca !== 'string' || !PEM_CERTIFICATE.test(ca))) {
    throw invalidInput(scope, 'routeTls.destinationCaCertificate', typeof ca === 'string' ? `${ca.slice(0, 40)}…` : ca,
      'Allowed: a PEM certificate ("-----BEGIN CERTIFICATE-----" … "-----END CERTIFICATE-----"), with termination "reencrypt" only.');
  }
  return {
    https: termination !== RouteTermination.EDGE,
    tls: {
      termination: termination as string as RouteSpecTlsTermination,
      insecureEdgeTerminationPolicy: insecure(redirect),
      ...(ca !== undefined && { destinationCaCertificate: ca }),
    },
  };
}

const insecure = (redirect: boolean) => (redirect ? RouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT : RouteSpecTlsInsecureEdgeTerminationPolicy.NONE);
