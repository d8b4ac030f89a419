import { API_GROUP } from '../core/api-groups';
import { authorizeTemplates, targetPortOf } from './authorization';
import { AppliedDestinationRule, appliedDestinationRule, effectivePolicy } from './destination-rules';
import { chooseServer, findGateway, gatewayForHost, GatewayPods, gatewayPods, gatewayVirtualServices, namesGateway } from './gateway-entry';
import { canonicalJson } from './json';
import { judgeRule, MatchInput, matchHttp, matchL4, MatchResult } from './match';
import { entryName, lookupHost, RegistryEntry, RegistryPort, routesOfProtocol, workloadsOf } from './registry';
import {
  ExplainedDestination, ExplainedFault, ExplainedGateway, ExplainedWorkloadAuthorization, ExplainedMirror, ExplainedRequest, ExplainedRetries, ExplainedTarget,
  ExplainOptions, ExplainRequest, Explanation, RuleVerdict,
} from './types';
import {
  chooseListener, findGatewayApiGateway, GATEWAY_NAME_LABEL, gatewayApiClassNotes, gatewayApiGatewayForHost, gatewayApiPods, gatewayApiRoutes, isGatewayApiGateway,
} from './gateway-api-entry';
import { httpRouteNotes, meshHttpRoutes } from './http-routes';
import { refName, selectVirtualService } from './virtual-services';
import { visibleIn, exportToOf } from './visibility';
import { AuthorizationCaller, AuthorizationEvaluator, AuthorizationRequest } from '../analysis/authorization';
import { AnalysisContext, DEFAULT_ROOT_NAMESPACE, ObjectRef } from '../analysis/context';
import { DestinationRuleIndex } from '../analysis/destination-rules';
import { arr, Json, labelsMatch, num, rec, str, stringMap } from '../analysis/kube';
import { KubeObject } from '../core/kube-object';
import { formatValue, invalidInput, isDnsLabel, isSecretName, REDACTED } from '../core/validation';

/**
 * Istio's retry policy for a route that sets none: 2 retries on connect-failure, refused-stream, unavailable,
 * cancelled and retriable status codes (503).
 */
export const ISTIO_DEFAULT_RETRIES: ExplainedRetries = {
  attempts: 2,
  perTryTimeout: null,
  retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  istioDefault: true,
};

export { DEFAULT_ROOT_NAMESPACE };

const HOST_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/i;

/**
 * Checks a request before it is explained.
 * @throws ValidationError naming the bad field, the value and what is allowed
 */
export function checkExplainRequest(request: ExplainRequest): void {
  const bad = (what: string, value: unknown, allowed: string): Error => invalidInput('explain', what, value, `Allowed: ${allowed}.`);
  if (typeof request.host !== 'string' || !HOST_PATTERN.test(request.host)) {
    throw bad('host', request.host, 'a host name such as travels, travels.travel-agency or an FQDN, without wildcard, scheme or port');
  }
  if (request.fromNamespace !== undefined && !isDnsLabel(request.fromNamespace)) {
    throw bad('fromNamespace', request.fromNamespace, 'a namespace name (a DNS-1123 label)');
  }
  if (request.fromServiceAccount !== undefined && !(typeof request.fromServiceAccount === 'string' && HOST_PATTERN.test(request.fromServiceAccount) && !request.fromServiceAccount.endsWith('.'))) {
    throw bad('fromServiceAccount', request.fromServiceAccount, 'a ServiceAccount name (a DNS-1123 subdomain)');
  }
  if (request.gateway !== undefined) {
    const parts = typeof request.gateway === 'string' ? request.gateway.split('/') : [];
    if (parts.length !== 2 || !isDnsLabel(parts[0]) || !HOST_PATTERN.test(parts[1])) {
      throw bad('gateway', request.gateway, 'a Gateway (Istio or Gateway API) as <namespace>/<name>');
    }
  }
  if (request.port !== undefined && !(Number.isInteger(request.port) && request.port >= 1 && request.port <= 65535)) {
    throw bad('port', request.port, 'a whole number from 1 to 65535');
  }
  if (request.path !== undefined && !(typeof request.path === 'string' && request.path.startsWith('/'))) throw bad('path', request.path, 'a path starting with "/"');
  if (request.method !== undefined && !(typeof request.method === 'string' && /^[A-Za-z]+$/.test(request.method))) {
    throw bad('method', request.method, 'an HTTP method such as GET');
  }
  for (const what of ['scheme', 'authority'] as const) {
    if (request[what] !== undefined && typeof request[what] !== 'string') throw bad(what, request[what], 'a string');
  }
  for (const what of ['headers', 'sourceLabels'] as const) {
    const map: unknown = request[what];
    if (map === undefined) continue;
    if (map === null || typeof map !== 'object' || Array.isArray(map)) throw bad(what, map, 'an object of names to strings');
    for (const [name, value] of Object.entries(map)) {
      if (typeof value !== 'string') throw bad(`${what} ${name}`, value, 'a string');
      if (what === 'headers' && !HEADER_NAME.test(name)) throw bad('header name', name, 'an HTTP header name (letters, digits and !#$%&\'*+-.^_`|~)');
    }
  }
}

