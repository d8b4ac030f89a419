/**
 * Generators of inputs for the property-based tests: each mixes values that are valid with the edge cases and
 * mistakes users make (empty, upper case, too long, out of range, NaN, JavaScript's own keys, wrong types from
 * JavaScript callers). Reuse them for new constructs; add a generator here rather than in a target.
 */
import fc from 'fast-check';
import { Duration } from 'cdk8s';
import { ClientTlsMode, HeaderMatch, LoadBalancerAlgorithm, RetryOn, StringMatch } from '../../lib';

/** Mostly valid, sometimes not: `valid` with weight 14, `edge` cases with weight 2, a wrong type with weight 1. */
export function mostly<T>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<T>, weights: [number, number, number] = [14, 2, 1]): fc.Arbitrary<T> {
  return fc.oneof(
    { arbitrary: valid, weight: weights[0] },
    { arbitrary: edge, weight: weights[1] },
    { arbitrary: wrongType() as fc.Arbitrary<any>, weight: weights[2] },
  );
}

/** Values of the wrong type, as a JavaScript caller (or JSON input) may pass them. */
export function wrongType(): fc.Arbitrary<unknown> {
  return fc.constantFrom(undefined, null, 0, 42, -1, NaN, '', 'x', true, {}, [], [1], { a: 1 });
}

/** Strings users get wrong in names: empty, white space, upper case, '_', leading digit or '-', dots, too long, JS internals, unicode. */
export const NAME_MISTAKES: readonly string[] = [
  '', ' ', 'a b', ' lead', 'trail ', 'UPPER', 'Mixed', 'a_b', '1abc', '-a', 'a-', 'a.b', 'a..b', '.a', 'a/b', 'x'.repeat(64),
  `${'x'.repeat(63)}.${'y'.repeat(63)}.${'z'.repeat(63)}.${'w'.repeat(63)}`, '__proto__', 'constructor', 'prototype', 'ü', 'a\nb', '*',
];

/** Builds an arbitrary once: generators made inside `chain` would otherwise be rebuilt (and their regexes compiled) per input. */
function once<T>(make: () => fc.Arbitrary<T>): () => fc.Arbitrary<T> {
  let made: fc.Arbitrary<T> | undefined;
  return () => (made ??= make());
}

/** A DNS-1035 label (valid for every name rule here), 1 to 12 characters. */
export const dnsLabel = once(() => fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/));

/** A DNS-1123 subdomain of one to three labels. */
export const dnsSubdomain = once(() => fc.array(dnsLabel(), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.')));

/** A name: mostly a DNS label, else a common mistake or a random string. */
export const name = once(() => mostly(dnsLabel(), fc.oneof(fc.constantFrom(...NAME_MISTAKES), fc.string({ maxLength: 20 }))));

/** A host name: mostly a DNS subdomain. */
export const host = once(() => mostly(dnsSubdomain(), fc.oneof(fc.constantFrom(...NAME_MISTAKES, 'Example.COM', 'https://x/'), fc.string({ maxLength: 30 }))));

/** Numbers users get wrong: zero, negatives, fractions, -0, NaN, infinities, huge. */
export const NUMBER_MISTAKES: readonly number[] = [0, -0, -1, 0.5, 1.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53, 1e308, -1e308];

/** An integer: mostly within [min, max], else a mistake or the bounds' neighbours. */
export const integer = (min: number, max: number): fc.Arbitrary<number> =>
  mostly(fc.integer({ min, max }), fc.constantFrom(...NUMBER_MISTAKES, min - 1, max + 1, min, max));

/** A port: mostly 1–65535. */
export const port = (): fc.Arbitrary<number> => integer(1, 65535);

/** A percentage: mostly 0–100 with fractions. */
export const percentage = (): fc.Arbitrary<number> =>
  mostly(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(...NUMBER_MISTAKES, 100.5, 101));

/** An optional value: undefined one time in three. */
export const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });

/** An optional value that is mostly left out (given one time in four): for props that conflict with others. */
export const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });

/** A boolean, or sometimes a wrong type. */
export const bool = (): fc.Arbitrary<boolean> => mostly(fc.boolean(), fc.boolean(), [8, 1, 1]);

/** A map built from entries with `Object.fromEntries`, which makes `__proto__` an own key as `JSON.parse` does. */
export function mapOf<V>(key: fc.Arbitrary<string>, value: fc.Arbitrary<V>, maxKeys = 4, minKeys = 0): fc.Arbitrary<Record<string, V>> {
  return fc.array(fc.tuple(key, value), { minLength: minKeys, maxLength: maxKeys }).map((entries) => Object.fromEntries(entries));
}

/** A label or annotation key: mostly a qualified name (with or without prefix). */
export const qualifiedName = once(() => mostly(
  fc.oneof(dnsLabel(), fc.tuple(dnsSubdomain(), dnsLabel()).map(([p, n]) => `${p}/${n}`), fc.constantFrom('app', 'version', 'app.kubernetes.io/name', 'A_b.c')),
  fc.constantFrom(...NAME_MISTAKES, 'a/', '/a', 'A.com/x', `a/${'x'.repeat(64)}`),
));

