import { describeMatcher, mismatch, stringMatcher, stringMatches } from './string-match';
import { isSecretName, REDACTED } from '../core/validation';
import { hostMatches } from '../analysis/hosts';
import { arr, Json, labelsMatch, num, rec, str, stringMap } from '../analysis/kube';

/** The request as the matchers of one VirtualService rule see it. */
export interface MatchInput {
  /** The port the client calls; `null` when unknown. */
  readonly port: number | null;
  readonly fromNamespace: string;
  readonly sourceLabels: Readonly<Record<string, string>>;
  readonly method: string;
  /** The `:path` as sent (with the query string). */
  readonly path: string;
  readonly authority: string;
  readonly scheme: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * For a request through a Gateway: whether a gateway reference written in the rule's VirtualService names that
   * Gateway. Unset for a request from a sidecar (the `mesh` gateway).
   */
  readonly gateway?: (written: string) => boolean;
}

/**
 * How one match entry judged the request. `applicable: false` means the entry is dropped when Istio builds the
 * client's configuration (another port, source namespace, source labels or gateway): it is not even tried.
 */
export interface MatchResult {
  readonly matched: boolean;
  readonly applicable: boolean;
  /** The first unmet condition, in words. */
  readonly reason?: string;
}

const MATCHED: MatchResult = { matched: true, applicable: true };
const MESH_GATEWAY = 'mesh';

function notApplicable(reason: string): MatchResult {
  return { matched: false, applicable: false, reason };
}

