// The one renderer of routing intent (lib/traffic/intent) to a VirtualService's `http` and `tcp` rules: every value
// is checked here, with the construct path, the value and what is allowed, before anything is emitted.
import {
  VirtualServiceV1Beta1SpecHttp, VirtualServiceV1Beta1SpecHttpMatch, VirtualServiceV1Beta1SpecHttpRetries,
  VirtualServiceV1Beta1SpecHttpRouteDestination, VirtualServiceV1Beta1SpecTcp, VirtualServiceV1Beta1SpecTcpMatch,
} from '../../../imports/networking.istio.io';
import { plainMapOf, requireSafeMap } from '../../core/safe-map';
import {
  invalidInput, requireArray, requireBoolean, requireDnsLabel, requireInteger, requireNonEmpty, requireObject, requirePort,
  ValidationScope,
} from '../../core/validation';
import { IMeshService, requireMeshService } from '../../workload/mesh-service';
import {
  FaultOptions, HttpMatch, HttpRoute, MirrorPolicy, RetryOn, RetryPolicy, RouteDestination, TcpMatch, TcpRoute,
} from '../intent/routing';
import { StringMatchType } from '../intent/string-match';
import { requireIstioDuration, requirePercent, requireStringMatch } from './values';

/** A version a rendered rule names, checked against the service's versions at synth (versions may be added later). @internal */
export interface VersionReference {
  /** Where in the props, e.g. `http[0].route[1].version`. */
  readonly where: string;
  readonly service: IMeshService;
  readonly version: string;
}

const RETRY_CONDITIONS: readonly string[] = [...new Set<string>(Object.values(RetryOn))]; // FIVE_XX and SERVER_ERROR are one condition
const HTTP_METHOD = /^[A-Z]+$/;
const URI_SCHEME = /^[a-z][a-z0-9+.-]*$/;
const STATUS_CODE = /^[1-5]\d\d$/;

type Destination = { host: string; subset?: string; port?: { number: number } };

/**
 * Renders the routing intent for one routed service. Every destination without a service goes to `service`.
 * Collects the versions it names ({@link RouteRenderer.versionErrors} checks them once every version is known).
 * @internal
 */
export class RouteRenderer {
  private readonly versions: VersionReference[] = [];

  public constructor(private readonly scope: ValidationScope, private readonly service: IMeshService) {}

  /** The versions named by the rules rendered so far. */
  public get versionReferences(): readonly VersionReference[] {
    return this.versions;
  }

  /** Messages for every version named that its service does not have (for a construct's validation). */
  public versionErrors(path: string): string[] {
    return this.versions
      .filter((ref) => !ref.service.versions.includes(ref.version))
      .map((ref) => `${path}: ${ref.where} "${ref.version}" is not valid. Allowed: a version of service `
        + `${ref.service.namespace}/${ref.service.name}: ${ref.service.versions.map((v) => `"${v}"`).join(', ') || 'none'}.`);
  }

  /** HTTP rules, in order; refuses a rule that can never be reached. */
  public http(rules: readonly HttpRoute[], where = 'http'): VirtualServiceV1Beta1SpecHttp[] {
    requireArray(this.scope, where, rules);
    const seen = new Map<string, number>();
    return rules.map((given, i) => {
      const at = `${where}[${i}]`;
      const rule = requireObject(this.scope, at, given);
      const match = this.optionalList(`${at}.match`, rule.match)?.map((m, j) => this.httpMatch(`${at}.match[${j}]`, m));
      this.requireReachable(where, rules.length, i, match, seen);
      return {
        name: rule.name === undefined ? undefined : requireNonEmpty(this.scope, `${at}.name`, rule.name),
        match,
        fault: rule.fault === undefined ? undefined : this.fault(`${at}.fault`, rule.fault),
        route: this.route(`${at}.route`, rule.route),
        timeout: rule.timeout === undefined ? undefined : requireIstioDuration(this.scope, `${at}.timeout`, rule.timeout),
        retries: rule.retries === undefined ? undefined : this.retries(`${at}.retries`, rule.retries),
        ...(rule.mirror === undefined ? {} : this.mirror(`${at}.mirror`, rule.mirror)),
      };
    });
  }

