/**
 * Traffic-policy intent: how clients connect to a service once a route has chosen it (the DestinationRule's
 * `trafficPolicy`), as plain typed data. The renderer (lib/traffic/render) checks it and writes Istio's form.
 */
import { Duration } from 'cdk8s';

/** The DestinationRule's connection pool: what the client sidecars allow before they reject requests. */
export interface ConnectionPoolOptions {
  /** Maximum TCP connections to the service (tcp.maxConnections), at least 1. @default - Istio's (2^32-1) */
  readonly maxConnections?: number;
  /** Maximum pending HTTP requests (http.http1MaxPendingRequests), at least 1. @default - Istio's (2^32-1) */
  readonly http1MaxPendingRequests?: number;
  /** Maximum requests per connection (http.maxRequestsPerConnection), at least 1. @default - unlimited */
  readonly maxRequestsPerConnection?: number;
}

/**
 * The DestinationRule's outlier detection: ejecting hosts that fail.
 *
 * Kiali's wizard writes `consecutiveErrors`, a field deprecated long ago that Istio 1.20 ignores, so its outlier
 * detection silently runs on Envoy's default of 5 errors. This library writes `consecutive5xxErrors` (and
 * `consecutiveGatewayErrors`), which do what they say.
 */
export interface OutlierDetectionOptions {
  /** Consecutive 5xx responses that eject a host, at least 1. @default - Istio's (5) */
  readonly consecutive5xxErrors?: number;
  /** Consecutive 502/503/504 that eject a host, at least 1. @default - not set */
  readonly consecutiveGatewayErrors?: number;
  /** Time between ejection sweeps, whole milliseconds, at least 1 ms. @default - Istio's (10s) */
  readonly interval?: Duration;
  /** Minimum ejection time, whole milliseconds, at least 1 ms. @default - Istio's (30s) */
  readonly baseEjectionTime?: Duration;
  /** Maximum percent of hosts ejected, 1–100. @default - Istio's (10) */
  readonly maxEjectionPercent?: number;
}

/** The load-balancing algorithms Istio offers (`loadBalancer.simple`). */
export enum LoadBalancerAlgorithm {
  /** Each endpoint in turn. */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** The endpoint with the fewest active requests (Istio's default); what Kiali calls LEAST_CONN, a deprecated alias. */
  LEAST_REQUEST = 'LEAST_REQUEST',
  /** A random endpoint. */
  RANDOM = 'RANDOM',
  /** The address the client asked for, without load balancing (for callers that pick endpoints themselves). */
  PASSTHROUGH = 'PASSTHROUGH',
}

/** Session affinity: requests with the same key go to the same endpoint (`loadBalancer.consistentHash`). Exactly one key. */
export interface ConsistentHashOptions {
  /** Hash on this request header (lower case). @default - not this key */
  readonly httpHeaderName?: string;
  /** Hash on this cookie; Envoy sets it when the request has none. @default - not this key */
  readonly httpCookie?: HttpCookieHash;
  /** Hash on the caller's IP address (only `true`). @default - not this key */
  readonly useSourceIp?: boolean;
  /** Hash on this query parameter. @default - not this key */
  readonly httpQueryParameterName?: string;
}

/** The cookie of a consistent hash. */
export interface HttpCookieHash {
  /** Cookie name (an RFC 6265 token). */
  readonly name: string;
  /** Path of the cookie Envoy sets, starting with `/`. @default - none */
  readonly path?: string;
  /** Lifetime of the cookie Envoy sets: whole milliseconds, at least 1 ms. @default - a session cookie */
  readonly ttl?: Duration;
}

/** Load balancing: an algorithm, or a consistent hash. Exactly one of the two. */
export interface LoadBalancerOptions {
  /** A load-balancing algorithm. @default - not set (use `consistentHash`) */
  readonly algorithm?: LoadBalancerAlgorithm;
  /** Session affinity by a key of the request. @default - not set (use `algorithm`) */
  readonly consistentHash?: ConsistentHashOptions;
}

/** How client sidecars talk TLS to the service (`trafficPolicy.tls.mode`). */
export enum ClientTlsMode {
  /** Plain text. Refused by workloads whose PeerAuthentication is STRICT (the analyzer's OSSM701). */
  DISABLE = 'DISABLE',
  /** TLS to a server that presents a certificate (an external service). */
  SIMPLE = 'SIMPLE',
  /** Mutual TLS with a client certificate of your own (`credentialName`, or `clientCertificate` and `privateKey`). */
  MUTUAL = 'MUTUAL',
  /** Mutual TLS with the mesh's own certificates (what auto-mTLS does inside the mesh). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** The TLS clients use toward the service (Kiali's "TLS" traffic-policy option). */
export interface ClientTlsOptions {
  /** The TLS mode. */
  readonly mode: ClientTlsMode;
  /** A Secret with the client certificate and key (or CA for SIMPLE), in the client's namespace. @default - none */
  readonly credentialName?: string;
  /** File of the client certificate in the proxy (MUTUAL without `credentialName`). @default - none */
  readonly clientCertificate?: string;
  /** File of the client key in the proxy (MUTUAL without `credentialName`). @default - none */
  readonly privateKey?: string;
  /** File of the CA certificates that verify the server (SIMPLE, MUTUAL). @default - none */
  readonly caCertificates?: string;
  /** SNI to present. @default - none */
  readonly sni?: string;
  /** Names the server certificate must carry. @default - none */
  readonly subjectAltNames?: string[];
  /** Do not verify the server certificate (SIMPLE, MUTUAL). @default false */
  readonly insecureSkipVerify?: boolean;
}

/** How clients connect to a service (a DestinationRule's `trafficPolicy`). At least one part. */
export interface TrafficPolicy {
  /** Connection and request limits (circuit breaking). @default - no limits */
  readonly connectionPool?: ConnectionPoolOptions;
  /** Ejecting endpoints that fail (circuit breaking). @default - no outlier detection */
  readonly outlierDetection?: OutlierDetectionOptions;
  /** How requests are spread over the endpoints. @default - Istio's (LEAST_REQUEST) */
  readonly loadBalancer?: LoadBalancerOptions;
  /** The TLS clients use toward the service. @default - Istio's auto mTLS */
  readonly tls?: ClientTlsOptions;
}