/**
 * Explains, offline, where the mesh sends one request: which VirtualService applies to the host as seen from the
 * client's namespace, which of its rules matches and why each earlier one does not, each destination with its
 * weight, subset, the subset's labels and the workloads they select, faults, timeout, retries and mirrors, and the
 * DestinationRule traffic policy in force, and per destination workload Istio's authorization decision
 * (PeerAuthentication + AuthorizationPolicy) for the client's namespace and ServiceAccount. With no VirtualService,
 * the default route to the Service's endpoints; with nothing to route to, `no-route` and the reason. A request from
 * outside (`gateway`, or an external host that only a Gateway server admits) enters through the Gateway's server and
 * the VirtualServices bound to it, then takes the hop from the gateway pods.
 *
 * The objects are what will be on the cluster (a synthesized app, or YAML loaded with `loadManifests`); like the
 * analyzer, it takes the set as the world. Semantics follow Istio 1.20 (OpenShift Service Mesh 2.6); OSSM 3 output
 * (`networking.istio.io/v1`, the `Istio` resource's namespace as root namespace) is read alike. docs/EXPLAIN.md.
 *
 * @throws Error for a request {@link checkExplainRequest} refuses
 */
export function explain(objects: readonly KubeObject[], request: ExplainRequest, options: ExplainOptions = {}): Explanation {
  checkExplainRequest(request);
  const ctx = new AnalysisContext(objects, { defaultNamespace: options.defaultNamespace });
  return new Explainer(ctx, request, options).explain();
}

type Section = 'http' | 'tcp' | 'tls';

/** What a VirtualService's rules did with the request. */
interface RuleOutcome {
  readonly verdicts: RuleVerdict[];
  /** The rule that takes the request (the delegate's rule when delegated), with its index and where its hosts resolve. */
  readonly matched?: { readonly rule: Json; readonly index: number; readonly namespace: string; readonly delegate?: { readonly vs: ObjectRef; readonly index: number } };
  /** Whether any rule survives the client-side conditions (port, source, gateways); if none does, Istio builds no route from the VirtualService. */
  readonly anyApplicable: boolean;
}

type Parts = Partial<{ -readonly [K in keyof Explanation]: Explanation[K] }>;

class Explainer {
  private readonly notes: string[] = [];
  private readonly drs: DestinationRuleIndex;
  private readonly fromNamespace: string;
  private readonly fqdn: string;
  private readonly sourceLabels: Readonly<Record<string, string>>;
  private readonly headers: Readonly<Record<string, string>>;
  /** The request line and authority, defaults filled in. */
  private readonly line: Pick<ExplainedRequest, 'method' | 'path' | 'authority' | 'scheme'>;
  private port: number | null = null;
  private protocol: ExplainedRequest['protocol'] = 'http';
  private target: ExplainedTarget | null = null;
  private readonly serviceAccount: string;
  /** The Gateway a request from outside enters through (`--gateway`, or the one whose server admits the external host). */
  private readonly entryGateway?: ObjectRef | string;
  private readonly pods?: GatewayPods;
  private gatewayView: ExplainedGateway | null = null;
  private readonly evaluator: AuthorizationEvaluator;

