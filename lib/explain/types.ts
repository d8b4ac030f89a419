/**
 * The request model and the result of {@link explain}. The result is also the JSON that
 * `cdk8s-ossm explain --format json` prints: every field is always present (`null` or empty when it does not apply),
 * in the order declared here. docs/EXPLAIN.md documents it.
 */

/** A JSON value copied from the configuration as written (objects with sorted keys). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What a client sends: the request {@link explain} follows through the mesh. */
export interface ExplainRequest {
  /**
   * The host the client calls, as it writes it: `travels`, `travels.travel-agency`, an FQDN, or an external name.
   * Short names resolve in {@link ExplainRequest.fromNamespace}, like the client's DNS search path. No wildcard, no port.
   */
  readonly host: string;
  /**
   * Namespace of the calling pod: decides which VirtualServices and DestinationRules it sees (`exportTo`, Istio's
   * lookup order) and the `sourceNamespace` of matches.
   * @default 'default'
   */
  readonly fromNamespace?: string;
  /**
   * The port the client calls (a Service port). It selects the protocol (HTTP, TCP or TLS routes), `match.port`
   * and port-level traffic policies.
   * @default the Service's port when it has one (the first, with a note, when it has several); 80 for a host
   * without Service
   */
  readonly port?: number;
  /** The request method. @default 'GET' */
  readonly method?: string;
  /** The request path, optionally with a query string (`/api?x=1`); starts with `/`. @default '/' */
  readonly path?: string;
  /** The `:authority` (Host header), also the SNI of TLS routes. @default the host as given */
  readonly authority?: string;
  /** The request scheme, for `scheme` matches. @default 'http' */
  readonly scheme?: string;
  /** Request headers; names are case-insensitive (compared in lower case), values case-sensitive. @default none */
  readonly headers?: Readonly<Record<string, string>>;
  /** Labels of the calling pod, for `sourceLabels` matches and DestinationRule `workloadSelector`s. @default none */
  readonly sourceLabels?: Readonly<Record<string, string>>;
  /**
   * The ServiceAccount of the calling pod: its identity (`cluster.local/ns/<fromNamespace>/sa/<account>`) for
   * AuthorizationPolicy `principals`, on mutual TLS.
   * @default 'default'
   */
  readonly fromServiceAccount?: string;
  /**
   * A request from outside the mesh through this Gateway (`namespace/name`): an Istio Gateway's server for the host
   * and port and the VirtualServices bound to it, or a Gateway API Gateway's listener and the HTTPRoutes attached to
   * it (an Istio Gateway of that name is preferred), then the hop from the gateway's pods to the destination.
   * @default none; a host that only a Gateway server or listener hostname of the set admits (the external ingress
   * host) is explained through that Gateway (Istio Gateways first)
   */
  readonly gateway?: string;
}

/** Options of {@link explain}. */
export interface ExplainOptions {
  /**
   * Namespace of namespaced objects that carry none, as `kubectl apply` without `-n` would use.
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * Istio's root (config) namespace, the last place a DestinationRule is looked up. OpenShift Service Mesh uses the
   * control plane's namespace.
   * @default the namespace of the set's control plane (a ServiceMeshControlPlane's, or an OSSM 3 `Istio`'s `spec.namespace`), else 'istio-system'
   */
  readonly rootNamespace?: string;
}

/**
 * What happened to the request:
 * - `route`: a rule of a VirtualService matched and sends it to its destinations;
 * - `redirect` / `direct-response`: a matching rule answers itself (HTTP redirect, direct response);
 * - `default-route`: no VirtualService applies, the sidecar sends the request to the Service's endpoints;
 * - `no-route`: nothing routes it (unknown host, or a VirtualService whose rules all fail: 404 from Envoy).
 */
export type ExplainOutcome = 'route' | 'redirect' | 'direct-response' | 'default-route' | 'no-route';