  /** TCP rules, in order; refuses a rule that can never be reached. */
  public tcp(rules: readonly TcpRoute[], where = 'tcp'): VirtualServiceV1Beta1SpecTcp[] {
    requireArray(this.scope, where, rules);
    const seen = new Map<string, number>();
    return rules.map((given, i) => {
      const at = `${where}[${i}]`;
      const rule = requireObject(this.scope, at, given);
      const match = this.optionalList(`${at}.match`, rule.match)?.map((m, j) => this.tcpMatch(`${at}.match[${j}]`, m));
      this.requireReachable(where, rules.length, i, match, seen);
      return { match, route: this.route(`${at}.route`, rule.route) };
    });
  }

  /** A destination of a route or mirror: the service (checked), its FQDN, subset and port. */
  private destination(at: string, given: Pick<RouteDestination, 'service' | 'version' | 'port'>): Destination {
    const service = given.service === undefined ? this.service : requireMeshService(this.scope, `${at}.service`, given.service);
    const out: { host: string; subset?: string; port?: { number: number } } = { host: service.fqdn };
    if (given.version !== undefined) {
      out.subset = requireDnsLabel(this.scope, `${at}.version`, given.version);
      this.versions.push({ where: `${at}.version`, service, version: given.version });
    }
    if (given.port !== undefined) out.port = { number: requirePort(this.scope, `${at}.port`, given.port) };
    return out;
  }

  private route(at: string, given: readonly RouteDestination[]): Array<{ destination: Destination; weight?: number }> {
    const route = requireArray(this.scope, at, given);
    if (route.length === 0) throw invalidInput(this.scope, at, route, 'Allowed: at least one destination.');
    const rendered = route.map((d, i) => {
      requireObject(this.scope, `${at}[${i}]`, d);
      const weight = d.weight === undefined ? undefined : requireInteger(this.scope, `${at}[${i}].weight`, d.weight, 0, 100);
      return { destination: this.destination(`${at}[${i}]`, d), weight };
    });
    const describe = () => rendered.map((d, i) => `${route[i].version ?? d.destination.host}=${d.weight}`).join(', ');
    if (rendered.length > 1 && rendered.some((d) => d.weight === undefined)) {
      throw invalidInput(this.scope, `${at} weights`, describe(), 'Allowed: a weight on every destination when a route has more than one.');
    }
    const sum = rendered.reduce((total, d) => total + (d.weight ?? 0), 0);
    if (rendered.some((d) => d.weight !== undefined) && sum !== 100) {
      throw invalidInput(this.scope, `${at} weights`, describe(), `Allowed: whole numbers from 0 to 100 that add up to 100 (these add up to ${sum}).`);
    }
    const keys = rendered.map((d) => JSON.stringify(d.destination));
    const twice = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (twice !== -1) {
      throw invalidInput(this.scope, `${at}[${twice}]`, route[twice], `Allowed: each destination at most once per route (${at}[${keys.indexOf(keys[twice])}] is the same).`);
    }
    return rendered.map((d) => (d.weight === undefined ? { destination: d.destination } : d));
  }