  public constructor(private readonly ctx: AnalysisContext, private readonly request: ExplainRequest, options: ExplainOptions) {
    this.evaluator = new AuthorizationEvaluator(ctx);
    if (request.gateway !== undefined) {
      const istio = findGateway(ctx, request.gateway);
      this.entryGateway = typeof istio === 'string' ? findGatewayApiGateway(ctx, request.gateway) ?? `${istio}, and no Gateway ${request.gateway} (gateway.networking.k8s.io)` : istio;
    } else {
      const external = request.host.toLowerCase().replace(/\.$/, '');
      const namespace = request.fromNamespace ?? 'default';
      const fqdn = ctx.parseHost(request.host, namespace).fqdn;
      if (!lookupHost(ctx, fqdn, namespace).entry && !selectVirtualService(ctx, fqdn, namespace).chosen) this.entryGateway = gatewayForHost(ctx, external) ?? gatewayApiGatewayForHost(ctx, external);
    }
    if (typeof this.entryGateway === 'object') this.pods = isGatewayApiGateway(this.entryGateway) ? gatewayApiPods(ctx, this.entryGateway) : gatewayPods(ctx, this.entryGateway);
    this.fromNamespace = this.pods?.namespace ?? request.fromNamespace ?? 'default';
    this.serviceAccount = this.pods?.serviceAccount ?? request.fromServiceAccount ?? 'default';
    this.fqdn = this.entryGateway !== undefined ? request.host.toLowerCase().replace(/\.$/, '') : this.resolve(request.host, this.fromNamespace);
    this.sourceLabels = { ...this.pods?.labels ?? request.sourceLabels ?? {} };
    // Object.fromEntries defines keys as data (a header named __proto__ stays a header)
    const headers: Record<string, string> = Object.fromEntries(Object.entries(request.headers ?? {})
      .map(([name, value]): [string, string] => [name.toLowerCase(), value])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.headers = headers;
    this.line = {
      method: request.method ?? 'GET',
      path: request.path ?? '/',
      authority: request.authority ?? headers.host ?? request.host,
      scheme: request.scheme ?? 'http',
    };
    this.drs = options.rootNamespace === undefined || options.rootNamespace === ctx.rootNamespace
      ? ctx.destinationRuleIndex : new DestinationRuleIndex(ctx.destinationRuleInfos, options.rootNamespace);
  }

  private resolve(host: string, namespace: string): string {
    return this.ctx.parseHost(host, namespace).fqdn;
  }

  public explain(): Explanation {
    if (typeof this.entryGateway === 'object' && isGatewayApiGateway(this.entryGateway)) return this.explainThroughGatewayApi(this.entryGateway);
    if (this.entryGateway !== undefined) return this.explainThroughGateway(this.entryGateway);
    this.noteClient();
    const lookup = lookupHost(this.ctx, this.fqdn, this.fromNamespace);
    this.notes.push(...lookup.hidden);
    const entry = lookup.entry;
    const port = this.choosePort(entry);
    if (typeof port === 'string') return this.noRoute(port);
    const choice = selectVirtualService(this.ctx, this.fqdn, this.fromNamespace);
    this.notes.push(...choice.notes);
    const httpRoutes = entry?.kind === 'Service' && this.protocol === 'http' ? meshHttpRoutes(this.ctx, entry.ref.namespace, entry.ref.name, this.port) : undefined;
    if (httpRoutes) {
      this.notes.push(...httpRouteNotes(httpRoutes, choice.chosen));
      return this.applyVirtualService(httpRoutes.asVirtualService, entry);
    }
    if (this.protocol === 'udp') {
      return this.noRoute(`port ${this.port} of ${entryName(entry!)} is UDP: the sidecar does not route UDP, the packets go to the Service directly`);
    }
    if (!entry) {
      if (!choice.chosen) {
        return this.noRoute(`unknown host: no Service or ServiceEntry that namespace ${this.fromNamespace} sees is named ${this.fqdn}, and no VirtualService routes it `
          + '(with the default outboundTrafficPolicy ALLOW_ANY the sidecar passes the request through to whatever DNS resolves; REGISTRY_ONLY answers 502)');
      }
      if (this.port !== 80) {
        return this.noRoute(`no Service or ServiceEntry is named ${this.fqdn}; Istio applies VirtualService ${refName(choice.chosen)} to a host outside the registry on port 80 only`);
      }
      this.notes.push(`no Service or ServiceEntry is named ${this.fqdn}: VirtualService ${refName(choice.chosen)} applies on the sidecar's port 80 listener`);
    }
    if (!choice.chosen) {
      return this.defaultRoute(entry!, `no VirtualService routes ${this.fqdn} for clients in namespace ${this.fromNamespace}`, {});
    }
    return this.applyVirtualService(choice.chosen, entry);
  }

  /**
   * A request from outside: the Gateway's server for the host and port, the VirtualServices bound to the Gateway
   * (merged, oldest first), then the hop from the gateway pods to the destinations.
   */
  private explainThroughGateway(gateway: ObjectRef | string): Explanation {
    if (typeof gateway === 'string') return this.noRoute(gateway);
    const pods = this.pods!;
    if (this.request.fromNamespace !== undefined || this.request.fromServiceAccount !== undefined || Object.keys(this.request.sourceLabels ?? {}).length > 0) {
      this.notes.push(`the request enters through Gateway ${refName(gateway)}: the mesh hop starts at its pods (namespace ${pods.namespace}, ServiceAccount ${pods.serviceAccount}), not at the client given`);
    }
    const server = chooseServer(gateway, this.fqdn, this.request.port);
    const view = (s?: Exclude<typeof server, string>): ExplainedGateway => ({
      gateway: refName(gateway),
      server: s ? s.index : null,
      listener: null,
      port: s ? s.port : null,
      protocol: s ? s.protocol : null,
      hosts: s ? s.hosts : [],
      tlsMode: s ? s.tlsMode : null,
      workloads: pods.names,
      authorizations: this.gatewayAuthorizations(pods),
    });
    if (typeof server === 'string') {
      this.gatewayView = view();
      return this.noRoute(server);
    }
    this.gatewayView = view(server);
    this.port = server.port;
    this.protocol = server.protocol === 'TCP' || server.protocol === 'MONGO' ? 'tcp'
      : server.tlsMode === 'PASSTHROUGH' || server.tlsMode === 'AUTO_PASSTHROUGH' ? 'tls'
        : server.protocol === 'TLS' ? 'tcp' : 'http';
    if (pods.workloads.length === 0) this.notes.push(`no gateway pods of the set carry the selector of Gateway ${refName(gateway)}: no gateway serves it (OSSM301)`);
    for (const a of this.gatewayView.authorizations) {
      if (a.authorization.decision === 'DENY') this.notes.push(`the gateway pods ${a.workload} deny the request from outside: ${a.reason}`);
    }
    if (rec(server.server.tls)?.httpsRedirect === true && this.protocol === 'http' && server.protocol !== 'HTTPS') {
      return this.result({ outcome: 'redirect', reason: `server ${server.index} of Gateway ${refName(gateway)} sets tls.httpsRedirect: the gateway answers 301 to https`, redirect: canonicalJson({ scheme: 'https' }) });
    }
    const vss = gatewayVirtualServices(this.ctx, gateway, this.fqdn, server);
    if (vss.length === 0) {
      return this.noRoute(`no VirtualService bound to Gateway ${refName(gateway)} (and exported to ${gateway.namespace}) routes host ${this.fqdn}: the gateway answers 404`);
    }
    const section: Section = this.protocol;
    if (vss.length > 1) this.notes.push(`VirtualServices ${vss.map(refName).join(', ')} are bound to the Gateway for this host: Istio merges them on a gateway, rules of the oldest first`);
    let first: { vs: ObjectRef; outcome: RuleOutcome } | undefined;
    for (const vs of vss) {
      const input = { ...this.matchInput(), gateway: (written: string) => namesGateway(written, vs.namespace, gateway) };
      const outcome = section === 'http' ? this.evaluateHttp(vs, input) : this.evaluateL4(vs, section, input);
      first ??= { vs, outcome };
      if (outcome.matched) return this.matchedRule(section, outcome, { virtualService: refName(vs), routeType: section, rules: outcome.verdicts });
    }
    return this.result({
      virtualService: refName(first!.vs), routeType: section, rules: first!.outcome.verdicts, outcome: 'no-route',
      reason: `no ${section} rule of the VirtualServices bound to Gateway ${refName(gateway)} matches this request: the gateway answers 404 (no route, response flag NR)`,
    });
  }

  /**
   * A request from outside through a Gateway API Gateway: the listener for the host and port, the HTTPRoutes attached
   * to it for the host (one rule list in Gateway API precedence), then the hop from the gateway pods.
   */
  private explainThroughGatewayApi(gateway: ObjectRef): Explanation {
    const pods = this.pods!;
    if (this.request.fromNamespace !== undefined || this.request.fromServiceAccount !== undefined || Object.keys(this.request.sourceLabels ?? {}).length > 0) {
      this.notes.push(`the request enters through Gateway ${refName(gateway)}: the mesh hop starts at its pods (namespace ${pods.namespace}, ServiceAccount ${pods.serviceAccount}), not at the client given`);
    }
    this.notes.push(...gatewayApiClassNotes(gateway));
    const listener = chooseListener(gateway, this.fqdn, this.request.port);
    const view = (l?: Exclude<typeof listener, string>): ExplainedGateway => ({
      gateway: refName(gateway),
      server: l ? l.index : null,
      listener: l ? l.name : null,
      port: l ? l.port : null,
      protocol: l ? l.protocol : null,
      hosts: l ? [l.hostname ?? '*'] : [],
      tlsMode: l ? l.tlsMode : null,
      workloads: pods.names,
      authorizations: this.gatewayAuthorizations(pods),
    });
    if (typeof listener === 'string') {
      this.gatewayView = view();
      return this.noRoute(listener);
    }
    this.gatewayView = view(listener);
    this.port = listener.port;
    for (const a of this.gatewayView.authorizations) {
      if (a.authorization.decision === 'DENY') this.notes.push(`the gateway pods ${a.workload} deny the request from outside: ${a.reason}`);
    }
    if (!(listener.protocol === 'HTTP' || (listener.protocol === 'HTTPS' && listener.tlsMode === 'Terminate'))) {
      this.protocol = listener.protocol === 'TLS' ? 'tls' : listener.protocol === 'UDP' ? 'udp' : 'tcp';
      return this.noRoute(`listener ${listener.name} of Gateway ${refName(gateway)} is ${listener.protocol}${listener.tlsMode ? ` (TLS ${listener.tlsMode})` : ''}: it takes no HTTPRoute, and explain follows HTTPRoutes only`);
    }
    const routes = gatewayApiRoutes(this.ctx, gateway, listener, this.fqdn);
    if (typeof routes === 'string') return this.noRoute(routes);
    this.notes.push(...routes.notes);
    const vs = routes.asVirtualService;
    const outcome = this.evaluateHttp(vs);
    const base: Parts = { virtualService: `${vs.kind} ${refName(vs)}`, routeType: 'http', rules: outcome.verdicts };
    if (outcome.matched) return this.matchedRule('http', outcome, base);
    return this.result({
      ...base, outcome: 'no-route',
      reason: `no rule of the routes attached to listener ${listener.name} of Gateway ${refName(gateway)} matches this request: the gateway answers 404 (no route, response flag NR)`,
    });
  }

  /** The decision at the gateway pods for a client outside the mesh (no peer identity). */
  private gatewayAuthorizations(pods: GatewayPods): ExplainedWorkloadAuthorization[] {
    const templates = pods.workloads.flatMap((w) => (w.template ? [w.template] : []));
    const request = this.authorizationRequest(this.request.port);
    const caller: AuthorizationCaller = { meshed: false };
    const out = authorizeTemplates(this.evaluator, templates, caller, request, true);
    for (const w of pods.workloads) {
      if (w.template) continue;
      const d = this.evaluator.decide({ namespace: w.namespace, labels: w.labels }, caller, request, true);
      out.push({ workload: `${w.namespace}/${w.labels.app ?? w.labels[GATEWAY_NAME_LABEL] ?? 'gateway'}`, authorization: { decision: d.decision, policy: d.policy, rule: d.rule }, reason: d.reason });
    }
    return out;
  }

  private authorizationRequest(port: number | undefined): AuthorizationRequest {
    return { method: this.line.method, path: splitQuery(this.line.path), port, host: this.line.authority, headers: this.headers };
  }

  /** Who calls the destination: the gateway pods, or the client pod (with a sidecar unless its namespace is outside the mesh). */
  private caller(): AuthorizationCaller {
    if (this.pods) return { namespace: this.pods.namespace, serviceAccount: this.pods.serviceAccount, meshed: true };
    return { namespace: this.fromNamespace, serviceAccount: this.serviceAccount, meshed: this.ctx.membership(this.fromNamespace) !== 'not-member' };
  }

  /** Notes about the client: outside the mesh, Sidecar resources explain does not model. */
  private noteClient(): void {
    if (this.ctx.membership(this.fromNamespace) === 'not-member') {
      this.notes.push(`namespace ${this.fromNamespace} is not a member of the mesh (ServiceMeshMemberRoll): its pods have no sidecar and bypass this routing (kube-proxy sends them to any pod of the Service)`);
    }
    for (const ref of this.ctx.istioConfig) {
      if (ref.kind === 'Sidecar' && ref.group === API_GROUP.ISTIO_NETWORKING && (ref.namespace === this.fromNamespace || this.ctx.controlPlaneNamespaces.has(ref.namespace))) {
        this.notes.push(`Sidecar ${refName(ref)} may limit the hosts the client's sidecar sees; explain does not model Sidecar resources`);
      }
    }
  }

  /** Fixes the port and protocol of the request; a string is the reason there is no route. */
  private choosePort(entry: RegistryEntry | undefined): number | string | null {
    if (!entry) {
      this.port = this.request.port ?? 80;
      return this.port;
    }
    let chosen: RegistryPort | undefined;
    if (this.request.port === undefined) {
      chosen = entry.ports[0];
      if (entry.ports.length > 1) {
        this.notes.push(`${entryName(entry)} has ports ${entry.ports.map((p) => p.number).join(', ')}; explaining port ${chosen.number} (choose with --port)`);
      }
    } else {
      chosen = entry.ports.find((p) => p.number === this.request.port);
    }
    this.port = chosen?.number ?? this.request.port ?? null;
    this.protocol = chosen ? routesOfProtocol(chosen.protocol) : 'http';
    this.target = {
      kind: entry.kind,
      namespace: entry.ref.namespace,
      name: entry.ref.name,
      port: this.port,
      portName: chosen?.name ?? null,
      protocol: chosen ? chosen.protocol || 'unknown (sniffed)' : 'unknown',
    };
    if (!chosen && entry.ports.length > 0) {
      return `${entryName(entry)} has no port ${this.request.port} (its ports: ${entry.ports.map((p) => p.number).join(', ')}): the sidecar has no route for it`;
    }
    if (chosen && chosen.protocol === '') {
      this.notes.push(`port ${chosen.number} of ${entryName(entry)} names no protocol (port name or appProtocol): Istio sniffs it, and an HTTP request takes the http routes`);
    }
    return this.port;
  }

  private applyVirtualService(vs: ObjectRef, entry: RegistryEntry | undefined): Explanation {
    const section: Section = this.protocol === 'udp' ? 'http' : this.protocol;
    const name = vs.kind === 'HTTPRoute' || vs.kind === 'GRPCRoute' ? `${vs.kind} ${refName(vs)}` : refName(vs);
    const outcome = section === 'http' ? this.evaluateHttp(vs) : this.evaluateL4(vs, section);
    const base: Parts = { virtualService: name, routeType: section, rules: outcome.verdicts };
    if (outcome.matched) return this.matchedRule(section, outcome, base);
    if (!outcome.anyApplicable && entry) {
      const why = arr(vs.spec[section]).length === 0
        ? `VirtualService ${name} has no ${section} routes, and port ${this.port} carries ${section.toUpperCase()}`
        : `no ${section} rule of VirtualService ${name} applies to this client (see the rules), so Istio builds no route from it`;
      return this.defaultRoute(entry, why, base);
    }
    if (section !== 'http') {
      return this.result({ ...base, outcome: 'no-route', reason: `no ${section} rule of VirtualService ${name} matches this connection` });
    }
    return this.result({ ...base, outcome: 'no-route', reason: `VirtualService ${name} has no rule that matches this request: Envoy answers 404 (no route, response flag NR)` });
  }

  private matchInput(): MatchInput {
    // the gateway matcher is added per VirtualService (explainThroughGateway)
    return {
      port: this.port,
      fromNamespace: this.fromNamespace,
      sourceLabels: this.sourceLabels,
      ...this.line,
      headers: this.headers,
    };
  }

  private evaluateHttp(vs: ObjectRef, input: MatchInput = this.matchInput()): RuleOutcome {
    const judge = (rule: Json): MatchResult => judgeRule(arr(rule.match), (m) => matchHttp(m, input));
    const verdicts: RuleVerdict[] = [];
    let anyApplicable = false;
    for (const [index, raw] of arr(vs.spec.http).entries()) {
      const rule = rec(raw) ?? {};
      const name = str(rule.name) ?? null;
      const result = judge(rule);
      const delegate = rec(rule.delegate);
      if (!delegate) {
        anyApplicable ||= result.applicable;
        verdicts.push({ index, name, matched: result.matched, reason: result.matched ? null : result.reason ?? null, delegateRules: null });
        if (result.matched) return { verdicts, matched: { rule, index, namespace: vs.namespace }, anyApplicable };
        continue;
      }
      const target = this.delegateOf(vs, delegate);
      if (typeof target === 'string' || !result.matched) {
        anyApplicable ||= result.applicable && typeof target !== 'string';
        verdicts.push({ index, name, matched: false, reason: typeof target === 'string' ? target : result.reason ?? null, delegateRules: null });
        continue;
      }
      const inner: RuleVerdict[] = [];
      for (const [j, innerRaw] of arr(target.spec.http).entries()) {
        const innerRule = rec(innerRaw) ?? {};
        const innerResult = judge(innerRule);
        anyApplicable ||= innerResult.applicable;
        inner.push({ index: j, name: str(innerRule.name) ?? null, matched: innerResult.matched, reason: innerResult.matched ? null : innerResult.reason ?? null, delegateRules: null });
        if (innerResult.matched) {
          verdicts.push({ index, name, matched: true, reason: null, delegateRules: inner });
          return { verdicts, matched: { rule: innerRule, index, namespace: target.namespace, delegate: { vs: target, index: j } }, anyApplicable };
        }
      }
      verdicts.push({ index, name, matched: false, reason: `no rule of the delegate VirtualService ${refName(target)} matches`, delegateRules: inner });
    }
    return { verdicts, anyApplicable };
  }

  /** The delegate VirtualService of a rule, or why it cannot be used. */
  private delegateOf(root: ObjectRef, delegate: Json): ObjectRef | string {
    const name = str(delegate.name) ?? '';
    const namespace = str(delegate.namespace) ?? root.namespace;
    const target = this.ctx.virtualServices.find((v) => v.name === name && v.namespace === namespace);
    if (!target) return `the rule delegates to VirtualService ${namespace}/${name}, which is not in the set`;
    if (!visibleIn(exportToOf(target), target.namespace, root.namespace)) {
      return `the rule delegates to VirtualService ${namespace}/${name}, which is not exported to namespace ${root.namespace}`;
    }
    return target;
  }

  private evaluateL4(vs: ObjectRef, section: 'tcp' | 'tls', input: MatchInput = this.matchInput()): RuleOutcome {
    const verdicts: RuleVerdict[] = [];
    let anyApplicable = false;
    for (const [index, raw] of arr(vs.spec[section]).entries()) {
      const rule = rec(raw) ?? {};
      const result = judgeRule(arr(rule.match), (m) => matchL4(m, input, section === 'tls'));
      anyApplicable ||= result.applicable;
      verdicts.push({ index, name: null, matched: result.matched, reason: result.matched ? null : result.reason ?? null, delegateRules: null });
      if (result.matched) return { verdicts, matched: { rule, index, namespace: vs.namespace }, anyApplicable };
    }
    return { verdicts, anyApplicable };
  }

  private matchedRule(section: Section, outcome: RuleOutcome, base: Parts): Explanation {
    const { rule, index, namespace, delegate } = outcome.matched!;
    const routes = arr(rule.route).map(rec).filter((r): r is Json => r !== undefined);
    const parts: Parts = {
      ...base,
      outcome: 'route',
      matchedRule: index,
      matchedRuleName: outcome.verdicts[outcome.verdicts.length - 1].name,
      delegate: delegate ? { virtualService: refName(delegate.vs), matchedRule: delegate.index } : null,
      destinations: this.weighted(routes, namespace),
    };
    if (section !== 'http') return this.result(parts);
    const redirect = rec(rule.redirect);
    const directResponse = rec(rule.directResponse);
    if (redirect || directResponse) {
      parts.outcome = redirect ? 'redirect' : 'direct-response';
      parts.destinations = [];
    }
    return this.result({
      ...parts,
      mirrors: this.mirrors(rule, namespace),
      fault: this.fault(rec(rule.fault)),
      timeout: str(rule.timeout) ?? null,
      retries: redirect || directResponse ? null : this.retries(rec(rule.retries)),
      headers: canonicalJson(rule.headers),
      rewrite: canonicalJson(rule.rewrite),
      redirect: canonicalJson(redirect),
      directResponse: canonicalJson(directResponse),
      corsPolicy: canonicalJson(rule.corsPolicy),
    });
  }

  /**
   * The destinations of a rule with their share of the requests in percent: a single destination takes all of them
   * (Istio ignores its weight); otherwise Envoy splits in proportion to the weights, so weights that do not add up to
   * 100 are shown as their share. A weight that is no whole number from 0 (which Istio's validation refuses) counts as 0.
   */
  private weighted(routes: readonly Json[], namespace: string): ExplainedDestination[] {
    const single = routes.length === 1;
    const written = routes.map((r, i) => {
      const weight = r.weight === undefined ? 0 : num(r.weight);
      if (weight !== undefined && Number.isInteger(weight) && weight >= 0) return weight;
      if (!single) this.notes.push(`route[${i}] has weight ${formatValue(r.weight)}, which is no whole number from 0 (Istio's validation refuses it): counted as 0`);
      return 0;
    });
    const sum = written.reduce((total, w) => total + w, 0);
    if (!single && sum !== 100) {
      this.notes.push(sum === 0
        ? 'every destination of the rule has weight 0: Envoy rejects the route'
        : `the weights of the rule add up to ${sum}, not 100: Envoy splits the requests in proportion (weight / ${sum})`);
    }
    return routes.map((r, i) => {
      const destination = rec(r.destination) ?? {};
      const host = this.resolve(str(destination.host) ?? '', namespace);
      return this.destination(host, destination, single ? 100 : sum > 0 ? (written[i] * 100) / sum : 0, rec(r.headers));
    });
  }

  private destination(host: string, destination: Json, weight: number, headers: Json | undefined): ExplainedDestination {
    const subset = str(destination.subset) ?? null;
    const { entry } = lookupHost(this.ctx, host, this.fromNamespace);
    const problems: string[] = [];
    if (destination.subset !== undefined && destination.subset !== null && typeof destination.subset !== 'string') {
      problems.push(`subset ${formatValue(destination.subset)} is not a string: Istio's CRD refuses the VirtualService (quote it, e.g. subset: "on")`);
    }
    let port = num(rec(destination.port)?.number) ?? null;
    if (!entry) {
      port ??= this.port;
      problems.push(`${host} is no Service or ServiceEntry that namespace ${this.fromNamespace} sees: Envoy answers 503 (no cluster for it)`);
    } else if (port === null) {
      port = entry.ports.length === 1 ? entry.ports[0].number : this.port;
    } else if (entry.ports.length > 0 && !entry.ports.some((p) => p.number === port)) {
      problems.push(`port ${port} is not a port of ${entryName(entry)}: Envoy answers 503 (no cluster for it)`);
    }
    const dr = appliedDestinationRule(this.drs, host, this.fromNamespace, entry?.ref.namespace, this.sourceLabels);
    for (const skipped of this.drs.unselected(host, this.fromNamespace, this.sourceLabels)) {
      this.notes.push(`DestinationRule ${refName(skipped.ref)} has a workloadSelector that the client's labels do not match: it does not apply`);
    }
    const subsetDef = subset === null ? undefined : dr?.subsets.find((s) => str(s.name) === subset);
    if (subset !== null && !subsetDef) problems.push(this.missingSubset(subset, host, dr));
    const subsetLabels = subsetDef ? stringMap(subsetDef.labels) : null;
    const workloads = entry && (subset === null || subsetDef) ? workloadsOf(this.ctx, entry, subsetLabels ?? {}) : [];
    if (entry && entry.kind === 'Service' && !entry.selector) {
      this.notes.push(`${entryName(entry)} has no selector: its endpoints are not pods of the set, so no workload is listed`);
    } else if (entry?.selector && workloads.length === 0 && (subset === null || subsetDef)) {
      const labels = Object.entries({ ...entry.selector, ...subsetLabels ?? {} }).map(([k, v]) => `${k}=${v}`).join(', ');
      problems.push(`no pod template in namespace ${entry.ref.namespace} carries ${labels}: Envoy answers 503 (no healthy upstream)`);
    }
    const templates = entry?.selector && (subset === null || subsetDef)
      ? this.ctx.templatesMatching(entry.ref.namespace, entry.selector).filter((t) => labelsMatch(subsetLabels ?? {}, t.labels)) : [];
    const authorizations = authorizeTemplates(this.evaluator, templates, this.caller(),
      this.authorizationRequest(entry?.kind === 'Service' ? targetPortOf(this.ctx, entry.ref.namespace, entry.ref.name, port) : port ?? undefined));
    for (const a of authorizations) {
      if (a.authorization.decision === 'DENY') problems.push(`${a.workload} denies the request: ${a.reason}`);
    }
    const policy = dr && effectivePolicy(dr.trafficPolicy, subsetDef && subset !== null ? { name: subset, policy: rec(subsetDef.trafficPolicy) } : undefined, port);
    const outlier = rec(policy?.policy.outlierDetection);
    if (outlier && outlier.consecutiveErrors !== undefined && outlier.consecutive5xxErrors === undefined && outlier.consecutiveGatewayErrors === undefined) {
      problems.push('outlierDetection sets only the deprecated consecutiveErrors, which Istio 1.20 ignores: hosts are ejected after Envoy\'s default of 5 consecutive 5xx');
    }
    return {
      host,
      subset,
      weight,
      port,
      target: entry ? entryName(entry) : null,
      subsetLabels,
      workloads,
      destinationRule: dr ? refName(dr.rules[0]) : null,
      destinationRuleFoundIn: dr?.foundIn ?? null,
      mergedDestinationRules: dr ? dr.rules.slice(1).map(refName) : [],
      trafficPolicy: policy ? {
        connectionPool: canonicalJson(policy.policy.connectionPool),
        loadBalancer: canonicalJson(policy.policy.loadBalancer),
        outlierDetection: canonicalJson(policy.policy.outlierDetection),
        tls: canonicalJson(policy.policy.tls),
        sources: policy.sources,
      } : null,
      headers: canonicalJson(headers),
      problems,
      authorizations,
    };
  }

  private missingSubset(subset: string, host: string, dr: AppliedDestinationRule | undefined): string {
    if (!dr) return `subset ${subset} needs a DestinationRule for ${host} that namespace ${this.fromNamespace} sees, and there is none: Envoy answers 503 (no cluster for it)`;
    const defined = dr.subsets.map((s) => str(s.name)).filter((n): n is string => n !== undefined);
    return `subset ${subset} is not defined by DestinationRule ${dr.rules.map(refName).join(' + ')} (defined: ${defined.join(', ') || 'none'}): Envoy answers 503 (no cluster for it)`;
  }

  private mirrors(rule: Json, namespace: string): ExplainedMirror[] {
    const out: ExplainedMirror[] = [];
    const add = (destination: Json | undefined, percentage: number): void => {
      if (!destination) return;
      const d = this.destination(this.resolve(str(destination.host) ?? '', namespace), destination, 100, undefined);
      out.push({ host: d.host, subset: d.subset, port: d.port, percentage, target: d.target, workloads: d.workloads, problems: d.problems });
    };
    // mirrorPercentage, else the deprecated integer mirrorPercent; unset mirrors every request
    add(rec(rule.mirror), num(rec(rule.mirrorPercentage)?.value) ?? num(rule.mirrorPercent) ?? 100);
    for (const m of arr(rule.mirrors).map(rec)) add(rec(m?.destination), num(rec(m?.percentage)?.value) ?? 100);
    return out;
  }

  private fault(fault: Json | undefined): ExplainedFault | null {
    if (!fault) return null;
    const abort = rec(fault.abort);
    const delay = rec(fault.delay);
    for (const [what, f] of [['abort', abort], ['delay', delay]] as const) {
      if (f && num(rec(f.percentage)?.value) === undefined && (what === 'abort' || num(f.percent) === undefined)) {
        this.notes.push(`fault.${what} sets no percentage: Envoy applies it to no request (set percentage.value)`);
      }
    }
    if (delay && str(delay.fixedDelay) === undefined) this.notes.push('fault.delay has no fixedDelay (exponentialDelay is not supported by Istio): no delay is injected');
    return {
      abort: abort ? {
        httpStatus: num(abort.httpStatus) ?? null,
        grpcStatus: str(abort.grpcStatus) ?? null,
        percentage: num(rec(abort.percentage)?.value) ?? 0,
      } : null,
      delay: delay ? {
        fixedDelay: str(delay.fixedDelay) ?? null,
        percentage: num(rec(delay.percentage)?.value) ?? num(delay.percent) ?? 0,
      } : null,
    };
  }

  private retries(retries: Json | undefined): ExplainedRetries {
    if (!retries) return ISTIO_DEFAULT_RETRIES;
    const attempts = num(retries.attempts) ?? 0;
    return {
      attempts,
      perTryTimeout: str(retries.perTryTimeout) ?? null,
      retryOn: attempts > 0 ? str(retries.retryOn) ?? ISTIO_DEFAULT_RETRIES.retryOn : null,
      istioDefault: false,
    };
  }

  private defaultRoute(entry: RegistryEntry, why: string, base: Parts): Explanation {
    const reason = `${why}: the sidecar sends the ${this.protocol === 'http' ? 'request' : 'connection'} to every endpoint of ${entryName(entry)}, spread by Istio's default load `
      + 'balancer (LEAST_REQUEST) unless its DestinationRule sets one';
    return this.result({
      ...base,
      outcome: 'default-route',
      reason,
      destinations: [this.destination(this.fqdn, {}, 100, undefined)],
      retries: this.protocol === 'http' ? ISTIO_DEFAULT_RETRIES : null,
    });
  }

  private noRoute(reason: string): Explanation {
    return this.result({ outcome: 'no-route', reason });
  }

  private requestView(): ExplainedRequest {
    return {
      host: this.request.host,
      fqdn: this.fqdn,
      fromNamespace: this.fromNamespace,
      port: this.port,
      protocol: this.protocol,
      ...this.line,
      // echoed without credentials: the value of a header named like one (authorization, cookie, …) is ***
      headers: Object.fromEntries(Object.entries(this.headers).map(([k, v]) => [k, isSecretName(k) ? REDACTED : v])),
      sourceLabels: Object.fromEntries(Object.entries(this.sourceLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      fromServiceAccount: this.serviceAccount,
      gateway: typeof this.entryGateway === 'object' ? refName(this.entryGateway) : this.request.gateway ?? null,
    };
  }

  /** The result in the documented field order; parts not given are null or empty. */
  private result(parts: Parts): Explanation {
    const outcome = parts.outcome ?? 'no-route';
    return {
      request: this.requestView(),
      gateway: this.gatewayView,
      routed: outcome !== 'no-route',
      outcome,
      reason: parts.reason ?? null,
      target: this.target,
      virtualService: parts.virtualService ?? null,
      routeType: parts.routeType ?? null,
      matchedRule: parts.matchedRule ?? null,
      matchedRuleName: parts.matchedRuleName ?? null,
      delegate: parts.delegate ?? null,
      rules: parts.rules ?? [],
      destinations: parts.destinations ?? [],
      mirrors: parts.mirrors ?? [],
      fault: parts.fault ?? null,
      timeout: parts.timeout ?? null,
      retries: parts.retries ?? null,
      headers: parts.headers ?? null,
      rewrite: parts.rewrite ?? null,
      redirect: parts.redirect ?? null,
      directResponse: parts.directResponse ?? null,
      corsPolicy: parts.corsPolicy ?? null,
      notes: [...new Set(this.notes)],
    };
  }
}

/** The path without its query string. */
function splitQuery(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}