/** The request as explained, defaults filled in. */
export interface ExplainedRequest {
  /** As given. */
  readonly host: string;
  /** Resolved from the client's namespace. */
  readonly fqdn: string;
  /** The calling pod's namespace (`default` unless given). */
  readonly fromNamespace: string;
  /** `null` only when the host has no Service and no port was given. */
  readonly port: number | null;
  /** Which routes apply on that port: `http`, `tcp` or `tls` (`udp` is not routed by Istio). */
  readonly protocol: 'http' | 'tcp' | 'tls' | 'udp';
  /** `GET` unless given. */
  readonly method: string;
  /** The request path as given (`/` by default), with its query string. */
  readonly path: string;
  /** The `:authority` (Host header): as given, else the host. */
  readonly authority: string;
  /** `http` unless given. */
  readonly scheme: string;
  /** Header names in lower case, sorted. */
  readonly headers: Readonly<Record<string, string>>;
  /** Labels of the calling pod, as given (none by default). */
  readonly sourceLabels: Readonly<Record<string, string>>;
  /** The calling pod's ServiceAccount (`default` unless given); through a gateway, the gateway pods'. */
  readonly fromServiceAccount: string;
  /** The Gateway (`namespace/name`) the request enters through; `null` for a request from a pod of the mesh. */
  readonly gateway: string | null;
}

/** The registry entry of the host: a Kubernetes Service or a ServiceEntry. */
export interface ExplainedTarget {
  /** Which kind of registry entry the host is. */
  readonly kind: 'Service' | 'ServiceEntry';
  /** The entry's namespace. */
  readonly namespace: string;
  /** The entry's name. */
  readonly name: string;
  /** The port the request goes to; `null` when the host has no Service and no port was given. */
  readonly port: number | null;
  /** That port's name; `null` when it has none. */
  readonly portName: string | null;
  /** The protocol Istio gives that port (`http`, `grpc`, `tcp`, …; `unknown (sniffed)` when Istio sniffs it, `unknown` for a port the host does not have). */
  readonly protocol: string;
}

/** Why one rule of the VirtualService did or did not take the request, in order. */
export interface RuleVerdict {
  /** Index in the VirtualService's `http`, `tcp` or `tls` list. */
  readonly index: number;
  /** The rule's `name`; `null` when it has none. */
  readonly name: string | null;
  /** Whether it takes the request. */
  readonly matched: boolean;
  /** For a rule that did not match: the first unmet condition of each match entry, in words. */
  readonly reason: string | null;
  /** For a rule that delegates (`delegate`): the delegate VirtualService's rules, judged the same way. */
  readonly delegateRules: RuleVerdict[] | null;
}

/** The DestinationRule traffic policy in force for one destination (subset and port-level settings merged as Istio does). */
export interface ExplainedTrafficPolicy {
  /** `connectionPool` in force, as written; `null` when none is set. */
  readonly connectionPool: JsonValue;
  /** `loadBalancer` in force, as written; `null` when none is set (Envoy's LEAST_REQUEST). */
  readonly loadBalancer: JsonValue;
  /** `outlierDetection` in force, as written; `null` when none is set. */
  readonly outlierDetection: JsonValue;
  /** `tls` in force, as written; `null` when none is set. */
  readonly tls: JsonValue;
  /** Where each part came from, in merge order, e.g. `trafficPolicy`, `subset v2`, `portLevelSettings[port 8000]`. */
  readonly sources: string[];
}

