/**
 * Routing intent: what should happen to a service's requests, as plain typed data. Nothing here knows how Istio
 * writes it; the renderer (lib/traffic/render) checks the intent and writes the VirtualService.
 */
import { Duration } from 'cdk8s';
import { IMeshService } from '../../workload/mesh-service';
import { StringMatch } from './string-match';

/** A share of the traffic for one version of the service (the form the workshop's charts take). */
export interface VersionWeight {
  /** The `version` label of the destination subset. */
  readonly version: string;
  /** Percent of the requests, a whole number from 0 to 100; the weights of one route add up to 100. */
  readonly weight: number;
}

/** Where (a share of) the requests of a rule go. */
export interface RouteDestination {
  /**
   * The service to send to.
   * @default - the service being routed
   */
  readonly service?: IMeshService;
  /**
   * The version (DestinationRule subset, by the `version` label) of the service.
   * @default - every pod of the service (no subset)
   */
  readonly version?: string;
  /**
   * Percent of the requests, a whole number from 0 to 100. Required when a route has more than one destination;
   * the weights of one route add up to 100.
   * @default - all requests (a single destination)
   */
  readonly weight?: number;
  /**
   * The service port to send to, 1–65535.
   * @default - the port the request came in on (needed only for services with more than one port)
   */
  readonly port?: number;
}

/** Abort a share of the requests with an HTTP status. */
export interface AbortFault {
  /** Percent of requests to abort, 0–100 (fractions allowed). */
  readonly percentage: number;
  /** Status to return, 200–599. */
  readonly httpStatus: number;
}

/** Delay a share of the requests. */
export interface DelayFault {
  /** Percent of requests to delay, 0–100 (fractions allowed). */
  readonly percentage: number;
  /** How long: whole milliseconds, at least 1 ms (Istio's range, see {@link MAX_ISTIO_DURATION_MS}). */
  readonly fixedDelay: Duration;
}

/** The longest duration Istio accepts, in milliseconds: a protobuf Duration's 315,576,000,000 seconds. */
export const MAX_ISTIO_DURATION_MS = 315_576_000_000_000;

/** Faults injected into the requests of one rule. At least one of `abort` and `delay`. */
export interface FaultOptions {
  /** Abort a share of the requests. @default - no abort */
  readonly abort?: AbortFault;
  /** Delay a share of the requests. @default - no delay */
  readonly delay?: DelayFault;
}

/**
 * Conditions under which Envoy retries a request (`retryOn`), as Istio passes them to Envoy. HTTP status codes
 * (`"503"`) are allowed next to these.
 */
export enum RetryOn {
  /** Any 5xx response, or no response at all (connect failure, reset, timeout). */
  SERVER_ERROR = '5xx',
  /** Istio's `5xx` by its own name: the same as {@link RetryOn.SERVER_ERROR}. */
  FIVE_XX = '5xx',
  /** 502, 503 or 504. */
  GATEWAY_ERROR = 'gateway-error',
  /** The upstream did not respond at all (disconnect, reset, read timeout). */
  RESET = 'reset',
  /** The connection to the upstream failed. */
  CONNECT_FAILURE = 'connect-failure',
  /** Envoy's rate limiter answered. */
  ENVOY_RATELIMITED = 'envoy-ratelimited',
  /** 409. */
  RETRIABLE_4XX = 'retriable-4xx',
  /** The upstream refused the stream (HTTP/2 REFUSED_STREAM). */
  REFUSED_STREAM = 'refused-stream',
  /** gRPC status CANCELLED. */
  CANCELLED = 'cancelled',
  /** gRPC status DEADLINE_EXCEEDED. */
  DEADLINE_EXCEEDED = 'deadline-exceeded',
  /** gRPC status INTERNAL. */
  INTERNAL = 'internal',
  /** gRPC status RESOURCE_EXHAUSTED. */
  RESOURCE_EXHAUSTED = 'resource-exhausted',
  /** gRPC status UNAVAILABLE. */
  UNAVAILABLE = 'unavailable',
}

