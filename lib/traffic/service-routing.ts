import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { RE2JS } from 're2js';
import {
  DestinationRuleV1Beta1SpecTrafficPolicy, VirtualServiceV1Beta1SpecHttp,
} from '../../imports/networking.istio.io';
import { DEFAULT_MESH_CONTROL_PLANE, IMeshControlPlane } from '../core/mesh-control-plane';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import {
  invalidInput, requireArray, requireDnsLabel, requireInteger, requireNumber, requireObject, requireOneOf, rethrowAsInvalidInput,
} from '../core/validation';
import { newDestinationRule, newVirtualService } from '../istio/istio-objects';
import { IMeshService, requireMeshService } from '../workload/mesh-service';
import { HeaderMatch } from './header-match';
import { KialiWizard, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './kiali';

/** A share of the traffic for one version of the service. */
export interface VersionWeight {
  /** The `version` label of the destination subset. */
  readonly version: string;
  /** Percent of the requests, a whole number from 0 to 100; the weights of one route add up to 100. */
  readonly weight: number;
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
  /** @default - no abort */
  readonly abort?: AbortFault;
  /** @default - no delay */
  readonly delay?: DelayFault;
}

/** One HTTP rule of the VirtualService, in the order rules are tried. */
export interface HttpRouteRule {
  /**
   * Request headers that must all match (header names in lower case). A rule without headers matches every
   * request, so later rules are never reached.
   * @default - matches every request
   */
  readonly headers?: Record<string, HeaderMatch>;
  /** Where matching requests go. */
  readonly route: VersionWeight[];
  /** @default - no fault */
  readonly fault?: FaultOptions;
}

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

/** Props of {@link ServiceRouting}. */
export interface ServiceRoutingProps {
  /** The service whose host is routed. */
  readonly service: IMeshService;
  /** The Kiali wizard this routing corresponds to (its `kiali_wizard` label). */
  readonly wizard: KialiWizard;
  /** HTTP rules, tried in order. At least one. */
  readonly rules: HttpRouteRule[];
  /** @default - no connection pool limits */
  readonly connectionPool?: ConnectionPoolOptions;
  /** @default - no outlier detection */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * The control plane the routing is for; it decides the Istio API version (`v1beta1` on OSSM 2.6, `v1` on OSSM 3).
   * @default DEFAULT_MESH_CONTROL_PLANE (the workshop's OSSM 2.6)
   */
  readonly controlPlane?: IMeshControlPlane;
}

const routingByHost = new WeakMap<IConstruct, Map<string, ServiceRouting[]>>();

/**
 * One VirtualService and one DestinationRule for one service host, in the shape Kiali's wizards write: both
 * named like the service, in its namespace, the host as FQDN, one subset per version (by the `version` label), in
 * the Istio API version of the control plane (`v1beta1` on OSSM 2.6, whose Istio 1.20 serves no `v1`; `v1` on OSSM 3).
 * The traffic charts are presets of this construct.
 *
 * Only one VirtualService per host takes effect in Istio, so two of these for the same host in one app are
 * refused at synth.
 */
export class ServiceRouting extends Construct {
  /** The service routed. */
  public readonly service: IMeshService;
  /** The VirtualService (`networking.istio.io/v1beta1` or `v1`, as the control plane serves). */
  public readonly virtualService: ApiObject;
  /** The DestinationRule (`networking.istio.io/v1beta1` or `v1`, as the control plane serves). */
  public readonly destinationRule: ApiObject;
  private readonly rules: HttpRouteRule[];

  public constructor(scope: Construct, id: string, props: ServiceRoutingProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    this.service = requireMeshService(this, 'service', props.service);
    const wizard = requireOneOf(this, 'wizard', props.wizard, Object.values(KialiWizard));
    this.rules = [...requireArray(this, 'rules', props.rules)];
    if (this.rules.length === 0) throw invalidInput(this, 'rules', this.rules, 'Allowed: at least one rule.');
    this.rules = this.rules.map((rule, i) => this.checkRule(rule, i));
    const trafficPolicy = this.trafficPolicy(props.connectionPool, props.outlierDetection);

    const metadata = {
      name: this.service.name,
      namespace: this.service.namespace,
      labels: { kiali_wizard: wizard, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
    };
    const apiVersion = (props.controlPlane ?? DEFAULT_MESH_CONTROL_PLANE).istioApiVersion;
    this.virtualService = newVirtualService(this, 'VirtualService', apiVersion, {
      metadata,
      spec: { hosts: [this.service.fqdn], http: this.rules.map((rule) => this.toHttp(rule)) },
    });
    this.destinationRule = newDestinationRule(this, 'DestinationRule', apiVersion, {
      metadata,
      spec: {
        host: this.service.fqdn,
        // lazy, so versions added to the service after this construct still get their subset
        subsets: Lazy.any({ produce: () => this.service.versions.map((v) => ({ name: v, labels: { version: v } })) }),
        trafficPolicy,
      },
    });

    const root = this.node.root;
    const hosts = routingByHost.get(root) ?? new Map<string, ServiceRouting[]>();
    routingByHost.set(root, hosts);
    hosts.set(this.service.fqdn, [...(hosts.get(this.service.fqdn) ?? []), this]);
    this.node.addValidation({ validate: () => [...this.checkVersions(), ...this.checkSingleRoutingPerHost(hosts)] });
  }

  /** Checks one rule and returns it with its headers copied into a map without prototype. */
  private checkRule(given: HttpRouteRule, index: number): HttpRouteRule {
    const where = `rules[${index}]`;
    const rule = requireObject(this, where, given);
    const route = requireArray(this, `${where}.route`, rule.route);
    if (route.length === 0) throw invalidInput(this, `${where}.route`, route, 'Allowed: at least one version.');
    route.forEach((d, i) => {
      requireObject(this, `${where}.route[${i}]`, d);
      requireDnsLabel(this, `${where}.route[${i}].version`, d.version);
      requireInteger(this, `${where} weight of ${d.version}`, d.weight, 0, 100);
    });
    const sum = route.reduce((total, d) => total + d.weight, 0);
    if (sum !== 100) {
      throw invalidInput(this, `${where} weights`, route.map((d) => `${d.version}=${d.weight}`).join(', '),
        `Allowed: whole numbers from 0 to 100 that add up to 100 (these add up to ${sum}).`);
    }
    const versions = route.map((d) => d.version);
    if (new Set(versions).size !== versions.length) {
      throw invalidInput(this, `${where}.route versions`, versions, 'Allowed: each version at most once per route.');
    }
    const headers = rule.headers === undefined ? undefined : requireSafeMap(this, `${where} headers`, rule.headers, 'headers');
    if (headers !== undefined && Object.keys(headers).length === 0) {
      throw invalidInput(this, `${where} headers`, rule.headers, 'Allowed: at least one header; leave headers out for a rule that matches every request.');
    }
    for (const [name, match] of Object.entries(headers ?? {})) {
      if (!(match instanceof HeaderMatch)) {
        throw invalidInput(this, `${where} match of header "${name}"`, match, 'Allowed: HeaderMatch.exact(), .prefix() or .regex().');
      }
      if (typeof match.value !== 'string' || match.value.length === 0 || /[\0\r\n]/.test(match.value)) {
        throw invalidInput(this, `${where} value of header "${name}"`, match.value, 'Allowed: a non-empty value without line breaks or NUL.');
      }
      if (match.type === 'regex') {
        try { RE2JS.compile(match.value); } catch (e) {
          throw invalidInput(this, `${where} regex of header "${name}"`, match.value,
            `Allowed: an RE2 regular expression, the syntax Envoy uses (${(e as Error).message}).`);
        }
      }
    }
    const checked: HttpRouteRule = { headers, route: [...route], fault: rule.fault };
    const key = headersKey(checked);
    const twin = this.rules.findIndex((other, i) => i < index && other.headers !== undefined && headersKey(other) === key);
    if (twin !== -1 && headers !== undefined) {
      throw invalidInput(this, `${where} headers`, describeHeaders(checked),
        `Allowed: a match not used before; rules[${twin}] has the same one, so this rule is never reached.`);
    }
    if (rule.fault !== undefined) {
      const { abort, delay } = requireObject(this, `${where}.fault`, rule.fault);
      if (!abort && !delay) throw invalidInput(this, `${where}.fault`, rule.fault, 'Allowed: an abort, a delay, or both.');
      if (abort) {
        requireObject(this, `${where} abort`, abort);
        requireNumber(this, `${where} abort percentage`, abort.percentage, 0, 100);
        requireInteger(this, `${where} abort httpStatus`, abort.httpStatus, 200, 599);
      }
      if (delay) {
        requireObject(this, `${where} delay`, delay);
        requireNumber(this, `${where} delay percentage`, delay.percentage, 0, 100);
        this.istioDuration(`${where} delay fixedDelay`, delay.fixedDelay);
      }
    }
    return checked;
  }

  /** A Duration in Istio's form; refused unless whole milliseconds from 1 ms to {@link MAX_ISTIO_DURATION_MS}. */
  private istioDuration(what: string, value: Duration): string {
    const allowed = `Allowed: a Duration of whole milliseconds from 1 ms to ${MAX_ISTIO_DURATION_MS} ms, e.g. Duration.seconds(5).`;
    if (!(value instanceof Duration)) throw invalidInput(this, what, value, allowed);
    const ms = rethrowAsInvalidInput(this, what, value, allowed, () => value.toMilliseconds());
    if (!Number.isSafeInteger(ms) || ms < 1 || ms > MAX_ISTIO_DURATION_MS) throw invalidInput(this, what, value, allowed);
    return istioDuration(value);
  }

  private trafficPolicy(pool?: ConnectionPoolOptions, outlier?: OutlierDetectionOptions): DestinationRuleV1Beta1SpecTrafficPolicy | undefined {
    const atLeastOne = (what: string, value: number | undefined) =>
      (value === undefined ? undefined : requireInteger(this, what, value, 1, 2 ** 31 - 1));
    const positive = (what: string, value: Duration | undefined) => (value === undefined ? undefined : this.istioDuration(what, value));
    if (!pool && !outlier) return undefined;
    if (pool !== undefined) requireObject(this, 'connectionPool', pool);
    if (outlier !== undefined) requireObject(this, 'outlierDetection', outlier);
    return {
      connectionPool: pool && {
        tcp: pool.maxConnections === undefined ? undefined : { maxConnections: atLeastOne('connectionPool.maxConnections', pool.maxConnections) },
        http: pool.http1MaxPendingRequests === undefined && pool.maxRequestsPerConnection === undefined ? undefined : {
          http1MaxPendingRequests: atLeastOne('connectionPool.http1MaxPendingRequests', pool.http1MaxPendingRequests),
          maxRequestsPerConnection: atLeastOne('connectionPool.maxRequestsPerConnection', pool.maxRequestsPerConnection),
        },
      },
      outlierDetection: outlier && {
        consecutive5XxErrors: atLeastOne('outlierDetection.consecutive5xxErrors', outlier.consecutive5xxErrors),
        consecutiveGatewayErrors: atLeastOne('outlierDetection.consecutiveGatewayErrors', outlier.consecutiveGatewayErrors),
        interval: positive('outlierDetection.interval', outlier.interval),
        baseEjectionTime: positive('outlierDetection.baseEjectionTime', outlier.baseEjectionTime),
        maxEjectionPercent: outlier.maxEjectionPercent === undefined ? undefined
          : requireInteger(this, 'outlierDetection.maxEjectionPercent', outlier.maxEjectionPercent, 1, 100),
      },
    };
  }

  private toHttp(rule: HttpRouteRule): VirtualServiceV1Beta1SpecHttp {
    const headers = Object.entries(rule.headers ?? {});
    const { abort, delay } = rule.fault ?? {};
    return {
      match: headers.length ? [{ headers: plainMapOf(headers.map(([name, m]) => [name, m.toIstio()])) }] : undefined,
      fault: rule.fault && {
        abort: abort && { httpStatus: abort.httpStatus, percentage: { value: abort.percentage } },
        delay: delay && { fixedDelay: istioDuration(delay.fixedDelay), percentage: { value: delay.percentage } },
      },
      route: rule.route.map((d) => ({ destination: { host: this.service.fqdn, subset: d.version }, weight: d.weight })),
    };
  }

  private checkVersions(): string[] {
    const known = this.service.versions;
    return this.rules.flatMap((rule, i) => rule.route
      .filter((d) => !known.includes(d.version))
      .map((d) => `${this.node.path}: rules[${i}] version "${d.version}" is not valid. Allowed: a version of service `
        + `${this.service.namespace}/${this.service.name}: ${known.map((v) => `"${v}"`).join(', ') || 'none'}.`));
  }

  private checkSingleRoutingPerHost(hosts: Map<string, ServiceRouting[]>): string[] {
    const all = hosts.get(this.service.fqdn) ?? [];
    if (all.length < 2 || all[0] !== this) return [];
    return [`${this.node.path}: host "${this.service.fqdn}" is routed ${all.length} times in one app (`
      + `${all.map((r) => r.node.path).join(', ')}). Allowed: one routing chart per host — Istio uses only one `
      + 'VirtualService per host. Put alternative steps in separate apps, or combine the rules in one chart.'];
  }
}

/** Istio's duration form: whole seconds as `10s`, otherwise milliseconds as `1500ms`. @internal */
export function istioDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function headersKey(rule: HttpRouteRule): string {
  return JSON.stringify(Object.entries(rule.headers ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([n, m]) => [n, m.key]));
}

function describeHeaders(rule: HttpRouteRule): string {
  return Object.entries(rule.headers ?? {}).map(([n, m]) => `${n} ${m.type} ${m.value}`).join(', ');
}