/** A label value: mostly valid, sometimes too long or with spaces. */
export const labelValue = once(() =>
  mostly(fc.oneof(dnsLabel(), fc.constant(''), fc.constantFrom('v1', 'A.b_c-1')), fc.constantFrom('a b', '-a', 'x'.repeat(64), 'ü', 'a/b')));

/** An environment variable name: mostly valid. */
export const envName = once(() =>
  mostly(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/), fc.constantFrom(...NAME_MISTAKES, '1X', 'A=B', 'A B')));

/** An HTTP header name: mostly a lower-case token. */
export const headerName = once(() =>
  mostly(fc.stringMatching(/^[a-z][-a-z0-9]{0,10}$/), fc.constantFrom(...NAME_MISTAKES, 'Portal', ':authority', 'x-ü', 'a:b')));

/** A header match of any kind, with values users get wrong (empty, line breaks, a regex RE2 refuses). */
export const headerMatch = once(() => fc.tuple(
  fc.constantFrom(HeaderMatch.exact, HeaderMatch.prefix, HeaderMatch.regex),
  mostly(fc.stringMatching(/^[a-z0-9.]{1,10}$/), fc.constantFrom('', '(', '(?!x).*', 'a\nb', '\0', '.*', 'a'.repeat(300))),
).map(([make, value]) => make(value)));

/** A Duration: mostly whole milliseconds or seconds, sometimes fractions, zero, NaN or astronomically long. */
export const duration = once(() => fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 100_000 }).map(Duration.millis), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 3600 }).map(Duration.seconds), weight: 2 },
  { arbitrary: fc.constantFrom(0, 0.5, 1e308, NaN, 315_576_000_000_001).map(Duration.millis), weight: 2 },
));

/** A list of distinct versions (mostly valid DNS labels). */
export const versions = once(() => fc.oneof(
  { arbitrary: fc.uniqueArray(fc.constantFrom('v1', 'v2', 'v3', 'v4', 'canary'), { minLength: 1, maxLength: 4 }), weight: 8 },
  { arbitrary: fc.array(name(), { maxLength: 3 }), weight: 1 },
));

/** Weights over some of `versions`: mostly summing to 100, sometimes not. */
export const weightsOver = (of: string[]): fc.Arbitrary<Array<{ version: string; weight: number }>> => fc.oneof(
  { arbitrary: fc.shuffledSubarray(of.length > 0 ? of : ['v1'], { minLength: 1 }).map((vs) => vs.map((version, i) => ({ version, weight: i === vs.length - 1 ? 100 - Math.floor(100 / vs.length) * (vs.length - 1) : Math.floor(100 / vs.length) }))), weight: 5 },
  { arbitrary: fc.array(fc.record({ version: fc.oneof(fc.constantFrom(...of, 'v9'), name()), weight: weight() }), { maxLength: 3 }), weight: 2 },
);

const weight = once(() => integer(0, 100));

/** A Git repository URL: mostly https/ssh/scp-like, sometimes without a scheme, with credentials, white space or another scheme. */
export const repoUrl = once(() => mostly(
  fc.tuple(fc.constantFrom('https://', 'ssh://git@', 'git@'), dnsSubdomain(), fc.array(dnsLabel(), { minLength: 1, maxLength: 3 }))
    .map(([scheme, hostName, path]) => (scheme === 'git@' ? `git@${hostName}:${path.join('/')}.git` : `${scheme}${hostName}/${path.join('/')}.git`)),
  fc.constantFrom('github.com/acme/x', 'https://bot:s3cr3t@git.example.com/x.git', 'https://token@git.example.com/x.git', 'ftp://x/y', 'https://', 'https://a b/c', 'git@host:', 'file:///tmp/repo'),
));

/** A Git revision: branches, tags, commits, and the forms git refuses. */
export const revision = once(() => mostly(
  fc.constantFrom('HEAD', 'main', 'release/1.0', 'v1.2.0', '3f2a9c1'),
  fc.constantFrom('', 'a..b', 'main/', '/main', 'a b', 'x.lock', 'a@{1}', 'feature//x', '.hidden'),
));

/** A folder of a repository: relative paths, and absolute ones, `..`, empty parts. */
export const repoPath = once(() => mostly(
  fc.oneof(fc.constant('.'), fc.array(dnsLabel(), { minLength: 1, maxLength: 3 }).map((p) => p.join('/'))),
  fc.constantFrom('', '/', '/abs', '../up', 'a//b', 'a/', 'a/./b', 'a b'),
));

/** A Duration for Argo CD's backoff: whole seconds mostly, sometimes milliseconds, zero or days. */
export const backoff = once(() => fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 600 }).map(Duration.seconds), weight: 4 },
  { arbitrary: fc.constantFrom(0, 500, 1500, 86_400_001, NaN).map(Duration.millis), weight: 1 },
));