/** One destination of the matched rule (or of the default route). */
export interface ExplainedDestination {
  /** Resolved host (FQDN). */
  readonly host: string;
  /** The subset the rule names; `null` without one. */
  readonly subset: string | null;
  /** Percent of the requests (a single destination gets 100; weights that do not add up to 100 are shown as their share, as Envoy splits them). */
  readonly weight: number;
  /** The port the destination names, else the host's only port, else the request's; `null` when none is known. */
  readonly port: number | null;
  /** `Service/<namespace>/<name>` or `ServiceEntry/<namespace>/<name>`; `null` when the host is neither in the set. */
  readonly target: string | null;
  /** The subset's labels (from the DestinationRule); `null` without subset. */
  readonly subsetLabels: Readonly<Record<string, string>> | null;
  /** Pod templates (Deployments and other workloads) that the Service's selector plus the subset's labels select, as `namespace/name`. */
  readonly workloads: string[];
  /** The DestinationRule that applies to the host from the client's namespace, as `namespace/name`. */
  readonly destinationRule: string | null;
  /**
   * Where Istio's lookup found it: in the client's namespace, the host's namespace, or the root namespace (the
   * control plane's).
   */
  readonly destinationRuleFoundIn: 'client namespace' | 'host namespace' | 'root namespace' | null;
  /** Further DestinationRules of the same host and namespace that Istio merged into it (their subsets count). */
  readonly mergedDestinationRules: string[];
  /** The traffic policy in force for this destination; `null` when no DestinationRule applies. */
  readonly trafficPolicy: ExplainedTrafficPolicy | null;
  /** Header manipulation of this destination, as written. */
  readonly headers: JsonValue;
  /** What will go wrong for this share of the traffic (undefined subset, no workload), in words. */
  readonly problems: string[];
  /** For each workload of {@link ExplainedDestination.workloads}, whether its AuthorizationPolicies let the request in. */
  readonly authorizations: ExplainedWorkloadAuthorization[];
}

/** Istio's authorization decision for the request at one workload (PeerAuthentication + AuthorizationPolicy). */
export interface ExplainedAuthorization {
  /** `DENY` means 403 (RBAC: access denied), or a refused connection when the workload requires mutual TLS. */
  readonly decision: 'ALLOW' | 'DENY';
  /** The deciding AuthorizationPolicy as `namespace/name` (for a deny because no ALLOW rule matched: the first ALLOW policy that applies); `null` when none applies. */
  readonly policy: string | null;
  /** The index of the matching rule in that policy's `rules`; `null` when no rule matched. */
  readonly rule: number | null;
}

/** The authorization of the request at one workload. */
export interface ExplainedWorkloadAuthorization {
  /** The workload, `namespace/name`. */
  readonly workload: string;
  /** The decision, and the policy and rule that made it. */
  readonly authorization: ExplainedAuthorization;
  /** Why, in words. */
  readonly reason: string;
}

/**
 * How a request from outside enters the mesh: the Gateway, its server (an Istio Gateway) or listener (a Gateway API
 * Gateway) and the gateway pods.
 */
export interface ExplainedGateway {
  /** The Gateway, `namespace/name`. */
  readonly gateway: string;
  /** Index of the server in `spec.servers` (of the listener in `spec.listeners`) that takes the request; `null` when none does. */
  readonly server: number | null;
  /** For a Gateway API Gateway: the name of the listener that takes the request; `null` for an Istio Gateway or when none does. */
  readonly listener: string | null;
  /** That server's port number; `null` when no server takes the request. */
  readonly port: number | null;
  /** That server's protocol as written (`HTTP`, `HTTPS`, …); `null` when no server takes the request. */
  readonly protocol: string | null;
  /** That server's hosts as written (a listener's hostname; `*` for a listener without one); empty when no server takes the request. */
  readonly hosts: string[];
  /** The server's `tls.mode` (`SIMPLE`, `MUTUAL`, `PASSTHROUGH`, …; a listener's `Terminate` or `Passthrough`); `null` without TLS. */
  readonly tlsMode: string | null;
  /** The gateway pods (pod templates of the set, or the operator's gateway as `namespace/<labels>`). */
  readonly workloads: string[];
  /** The authorization of the external request at the gateway pods (AuthorizationPolicies selecting them). */
  readonly authorizations: ExplainedWorkloadAuthorization[];
}

