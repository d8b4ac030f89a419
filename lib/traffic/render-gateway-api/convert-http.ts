// The one translation of Istio HTTP routing (a VirtualService's `http` rules, as lib/traffic/render writes them or as
// any YAML holds them) to Gateway API v1.2.1 standard-channel HTTPRoute rules. The renderer of routing intent refuses
// what it reports as not convertible (a ValidationError naming the intent field, which has the same path); `migrate
// --to gateway-api` prints the report. Nothing here throws on odd input: every field is read defensively.

import { gatewayApiDuration, istioDurationMs } from './durations';

/** What became of one field of the Istio input. */
export enum ConversionOutcome {
  /** Written in Gateway API form, with the same meaning. */
  CONVERTED = 'converted',
  /** Left where Istio still applies it (a DestinationRule's traffic policy). */
  KEPT = 'kept',
  /** Gateway API v1.2.1 (standard channel) cannot express it: not written. */
  NOT_CONVERTIBLE = 'not convertible',
}

/** One line of the conversion report. */
export interface ConversionNote {
  /** The field of the input, e.g. `http[0].fault`. */
  readonly field: string;
  /** What became of it. */
  readonly outcome: ConversionOutcome;
  /** How it was written, or why it could not be. */
  readonly detail: string;
}

/** A Service of the cluster, by name and namespace. @internal */
export interface ServiceName {
  readonly name: string;
  readonly namespace: string;
}

/** A per-version Service a converted route sends to: `<service>-<version>`, selecting `app: <service>, version`. @internal */
export interface VersionService {
  /** `<service>-<version>`. */
  readonly name: string;
  readonly namespace: string;
  /** The Service whose version it selects. */
  readonly service: string;
  readonly version: string;
  readonly port: number;
}

/** What the conversion needs to know about the cluster. @internal */
export interface HttpConversionContext {
  /** Namespace of the HTTPRoute (the VirtualService's). */
  readonly namespace: string;
  /** The Service a host names (short, `name.namespace`, or FQDN), or undefined when it names none. */
  readonly resolveHost: (host: string) => ServiceName | undefined;
  /** The port of a Service, for destinations without one (Gateway API needs a port on every Service backend). */
  readonly portOf: (service: ServiceName) => number | undefined;
}