/** A string match of any kind on a path: mostly starting with `/`, sometimes not, empty or a regex RE2 refuses. */
export const uriMatch = once(() => fc.tuple(
  fc.constantFrom(StringMatch.exact, StringMatch.prefix, StringMatch.regex),
  mostly(fc.stringMatching(/^\/[a-z0-9/]{0,10}$/), fc.constantFrom('', 'reviews', '(', 'a\nb')),
).map(([make, value]) => make(value)));

/** An HTTP method match: mostly an upper-case method. */
export const methodMatch = once(() => fc.tuple(
  fc.constantFrom(StringMatch.exact, StringMatch.prefix, StringMatch.regex),
  mostly(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.constantFrom('get', '', 'G T')),
).map(([make, value]) => make(value)));

/** One match entry of an HTTP rule. */
export const httpMatch = once(() => fc.tuple(
  fc.record({
    headers: sometimes(mapOf(headerName(), headerMatch(), 2, 1)),
    method: sometimes(methodMatch()),
    authority: sometimes(headerMatch()),
    queryParams: sometimes(mapOf(mostly(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom('a=b', '', 'a b')), headerMatch(), 2, 1)),
    port: sometimes(port()),
    sourceLabels: sometimes(mapOf(qualifiedName(), labelValue(), 2, 1)),
    sourceNamespace: sometimes(name()),
  }),
  // ignoreUriCase mostly with a uri, as it must be
  fc.oneof(fc.constant({}), fc.record({ uri: uriMatch(), ignoreUriCase: sometimes(bool()) }), fc.record({ ignoreUriCase: sometimes(bool()) })),
).map(([m, uri]) => ({ ...m, ...uri })));

/** A traffic policy with every part optional (and sometimes empty or contradictory). */
export const trafficPolicy = once(() => fc.record({
  connectionPool: optional(fc.record({ maxConnections: optional(integer(1, 1000)), http1MaxPendingRequests: optional(integer(1, 1000)) })),
  outlierDetection: optional(fc.record({ consecutive5xxErrors: optional(integer(1, 100)), interval: optional(duration()) })),
  loadBalancer: optional(fc.oneof(
    fc.record({ algorithm: mostly(fc.constantFrom(...Object.values(LoadBalancerAlgorithm)), fc.constantFrom('LEAST_CONN' as LoadBalancerAlgorithm)) }),
    fc.record({ consistentHash: fc.oneof(
      fc.record({ httpHeaderName: headerName() }), fc.record({ useSourceIp: bool() }), fc.record({ httpCookie: fc.record({ name: mostly(dnsLabel(), fc.constantFrom('a b', '')) }) }),
      fc.constant({ httpHeaderName: 'x', useSourceIp: true })) }),
  )),
  tls: optional(fc.oneof(
    fc.record({ mode: fc.constantFrom(...Object.values(ClientTlsMode)) }),
    fc.record({ mode: fc.constantFrom(ClientTlsMode.SIMPLE, ClientTlsMode.MUTUAL), credentialName: name() }),
    fc.record({ mode: fc.constantFrom(ClientTlsMode.ISTIO_MUTUAL, ClientTlsMode.DISABLE), sni: dnsSubdomain() }),
  )),
}));

/** An HTTP rule over some versions: matches, weights, and sometimes a fault, timeout, retries or mirror. */
export const httpRoute = (of: string[]) => fc.record({
  match: fc.option(fc.array(httpMatch(), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 6 }),
  route: weightsOver(of),
  fault: sometimes(fc.record({ abort: fc.record({ percentage: percentage(), httpStatus: integer(200, 599) }) })),
  timeout: sometimes(duration()),
  retries: sometimes(fc.record({
    attempts: integer(0, 10), perTryTimeout: optional(duration()),
    retryOn: optional(fc.array(mostly(fc.constantFrom(...Object.values(RetryOn), '503'), fc.constantFrom('sometimes', '999', '')), { maxLength: 3 })),
  })),
  mirror: sometimes(fc.record({ version: optional(fc.constantFrom(...of, 'v9')), percentage: optional(percentage()) })),
});

/**
 * The props every chart inherits from cdk8s's `ChartProps`: labels (keys and values as users get them wrong, `null`
 * values, and `__proto__`/`constructor` keys as `JSON.parse` makes them), a namespace and `disableResourceNameHashes`.
 */
export const chartProps = once(() => fc.record({
  labels: optional(fc.oneof(
    { arbitrary: mapOf(qualifiedName(), labelValue(), 3), weight: 6 },
    { arbitrary: mapOf(fc.constantFrom('__proto__', 'constructor', 'a/b/c', 'team'), fc.constantFrom<any>('x', null, 1, undefined), 2, 1), weight: 2 },
    { arbitrary: wrongType() as fc.Arbitrary<any>, weight: 1 },
  )),
  namespace: optional(mostly(dnsLabel(), fc.constantFrom('has space', 'UPPER', '', 'a.b', '__proto__'))),
  disableResourceNameHashes: optional(bool()),
}));