/** A mirror of the matched rule: copies of the requests, responses ignored. */
export interface ExplainedMirror {
  /** Resolved host (FQDN) of the mirror. */
  readonly host: string;
  /** The subset the mirror names; `null` without one. */
  readonly subset: string | null;
  /** The port the mirror names; `null` when it names none. */
  readonly port: number | null;
  /** Percent of the requests mirrored. */
  readonly percentage: number;
  /** `Service/<namespace>/<name>` or `ServiceEntry/<namespace>/<name>`; `null` when the host is neither in the set. */
  readonly target: string | null;
  /** Pod templates the mirror reaches, as `namespace/name`. */
  readonly workloads: string[];
  /** What will go wrong with the copies (undefined subset, no workload), in words. */
  readonly problems: string[];
}

/** Faults of the matched rule. A fault without percentage applies to no request (Envoy's default). */
export interface ExplainedFault {
  /** The abort: HTTP status or gRPC status, and the percent of requests it applies to; `null` without one. */
  readonly abort: { readonly httpStatus: number | null; readonly grpcStatus: string | null; readonly percentage: number } | null;
  /** The delay and the percent of requests it applies to; `null` without one. */
  readonly delay: { readonly fixedDelay: string | null; readonly percentage: number } | null;
}

/** The retry policy of the route. */
export interface ExplainedRetries {
  /** How many retries (not counting the first try). */
  readonly attempts: number;
  /** The timeout of each try, as written (`2s`); `null` when unset. */
  readonly perTryTimeout: string | null;
  /** The conditions that trigger a retry, comma-separated as Envoy takes them; `null` when unset. */
  readonly retryOn: string | null;
  /** The VirtualService sets none, so Istio's default applies. */
  readonly istioDefault: boolean;
}

/** The result of {@link explain}. */
export interface Explanation {
  /** The request as explained, defaults filled in. */
  readonly request: ExplainedRequest;
  /** The Gateway the request enters through; `null` for a request from a pod of the mesh. */
  readonly gateway: ExplainedGateway | null;
  /** Whether the request reaches destinations or an answer of the mesh (any outcome but `no-route`). */
  readonly routed: boolean;
  /** What happened to the request. */
  readonly outcome: ExplainOutcome;
  /** Why there is no route, or why the default route applies; `null` when a rule matched. */
  readonly reason: string | null;
  /** The registry entry of the host; `null` for a host the set has no Service or ServiceEntry for. */
  readonly target: ExplainedTarget | null;
  /** The VirtualService that applies, as `namespace/name`. */
  readonly virtualService: string | null;
  /** Which list of the VirtualService was used. */
  readonly routeType: 'http' | 'tcp' | 'tls' | null;
  /** Index of the matching rule in that list, `null` when none matched. */
  readonly matchedRule: number | null;
  /** The `name` of the matching rule; `null` when it has none or none matched. */
  readonly matchedRuleName: string | null;
  /** When the matching rule delegates: the delegate VirtualService and the index of its matching rule. */
  readonly delegate: { readonly virtualService: string; readonly matchedRule: number } | null;
  /** Every rule tried, in order, up to the matching one. */
  readonly rules: RuleVerdict[];
  /** Where the request goes: the matched rule's destinations, or the default route's single one. */
  readonly destinations: ExplainedDestination[];
  /** Where copies of the request go. */
  readonly mirrors: ExplainedMirror[];
  /** The faults of the matched rule; `null` when it injects none. */
  readonly fault: ExplainedFault | null;
  /** The route timeout; `null`: none (Istio sets no timeout by default). */
  readonly timeout: string | null;
  /** `null` for TCP and TLS routes and when nothing is routed. */
  readonly retries: ExplainedRetries | null;
  /** Request/response header manipulation of the rule, as written. */
  readonly headers: JsonValue;
  /** The rule's `rewrite`, as written; `null` when unset. */
  readonly rewrite: JsonValue;
  /** The rule's `redirect` (then it answers with a redirect), as written; `null` when unset. */
  readonly redirect: JsonValue;
  /** The rule's `directResponse` (then it answers itself), as written; `null` when unset. */
  readonly directResponse: JsonValue;
  /** The rule's `corsPolicy`, as written; `null` when unset. */
  readonly corsPolicy: JsonValue;
  /** Everything else worth knowing: VirtualServices that lost, assumptions, what is not modelled. */
  readonly notes: string[];
}