/** Gateway API HTTPRoute JSON (the parts this conversion writes). @internal */
export interface GatewayApiBackendRef {
  readonly group: '';
  readonly kind: 'Service';
  readonly name: string;
  readonly namespace?: string;
  readonly port: number;
  readonly weight?: number;
}
/** @internal */
export interface GatewayApiStringMatch { readonly type: 'Exact' | 'RegularExpression'; readonly name: string; readonly value: string }
/** @internal */
export interface GatewayApiHttpMatch {
  readonly path: { readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression'; readonly value: string };
  readonly headers?: GatewayApiStringMatch[];
  readonly queryParams?: GatewayApiStringMatch[];
  readonly method?: string;
}
/** @internal */
export interface GatewayApiHttpRule {
  readonly matches: GatewayApiHttpMatch[];
  readonly backendRefs: GatewayApiBackendRef[];
  readonly filters?: Array<Record<string, unknown>>;
  readonly timeouts?: { readonly request: string };
}

/** The result of converting the `http` rules of one VirtualService. @internal */
export interface ConvertedHttpRules {
  /** The rules written, in the input's order (rules with a match that cannot be converted are left out). */
  readonly rules: GatewayApiHttpRule[];
  /** The per-version Services the rules send to, each once. */
  readonly versionServices: VersionService[];
  /** Every field: converted, kept or not convertible. */
  readonly notes: ConversionNote[];
}

/** Gateway API's HTTP methods (HTTPRouteMatch.method is an enum). */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** Rule fields of an Istio HTTPRoute that Gateway API v1.2.1 standard has no counterpart for, with the reason. */
const RULE_FIELDS_NOT_CONVERTIBLE: Readonly<Record<string, string>> = {
  fault: 'Gateway API has no fault injection; keep the step on VirtualServices (sidecar mode) or test faults another way',
  retries: 'HTTPRoute retries are not in the v1.2.1 standard channel (Istio\'s default retries still apply)',
  redirect: 'not converted by this version (RequestRedirect needs a review of its path semantics)',
  rewrite: 'not converted by this version (URLRewrite\'s ReplacePrefixMatch works on path segments, Istio\'s prefix rewrite on characters)',
  directResponse: 'Gateway API has no direct response',
  delegate: 'Gateway API has no delegation of VirtualServices',
  corsPolicy: 'CORS is not in the v1.2.1 standard channel',
  mirrors: 'more than one mirror is not converted by this version',
};

/** Match fields of an Istio HTTPMatchRequest that Gateway API v1.2.1 standard has no counterpart for. */
const MATCH_FIELDS_NOT_CONVERTIBLE: Readonly<Record<string, string>> = {
  withoutHeaders: 'HTTPRoute has no negative header match',
  ignoreUriCase: 'HTTPRoute path matches are case-sensitive',
  authority: 'an HTTPRoute of a Service has no authority match (hostnames apply to Gateways only)',
  scheme: 'HTTPRoute has no scheme match',
  port: 'not converted by this version (a parentRef port would express it)',
  sourceLabels: 'HTTPRoute has no match on the calling workload (use an AuthorizationPolicy, or a route per caller namespace)',
  sourceNamespace: 'HTTPRoute has no match on the calling namespace',
  gateways: 'per-match gateways are not expressed by an HTTPRoute',
  statPrefix: 'Gateway API has no stat prefix',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** RE2 escape of a literal. @internal */
export const escapeRe2 = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/**
 * Converts the `http` rules of one VirtualService (plain JSON) into HTTPRoute rules. `where` prefixes the field
 * names of the report (`http` by default). @internal
 */
export function convertHttpRules(http: unknown, ctx: HttpConversionContext, where = 'http'): ConvertedHttpRules {
  const notes: ConversionNote[] = [];
  const versionServices = new Map<string, VersionService>();
  const note = (field: string, outcome: ConversionOutcome, detail: string) => notes.push({ field, outcome, detail });
  const rules: Array<{ index: number; rule: GatewayApiHttpRule }> = [];

  const backend = (at: string, destination: unknown, weight: number | undefined): GatewayApiBackendRef | undefined => {
    if (!isObject(destination) || typeof destination.host !== 'string') {
      note(at, ConversionOutcome.NOT_CONVERTIBLE, 'a destination without a host');
      return undefined;
    }
    const service = ctx.resolveHost(destination.host);
    if (!service) {
      note(`${at}.host`, ConversionOutcome.NOT_CONVERTIBLE, `"${destination.host}" is not a Service of the cluster (HTTPRoute backends are Services)`);
      return undefined;
    }
    if (service.namespace !== ctx.namespace) {
      note(`${at}.host`, ConversionOutcome.NOT_CONVERTIBLE,
        `"${destination.host}" is in namespace ${service.namespace}: a backend in another namespace needs a ReferenceGrant there, which this version does not write`);
      return undefined;
    }
    const givenPort = isObject(destination.port) && typeof destination.port.number === 'number' ? destination.port.number : undefined;
    const port = givenPort ?? ctx.portOf(service);
    if (port === undefined) {
      note(`${at}.port`, ConversionOutcome.NOT_CONVERTIBLE,
        `the port of Service ${service.namespace}/${service.name} is unknown (Gateway API needs one on every Service backend): give the destination a port, or the Service among the inputs`);
      return undefined;
    }
    let name = service.name;
    if (destination.subset !== undefined) {
      const subset = String(destination.subset);
      name = `${service.name}-${subset}`;
      if (name.length > 63) {
        note(`${at}.subset`, ConversionOutcome.NOT_CONVERTIBLE, `the per-version Service "${name}" would be longer than 63 characters`);
        return undefined;
      }
      versionServices.set(`${service.namespace}/${name}/${port}`, { name, namespace: service.namespace, service: service.name, version: subset, port });
      note(`${at}.subset`, ConversionOutcome.CONVERTED, `to the per-version Service ${name}`);
    }
    return { group: '', kind: 'Service', name, port, weight };
  };

  list(http).forEach((given, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(given)) {
      note(at, ConversionOutcome.NOT_CONVERTIBLE, 'not an object');
      return;
    }
    // matches: a rule with a condition Gateway API cannot express is left out entirely (written without it, it
    // would take requests it must not)
    const matches = given.match === undefined ? [{ path: { type: 'PathPrefix' as const, value: '/' } }] : convertMatches(`${at}.match`, given.match, note);
    if (matches === undefined) {
      note(at, ConversionOutcome.NOT_CONVERTIBLE, 'rule left out: one of its matches cannot be expressed');
      return;
    }
    for (const [field, why] of Object.entries(RULE_FIELDS_NOT_CONVERTIBLE)) {
      if (given[field] !== undefined) note(`${at}.${field}`, ConversionOutcome.NOT_CONVERTIBLE, why);
    }
    const route = list(given.route);
    const weighted = route.length > 1;
    const backendRefs = route.map((d, j) => {
      const dest = isObject(d) ? d : {};
      const weight = typeof dest.weight === 'number' ? dest.weight : (weighted ? 0 : 1);
      if (!Number.isInteger(weight) || weight < 0 || weight > 1_000_000) {
        // Istio normalizes or refuses such a weight; a backendRef weight is an integer from 0 to 1,000,000
        note(`${at}.route[${j}].weight`, ConversionOutcome.NOT_CONVERTIBLE, `${weight} is no weight Gateway API accepts (an integer from 0 to 1000000)`);
        return undefined;
      }
      return backend(`${at}.route[${j}].destination`, dest.destination, weight);
    });
    if (route.length === 0 || backendRefs.some((b) => b === undefined)) {
      note(at, ConversionOutcome.NOT_CONVERTIBLE, 'rule left out: it has no destination, or one that cannot be expressed');
      return;
    }
    if (weighted) note(`${at}.route`, ConversionOutcome.CONVERTED, `to ${route.length} weighted backendRefs`);
    const filters: Array<Record<string, unknown>> = [];
    const headerModifier = (which: 'request' | 'response') => {
      const ops = isObject(given.headers) ? given.headers[which] : undefined;
      if (ops === undefined) return;
      const modifier: Record<string, unknown> = {};
      const pairs = (v: unknown) => (isObject(v) ? Object.entries(v).map(([name, value]) => ({ name, value: String(value) })) : []);
      if (isObject(ops)) {
        if (ops.set !== undefined) modifier.set = pairs(ops.set);
        if (ops.add !== undefined) modifier.add = pairs(ops.add);
        if (ops.remove !== undefined) modifier.remove = list(ops.remove).map(String);
      }
      const type = which === 'request' ? 'RequestHeaderModifier' : 'ResponseHeaderModifier';
      const key = which === 'request' ? 'requestHeaderModifier' : 'responseHeaderModifier';
      filters.push({ type, [key]: modifier });
      note(`${at}.headers.${which}`, ConversionOutcome.CONVERTED, `to a ${type} filter`);
    };
    headerModifier('request');
    headerModifier('response');
    const destinationHeaders = route.some((d) => isObject(d) && d.headers !== undefined);
    if (destinationHeaders) note(`${at}.route[].headers`, ConversionOutcome.NOT_CONVERTIBLE, 'per-destination header changes are not converted by this version');
    if (given.mirror !== undefined) {
      const percent = isObject(given.mirrorPercentage) ? given.mirrorPercentage.value : given.mirrorPercent;
      if (percent !== undefined && percent !== 100) {
        note(`${at}.mirrorPercentage`, ConversionOutcome.NOT_CONVERTIBLE, 'a mirror of part of the requests is not in the v1.2.1 standard channel (only 100 %)');
      } else {
        const ref = backend(`${at}.mirror`, given.mirror, undefined);
        if (ref) {
          const { weight: _weight, ...mirrorRef } = ref;
          filters.push({ type: 'RequestMirror', requestMirror: { backendRef: mirrorRef } });
          note(`${at}.mirror`, ConversionOutcome.CONVERTED, 'to a RequestMirror filter');
        }
      }
    }
    let timeouts: { request: string } | undefined;
    if (given.timeout !== undefined) {
      const ms = istioDurationMs(given.timeout);
      const request = ms === undefined ? undefined : gatewayApiDuration(ms);
      if (request === undefined) note(`${at}.timeout`, ConversionOutcome.NOT_CONVERTIBLE, `"${String(given.timeout)}" is not a duration Gateway API can write`);
      else {
        timeouts = { request };
        note(`${at}.timeout`, ConversionOutcome.CONVERTED, `to timeouts.request ${request}`);
      }
    }
    if (given.name !== undefined) note(`${at}.name`, ConversionOutcome.CONVERTED, 'dropped: rule names are not in the v1.2.1 standard channel, and they change no routing');
    rules.push({
      index: i,
      rule: {
        matches,
        backendRefs: backendRefs as GatewayApiBackendRef[],
        ...(filters.length > 0 ? { filters } : {}),
        ...(timeouts ? { timeouts } : {}),
      },
    });
  });
  checkPrecedence(rules, where, note);
  return { rules: rules.map((r) => r.rule), versionServices: [...versionServices.values()], notes };
}

type Note = (field: string, outcome: ConversionOutcome, detail: string) => void;

function convertMatches(at: string, given: unknown, note: Note): GatewayApiHttpMatch[] | undefined {
  const out: GatewayApiHttpMatch[] = [];
  let ok = true;
  list(given).forEach((m, j) => {
    const mAt = `${at}[${j}]`;
    if (!isObject(m)) { note(mAt, ConversionOutcome.NOT_CONVERTIBLE, 'not an object'); ok = false; return; }
    for (const [field, why] of Object.entries(MATCH_FIELDS_NOT_CONVERTIBLE)) {
      if (m[field] !== undefined && !(field === 'ignoreUriCase' && m[field] === false)) {
        note(`${mAt}.${field}`, ConversionOutcome.NOT_CONVERTIBLE, why);
        ok = false;
      }
    }
    if (m.name !== undefined) note(`${mAt}.name`, ConversionOutcome.CONVERTED, 'dropped: match names are not in Gateway API, and they change no routing');
    let path: GatewayApiHttpMatch['path'] = { type: 'PathPrefix', value: '/' };
    if (m.uri !== undefined) {
      const uri = stringMatch(m.uri);
      if (uri?.exact !== undefined) path = { type: 'Exact', value: uri.exact };
      else if (uri?.prefix === '/') path = { type: 'PathPrefix', value: '/' };
      else if (uri?.prefix !== undefined) {
        // Istio's prefix is one of characters ("/api" takes "/apis"); PathPrefix one of path segments
        path = { type: 'RegularExpression', value: `${escapeRe2(uri.prefix)}.*` };
      } else if (uri?.regex !== undefined) path = { type: 'RegularExpression', value: uri.regex };
      else { note(`${mAt}.uri`, ConversionOutcome.NOT_CONVERTIBLE, 'not an exact, prefix or regex match'); ok = false; }
      if (ok) {
        note(`${mAt}.uri`, ConversionOutcome.CONVERTED, path.type === 'RegularExpression' && uri?.prefix !== undefined
          ? `to path ${path.type} "${path.value}" (Gateway API's PathPrefix matches whole path segments, Istio's prefix any characters)`
          : `to path ${path.type} "${path.value}"`);
      }
    }
    const named = (field: 'headers' | 'queryParams'): GatewayApiStringMatch[] | undefined => {
      if (m[field] === undefined) return undefined;
      if (!isObject(m[field])) { note(`${mAt}.${field}`, ConversionOutcome.NOT_CONVERTIBLE, 'not a map'); ok = false; return undefined; }
      return Object.entries(m[field] as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([name, value]): GatewayApiStringMatch[] => {
        const s = stringMatch(value);
        if (s?.exact !== undefined) return [{ type: 'Exact' as const, name, value: s.exact }];
        if (s?.regex !== undefined) return [{ type: 'RegularExpression' as const, name, value: s.regex }];
        if (s?.prefix !== undefined && field === 'headers') {
          note(`${mAt}.${field}.${name}`, ConversionOutcome.CONVERTED, 'prefix as a RegularExpression (Gateway API has no prefix match for headers)');
          return [{ type: 'RegularExpression' as const, name, value: `${escapeRe2(s.prefix)}.*` }];
        }
        note(`${mAt}.${field}.${name}`, ConversionOutcome.NOT_CONVERTIBLE, 'not an exact or regex match');
        ok = false;
        return [];
      });
    };
    const headers = named('headers');
    const queryParams = named('queryParams');
    if (headers) note(`${mAt}.headers`, ConversionOutcome.CONVERTED, `to ${headers.length} header match(es)`);
    if (queryParams) note(`${mAt}.queryParams`, ConversionOutcome.CONVERTED, `to ${queryParams.length} query parameter match(es)`);
    let method: string | undefined;
    if (m.method !== undefined) {
      const s = stringMatch(m.method);
      if (s?.exact !== undefined && METHODS.includes(s.exact)) {
        method = s.exact;
        note(`${mAt}.method`, ConversionOutcome.CONVERTED, `to method ${method}`);
      } else {
        note(`${mAt}.method`, ConversionOutcome.NOT_CONVERTIBLE, `Gateway API matches one method exactly, one of ${METHODS.join(', ')}`);
        ok = false;
      }
    }
    out.push({ path, ...(headers ? { headers } : {}), ...(queryParams ? { queryParams } : {}), ...(method ? { method } : {}) });
  });
  if (out.length === 0 && ok) {
    note(at, ConversionOutcome.NOT_CONVERTIBLE, 'an empty match list');
    return undefined;
  }
  return ok ? out : undefined;
}

function stringMatch(v: unknown): { exact?: string; prefix?: string; regex?: string } | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v).filter((k) => v[k] !== undefined);
  if (keys.length !== 1 || typeof v[keys[0]] !== 'string' || !['exact', 'prefix', 'regex'].includes(keys[0])) return undefined;
  return { [keys[0]]: v[keys[0]] as string };
}