/** How failed requests of a rule are retried (Kiali's "HTTP Retry", Istio's `HTTPRetry`). */
export interface RetryPolicy {
  /** How many times to retry, 0–2147483647 (0 turns Istio's default of 2 retries off). */
  readonly attempts: number;
  /**
   * Timeout of each attempt: whole milliseconds, at least 1 ms.
   * @default - the rule's `timeout` (Istio's default)
   */
  readonly perTryTimeout?: Duration;
  /**
   * When to retry: {@link RetryOn} values and HTTP status codes (`"503"`), each at most once.
   * @default - Istio's: connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes
   */
  readonly retryOn?: string[];
}

/** Copies of the requests sent to another destination; its responses are dropped (Istio's "mirroring"). */
export interface MirrorPolicy {
  /** The service that receives the copies. @default - the service being routed */
  readonly service?: IMeshService;
  /** The version (subset) that receives the copies. @default - every pod of the service */
  readonly version?: string;
  /** The service port the copies go to. @default - the port the request came in on */
  readonly port?: number;
  /** Percent of the requests copied, 0–100 (fractions allowed). @default - 100 (Istio's) */
  readonly percentage?: number;
}

/**
 * What an HTTP request must carry for a rule to take it. Every field given must match (AND); a rule matches when
 * any of its `match` entries does (OR). At least one field.
 */
export interface HttpMatch {
  /** Request headers that must match, by lower-case name. @default - any headers */
  readonly headers?: Record<string, StringMatch>;
  /** Headers that must NOT match (a header that is absent does not match). @default - none */
  readonly withoutHeaders?: Record<string, StringMatch>;
  /** The path (`exact` and `prefix` values start with `/`). @default - any path */
  readonly uri?: StringMatch;
  /** Compare `uri` without regard to case (only with `uri`). @default false */
  readonly ignoreUriCase?: boolean;
  /** The HTTP method, e.g. `StringMatch.exact('GET')`. @default - any method */
  readonly method?: StringMatch;
  /** The `:authority` (Host header). @default - any authority */
  readonly authority?: StringMatch;
  /** The URI scheme, e.g. `StringMatch.exact('https')`. @default - any scheme */
  readonly scheme?: StringMatch;
  /** Query parameters, by name (`exact` or `regex`; Istio has no prefix match for them). @default - any */
  readonly queryParams?: Record<string, StringMatch>;
  /** The service port the request came in on, 1–65535. @default - any port */
  readonly port?: number;
  /** Labels the calling workload carries. @default - any caller */
  readonly sourceLabels?: Record<string, string>;
  /** Namespace of the calling workload. @default - any namespace */
  readonly sourceNamespace?: string;
}

/** One HTTP rule, in the order rules are tried; the first that matches takes the request. */
export interface HttpRoute {
  /** A name for the rule (access logs, Kiali). @default - none */
  readonly name?: string;
  /**
   * The requests this rule takes (any entry may match). Without it the rule takes every request, so it must be
   * the last rule.
   * @default - every request
   */
  readonly match?: HttpMatch[];
  /** Where matching requests go: one destination, or several with weights adding up to 100. */
  readonly route: RouteDestination[];
  /** Aborts and delays injected into matching requests. @default - none */
  readonly fault?: FaultOptions;
  /**
   * Timeout for a request, retries included: whole milliseconds, at least 1 ms.
   * @default - none (Istio sets no timeout)
   */
  readonly timeout?: Duration;
  /** How failed requests are retried. @default - Istio's (2 attempts on connect-failure, refused-stream, unavailable, cancelled, 503) */
  readonly retries?: RetryPolicy;
  /** Copies of the requests to another destination. @default - no mirroring */
  readonly mirror?: MirrorPolicy;
}

/** What a TCP connection must carry for a TCP rule to take it (every field given must match). At least one field. */
export interface TcpMatch {
  /** The service port the connection came in on. @default - any port */
  readonly port?: number;
  /** Labels of the calling workload. @default - any caller */
  readonly sourceLabels?: Record<string, string>;
  /** Namespace of the calling workload. @default - any namespace */
  readonly sourceNamespace?: string;
}

/** One TCP rule (Kiali's "TCP Traffic Shifting", Istio's TCP traffic shifting task). */
export interface TcpRoute {
  /** The connections this rule takes. @default - every connection (must then be the last rule) */
  readonly match?: TcpMatch[];
  /** Where matching connections go; several destinations need weights adding up to 100. */
  readonly route: RouteDestination[];
}