function unmet(reason: string): MatchResult {
  return { matched: false, applicable: true, reason };
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'none given' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** The value of an own key only: a header named like an Object.prototype member (`constructor`) is absent, not a function. */
function own(map: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function sortedEntries(x: unknown): [string, unknown][] {
  return Object.entries(rec(x) ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The path without its query string, and the query parameters (first value of each name, not decoded, as Envoy). */
export function splitPath(path: string): { path: string; query: Map<string, string> } {
  const q = path.indexOf('?');
  const query = new Map<string, string>();
  if (q < 0) return { path, query };
  for (const part of path.slice(q + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (!query.has(name)) query.set(name, eq < 0 ? '' : part.slice(eq + 1));
  }
  return { path: path.slice(0, q), query };
}

/**
 * The conditions Istio applies when it builds the client's configuration, as `sourceMatchHTTP` and the port check
 * of Istio's route translation: `port`; then `gateways` if set (which then replaces the source conditions), else
 * `sourceLabels` and `sourceNamespace`.
 */
function proxyConditions(m: Json, input: MatchInput, l4: boolean): string | undefined {
  const port = num(m.port);
  if (port !== undefined && port !== 0 && port !== input.port) {
    return `the rule applies only to port ${port}; the request goes to port ${input.port ?? 'unknown'}`;
  }
  const gateways = arr(m.gateways).map(str).filter((g): g is string => g !== undefined);
  if (input.gateway) {
    if (gateways.length > 0 && !gateways.some(input.gateway)) {
      return `the rule applies only on gateway${gateways.length === 1 ? '' : 's'} ${gateways.join(', ')}, not on the gateway the request enters through`;
    }
  } else if (gateways.length > 0 && !gateways.includes(MESH_GATEWAY)) {
    return `the rule applies only on gateway${gateways.length === 1 ? '' : 's'} ${gateways.join(', ')}, not on the mesh's sidecars`;
  }
  // HTTP: a match naming gateways ignores source labels and namespace; TCP/TLS require all of them.
  if (gateways.length > 0 && !l4) return undefined;
  const labels = stringMap(m.sourceLabels);
  if (!labelsMatch(labels, input.sourceLabels)) {
    return `the rule applies only to clients labelled ${labelsText(labels)} (the client's labels: ${labelsText(input.sourceLabels)})`;
  }
  const sourceNamespace = str(m.sourceNamespace);
  if (sourceNamespace !== undefined && sourceNamespace !== input.fromNamespace) {
    return `the rule applies only to clients in namespace ${sourceNamespace}; the request comes from ${input.fromNamespace}`;
  }
  return undefined;
}

const JWT_CLAIM_HEADER = /^@request\.auth\.claims/;

/** The request-time conditions of an `HTTPMatchRequest`, in a fixed order; the first unmet one, or undefined. */
function requestConditions(m: Json, input: MatchInput): string | undefined {
  const { path, query } = splitPath(input.path);
  if (m.uri !== undefined) {
    const uri = stringMatcher(m.uri);
    const ignoreCase = m.ignoreUriCase === true;
    // Envoy matches a prefix against the whole :path, exact and regex against the path without the query string.
    const actual = uri.kind === 'prefix' ? input.path : path;
    if (!stringMatches(uri, actual, ignoreCase)) return mismatch(`path${ignoreCase ? ' (case ignored)' : ''}`, uri, actual);
  }
  const pseudo: [string, string, string][] = [['scheme', 'scheme', input.scheme], ['method', 'method', input.method], ['authority', 'authority', input.authority]];
  for (const [field, what, actual] of pseudo) {
    if (m[field] === undefined) continue;
    const matcher = stringMatcher(m[field]);
    if (!stringMatches(matcher, actual)) return mismatch(what, matcher, actual);
  }
  for (const [rawName, spec] of sortedEntries(m.headers)) {
    const name = rawName.toLowerCase();
    if (JWT_CLAIM_HEADER.test(name)) return `the rule matches the JWT claim ${rawName}, which explain cannot evaluate`;
    const matcher = stringMatcher(spec);
    const actual = own(input.headers, name);
    if (!stringMatches(matcher, actual)) return mismatch(`header ${name}`, matcher, actual);
  }
  for (const [name, spec] of sortedEntries(m.queryParams)) {
    const matcher = stringMatcher(spec);
    const actual = query.get(name);
    if (!stringMatches(matcher, actual)) return mismatch(`query parameter ${name}`, matcher, actual);
  }
  for (const [rawName, spec] of sortedEntries(m.withoutHeaders)) {
    const name = rawName.toLowerCase();
    if (JWT_CLAIM_HEADER.test(name)) return `the rule excludes the JWT claim ${rawName}, which explain cannot evaluate`;
    const matcher = stringMatcher(spec);
    const actual = own(input.headers, name);
    if (matcher.kind === 'present') {
      if (actual !== undefined) return `header ${name} is present, which the rule excludes (withoutHeaders)`;
      continue;
    }
    if ((matcher.kind === 'regex' && matcher.re === undefined) || matcher.kind === 'invalid') return mismatch(`header ${name}`, matcher, actual);
    // Istio sets treat_missing_header_as_empty: an absent header is matched as "".
    if (stringMatches(matcher, actual ?? '')) {
      const secret = isSecretName(name);
      return `header ${name} is ${actual === undefined ? 'absent (taken as "")' : secret ? REDACTED : JSON.stringify(actual)}, which the rule excludes (withoutHeaders: ${describeMatcher(matcher, secret)})`;
    }
  }
  return undefined;
}

/** Judges one `HTTPMatchRequest` (undefined: a rule without `match`, which takes every request). */
export function matchHttp(m: Json | undefined, input: MatchInput): MatchResult {
  if (m === undefined) return MATCHED;
  const proxy = proxyConditions(m, input, false);
  if (proxy !== undefined) return notApplicable(proxy);
  const request = requestConditions(m, input);
  return request === undefined ? MATCHED : unmet(request);
}

/**
 * Judges one `L4MatchAttributes` of a TCP rule or `TLSMatchAttributes` of a TLS rule. Every condition is a
 * property of the connection; TLS rules also match the SNI; `destinationSubnets` depends on the destination IP, which explain cannot know.
 */
export function matchL4(m: Json | undefined, input: MatchInput, tls: boolean): MatchResult {
  if (m === undefined) return MATCHED;
  const proxy = proxyConditions(m, input, true);
  if (proxy !== undefined) return notApplicable(proxy);
  if (tls) {
    const sni = input.authority.replace(/:\d+$/, '').toLowerCase();
    const sniHosts = arr(m.sniHosts).map(str).filter((h): h is string => h !== undefined);
    // the SNI is the name the client connects to (the authority), compared with sniHosts as written
    if (!sniHosts.some((h) => hostMatches(h.toLowerCase(), sni))) return notApplicable(`SNI ${JSON.stringify(sni)} is none of the rule's sniHosts (${sniHosts.join(', ') || 'none'})`);
  }
  const subnets = arr(m.destinationSubnets).map(str).filter((s): s is string => s !== undefined);
  if (subnets.length > 0) {
    return notApplicable(`the rule matches destination subnets ${subnets.join(', ')}; explain does not know the destination IP`);
  }
  return MATCHED;
}

/**
 * Judges a rule: its match entries are alternatives (any may match), the conditions inside one entry all apply.
 * The reason lists the first unmet condition of each entry.
 */
export function judgeRule(matches: readonly unknown[], judge: (m: Json | undefined) => MatchResult): MatchResult {
  if (matches.length === 0) return judge(undefined);
  const failures: string[] = [];
  let applicable = false;
  for (const [j, raw] of matches.entries()) {
    const m = rec(raw) ?? {};
    const result = judge(m);
    if (result.matched) return MATCHED;
    applicable = applicable || result.applicable;
    const name = str(m.name);
    failures.push(matches.length === 1 ? result.reason ?? '' : `match[${j}]${name ? ` "${name}"` : ''}: ${result.reason}`);
  }
  const reason = failures.length === 1 ? failures[0] : `none of its ${failures.length} match entries applies: ${failures.join('; ')}`;
  return { matched: false, applicable, reason };
}