/**
 * Istio tries a VirtualService's rules in order; an HTTPRoute's matches are ordered by precedence (Istio sorts them:
 * exact path, then prefix, then regular expression, each by length; then a method; then more headers; then more
 * query parameters; ties keep rule order). Notes as not convertible every later rule whose match would now be
 * tried before an earlier rule's match that can take the same request.
 */
function checkPrecedence(rules: ReadonlyArray<{ index: number; rule: GatewayApiHttpRule }>, where: string, note: Note): void {
  const pairs = rules.flatMap(({ index, rule }) => rule.matches.map((m, j) => ({ index, j, m })));
  for (const later of pairs) {
    for (const earlier of pairs) {
      if (earlier.index >= later.index) continue;
      if (comparePrecedence(later.m, earlier.m) > 0 && mayOverlap(earlier.m, later.m)) {
        note(`${where}[${later.index}].match`, ConversionOutcome.NOT_CONVERTIBLE,
          `HTTPRoute orders matches by precedence, not by rule order: match[${later.j}] would take requests before ${where}[${earlier.index}].match[${earlier.j}] does`);
        return;
      }
    }
  }
}

/** Positive when `a` is tried before `b` (Istio's order of HTTPRoute matches). @internal */
export function comparePrecedence(a: GatewayApiHttpMatch, b: GatewayApiHttpMatch): number {
  const rank = (m: GatewayApiHttpMatch) => ({ Exact: 3, PathPrefix: 2, RegularExpression: 1 })[m.path.type];
  return (rank(a) - rank(b))
    || (a.path.value.length - b.path.value.length)
    || (Number(a.method !== undefined) - Number(b.method !== undefined))
    || ((a.headers?.length ?? 0) - (b.headers?.length ?? 0))
    || ((a.queryParams?.length ?? 0) - (b.queryParams?.length ?? 0));
}

/** False only when no request can match both (different exact paths, methods, header or query values). */
function mayOverlap(a: GatewayApiHttpMatch, b: GatewayApiHttpMatch): boolean {
  if (a.path.type === 'Exact' && b.path.type === 'Exact' && a.path.value !== b.path.value) return false;
  if (a.method !== undefined && b.method !== undefined && a.method !== b.method) return false;
  // header names are case-insensitive, query parameter names are not
  const conflict = (x: GatewayApiStringMatch[] | undefined, y: GatewayApiStringMatch[] | undefined, key: (n: string) => string) =>
    (x ?? []).some((h) => h.type === 'Exact' && (y ?? []).some((k) => k.type === 'Exact' && key(k.name) === key(h.name) && k.value !== h.value));
  return !conflict(a.headers, b.headers, (n) => n.toLowerCase()) && !conflict(a.queryParams, b.queryParams, (n) => n);
}