  private httpMatch(at: string, given: HttpMatch): VirtualServiceV1Beta1SpecHttpMatch {
    const m = requireObject(this.scope, at, given);
    const stringMap = (what: 'headers' | 'withoutHeaders' | 'queryParams', kind: 'headers' | 'queryParams', types?: StringMatchType[]) => {
      if (m[what] === undefined) return undefined;
      const checked = requireSafeMap(this.scope, `${at}.${what}`, m[what], kind);
      if (Object.keys(checked).length === 0) throw invalidInput(this.scope, `${at}.${what}`, m[what], `Allowed: at least one entry; leave ${what} out to match any.`);
      return plainMapOf(Object.entries(checked).map(([name, match]) => [name, requireStringMatch(this.scope, `${at}.${what}.${name}`, match, { types })] as const));
    };
    if (m.ignoreUriCase !== undefined && m.uri === undefined) {
      throw invalidInput(this.scope, `${at}.ignoreUriCase`, m.ignoreUriCase, 'Allowed: only together with uri.');
    }
    const out: VirtualServiceV1Beta1SpecHttpMatch = {
      headers: stringMap('headers', 'headers'),
      withoutHeaders: stringMap('withoutHeaders', 'headers'),
      uri: m.uri === undefined ? undefined : requireStringMatch(this.scope, `${at}.uri`, m.uri, { path: true }),
      ignoreUriCase: requireBoolean(this.scope, `${at}.ignoreUriCase`, m.ignoreUriCase),
      method: m.method === undefined ? undefined : this.patterned(`${at}.method`, m.method, HTTP_METHOD, 'an HTTP method in upper case, e.g. "GET" (methods are case-sensitive)'),
      authority: m.authority === undefined ? undefined : requireStringMatch(this.scope, `${at}.authority`, m.authority),
      scheme: m.scheme === undefined ? undefined : this.patterned(`${at}.scheme`, m.scheme, URI_SCHEME, 'a URI scheme in lower case, e.g. "https"'),
      queryParams: stringMap('queryParams', 'queryParams', [StringMatchType.EXACT, StringMatchType.REGEX]),
      ...this.sourceAndPort(at, m),
    };
    if (Object.values(out).every((v) => v === undefined)) {
      throw invalidInput(this.scope, at, given, 'Allowed: at least one condition; leave match out for a rule that takes every request.');
    }
    return out;
  }

  private tcpMatch(at: string, given: TcpMatch): VirtualServiceV1Beta1SpecTcpMatch {
    const m = requireObject(this.scope, at, given);
    const out = this.sourceAndPort(at, m);
    if (Object.values(out).every((v) => v === undefined)) {
      throw invalidInput(this.scope, at, given, 'Allowed: at least one of port, sourceLabels and sourceNamespace; leave match out for a rule that takes every connection.');
    }
    return out;
  }

  private sourceAndPort(at: string, m: TcpMatch): { port?: number; sourceLabels?: Record<string, string>; sourceNamespace?: string } {
    const labels = m.sourceLabels === undefined ? undefined : requireSafeMap(this.scope, `${at}.sourceLabels`, m.sourceLabels, 'labels');
    if (labels !== undefined && Object.keys(labels).length === 0) {
      throw invalidInput(this.scope, `${at}.sourceLabels`, m.sourceLabels, 'Allowed: at least one label; leave sourceLabels out to match any caller.');
    }
    return {
      port: m.port === undefined ? undefined : requirePort(this.scope, `${at}.port`, m.port),
      sourceLabels: labels === undefined ? undefined : plainMapOf(labels),
      sourceNamespace: m.sourceNamespace === undefined ? undefined : requireDnsLabel(this.scope, `${at}.sourceNamespace`, m.sourceNamespace),
    };
  }

  /** A string match whose exact value must have a form (methods, schemes); prefix and regex are checked as usual. */
  private patterned(at: string, match: HttpMatch['method'], form: RegExp, allowed: string): { exact?: string; prefix?: string; regex?: string } {
    const istio = requireStringMatch(this.scope, at, match!);
    if (istio.exact !== undefined && !form.test(istio.exact)) throw invalidInput(this.scope, at, istio.exact, `Allowed: ${allowed}.`);
    return istio;
  }

  private fault(at: string, given: FaultOptions): VirtualServiceV1Beta1SpecHttp['fault'] {
    const { abort, delay } = requireObject(this.scope, at, given);
    if (!abort && !delay) throw invalidInput(this.scope, at, given, 'Allowed: an abort, a delay, or both.');
    if (abort) requireObject(this.scope, `${at}.abort`, abort);
    if (delay) requireObject(this.scope, `${at}.delay`, delay);
    return {
      abort: abort && {
        httpStatus: requireInteger(this.scope, `${at}.abort.httpStatus`, abort.httpStatus, 200, 599),
        percentage: requirePercent(this.scope, `${at}.abort.percentage`, abort.percentage),
      },
      delay: delay && {
        fixedDelay: requireIstioDuration(this.scope, `${at}.delay.fixedDelay`, delay.fixedDelay),
        percentage: requirePercent(this.scope, `${at}.delay.percentage`, delay.percentage),
      },
    };
  }

  private retries(at: string, given: RetryPolicy): VirtualServiceV1Beta1SpecHttpRetries {
    const retries = requireObject(this.scope, at, given);
    const retryOn = retries.retryOn === undefined ? undefined : requireArray(this.scope, `${at}.retryOn`, retries.retryOn).map((c, i) => {
      if (typeof c !== 'string' || !(RETRY_CONDITIONS.includes(c) || STATUS_CODE.test(c))) {
        throw invalidInput(this.scope, `${at}.retryOn[${i}]`, c, `Allowed: ${RETRY_CONDITIONS.map((r) => `"${r}"`).join(', ')} or an HTTP status code such as "503".`);
      }
      if (retries.retryOn!.indexOf(c) !== i) throw invalidInput(this.scope, `${at}.retryOn[${i}]`, c, 'Allowed: each condition once.');
      return c;
    });
    if (retryOn !== undefined && retryOn.length === 0) {
      throw invalidInput(this.scope, `${at}.retryOn`, retryOn, 'Allowed: at least one condition; leave retryOn out for Istio\'s default.');
    }
    return {
      attempts: requireInteger(this.scope, `${at}.attempts`, retries.attempts, 0, 2 ** 31 - 1),
      perTryTimeout: retries.perTryTimeout === undefined ? undefined : requireIstioDuration(this.scope, `${at}.perTryTimeout`, retries.perTryTimeout),
      retryOn: retryOn?.join(','),
    };
  }

  private mirror(at: string, given: MirrorPolicy): Pick<VirtualServiceV1Beta1SpecHttp, 'mirror' | 'mirrorPercentage'> {
    const mirror = requireObject(this.scope, at, given);
    return {
      mirror: this.destination(at, mirror) as VirtualServiceV1Beta1SpecHttpRouteDestination,
      mirrorPercentage: mirror.percentage === undefined ? undefined : requirePercent(this.scope, `${at}.percentage`, mirror.percentage),
    };
  }

  /** A list that may be left out but, when given, has at least one entry. */
  private optionalList<T>(at: string, list: readonly T[] | undefined): readonly T[] | undefined {
    if (list === undefined) return undefined;
    requireArray(this.scope, at, list);
    if (list.length === 0) throw invalidInput(this.scope, at, list, 'Allowed: at least one entry; leave it out to take every request.');
    return list;
  }

  /**
   * Refuses a rule that is never reached: one after a rule without match, or one whose match entries earlier rules
   * all have already. `seen` maps each match entry seen so far to its rule.
   */
  private requireReachable(where: string, count: number, index: number, match: readonly object[] | undefined, seen: Map<string, number>): void {
    if (match === undefined) {
      if (index < count - 1) {
        throw invalidInput(this.scope, `${where}[${index}].match`, undefined,
          `Allowed: a match, since a rule without one takes every request and the rules after it (${where}[${index + 1}] on) would never be reached; put this rule last.`);
      }
      return;
    }
    const keys = match.map((m) => canonical(m));
    const earlier = keys.map((k) => seen.get(k));
    if (earlier.every((e) => e !== undefined)) {
      const rules = [...new Set(earlier)].map((e) => `${where}[${e}]`);
      throw invalidInput(this.scope, `${where}[${index}].match`, match,
        `Allowed: a match not used before; ${rules.join(' and ')} already take${rules.length > 1 ? '' : 's'} these requests, so this rule is never reached.`);
    }
    keys.forEach((k) => { if (!seen.has(k)) seen.set(k, index); });
  }
}

/** JSON with sorted keys and without undefined values: equal for equal matches. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}
