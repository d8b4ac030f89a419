import {
  invalidInput, isDnsSubdomain, isEnvVarName, isHttpHeaderName, isLabelValue, isQualifiedName, ValidationScope,
} from './validation';

/**
 * What the keys of a user map are, and so which keys are allowed:
 * - `labels`: Kubernetes qualified names; the values must be label values;
 * - `annotations`: Kubernetes qualified names; the values must be strings (all of them together at most 256 KiB);
 * - `headers`: HTTP header names, lower-case RFC 7230 tokens (Istio matches headers in lower case);
 * - `env`: environment variable names as Kubernetes allows them;
 * - `names`: object names (DNS-1123 subdomains), e.g. Deployment names;
 * - `queryParams`: URL query parameter names (no white space, control characters, `&`, `=`, `#` or `?`).
 * @internal
 */
export type MapKeyKind = 'labels' | 'annotations' | 'headers' | 'env' | 'names' | 'queryParams';

/**
 * Keys that are never accepted: JavaScript gives them a meaning of their own (`JSON.parse` makes `__proto__` an
 * own key), and cdk8s drops `__proto__` silently and fails on `constructor`, so a map with them would be emitted
 * without the key (a header match that matches everything) or not at all.
 * @internal
 */
export const RESERVED_MAP_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** The most bytes all annotations of one object may hold (the API server's limit). */
const MAX_ANNOTATION_BYTES = 256 * 1024;

const ALLOWED_KEYS: Readonly<Record<MapKeyKind, { readonly test: (key: string) => boolean; readonly allowed: string }>> = {
  labels: { test: isQualifiedName, allowed: 'a qualified name — an optional DNS subdomain prefix and \'/\', then 1 to 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit' },
  annotations: { test: isQualifiedName, allowed: 'a qualified name — an optional DNS subdomain prefix and \'/\', then 1 to 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit' },
  headers: { test: isHttpHeaderName, allowed: 'an HTTP header name in lower case (letters, digits and !#$%&\'*+-.^_`|~)' },
  env: { test: isEnvVarName, allowed: 'an environment variable name — letters, digits, \'_\', \'-\' and \'.\', not starting with a digit' },
  names: { test: isDnsSubdomain, allowed: 'an object name (a DNS-1123 subdomain)' },
  queryParams: { test: isQueryParamName, allowed: 'a query parameter name without white space, control characters, \'&\', \'=\', \'#\' or \'?\'' },
};

const KEY_NOUN: Readonly<Record<MapKeyKind, string>> = {
  labels: 'label key', annotations: 'annotation key', headers: 'header name', env: 'environment variable name', names: 'key',
  queryParams: 'query parameter name',
};

/** Whether `key` can name a URL query parameter as Envoy reads it: non-empty, no white space, controls, `&`, `=`, `#`, `?`. */
function isQueryParamName(key: string): boolean {
  return key.length > 0 && key.length <= 256 && !/[\s\x00-\x1f\x7f&=#?]/.test(key);
}

/**
 * Checks a map the user gave (labels, annotations, selectors, headers, env, per-name overrides) and returns a copy
 * without a prototype, so that no key of it can reach JavaScript's object internals. Throws a
 * {@link ValidationError} for a value that is not a plain object, for the keys `__proto__`, `constructor` and
 * `prototype`, for a key not allowed for `kind`, and for label values and annotation values that Kubernetes
 * refuses. `undefined` gives an empty map.
 * @internal
 */
export function requireSafeMap<V>(scope: ValidationScope, what: string, map: Readonly<Record<string, V>> | undefined, kind: MapKeyKind): Record<string, V> {
  const copy: Record<string, V> = Object.create(null);
  if (map === undefined) return copy;
  if (typeof map !== 'object' || map === null || Array.isArray(map) || map instanceof Map) {
    throw invalidInput(scope, what, map, 'Allowed: a plain object of keys and values.');
  }
  const rule = ALLOWED_KEYS[kind];
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(map)) {
    if (RESERVED_MAP_KEYS.includes(key)) {
      throw invalidInput(scope, `${what} ${KEY_NOUN[kind]}`, key,
        `Allowed: ${rule.allowed}; never ${RESERVED_MAP_KEYS.map((k) => `"${k}"`).join(', ')}, which JavaScript and cdk8s treat as object internals.`);
    }
    if (!rule.test(key)) throw invalidInput(scope, `${what} ${KEY_NOUN[kind]}`, key, `Allowed: ${rule.allowed}.`);
    if (kind === 'labels' && !isLabelValue(value)) {
      throw invalidInput(scope, `${what} value of "${key}"`, value,
        'Allowed: a Kubernetes label value — at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit.');
    }
    if (kind === 'annotations') {
      if (typeof value !== 'string') throw invalidInput(scope, `${what} value of "${key}"`, value, 'Allowed: a string.');
      annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
      if (annotationBytes > MAX_ANNOTATION_BYTES) {
        throw invalidInput(scope, `${what} size in bytes`, annotationBytes, `Allowed: annotations of at most ${MAX_ANNOTATION_BYTES} bytes in all.`);
      }
    }
    copy[key] = value;
  }
  return copy;
}

/**
 * A plain object from the entries of a checked map (see {@link requireSafeMap}), for handing to cdk8s: its resolver
 * renders only objects with the usual prototype. Safe because the keys were checked; never use it on unchecked keys.
 * @internal
 */
export function plainMapOf<V>(entries: Iterable<readonly [string, V]> | Readonly<Record<string, V>>): Record<string, V> {
  const map: Record<string, V> = {};
  const list = Symbol.iterator in Object(entries) ? entries as Iterable<readonly [string, V]> : Object.entries(entries);
  for (const [key, value] of list) {
    if (RESERVED_MAP_KEYS.includes(key)) throw new Error(`plainMapOf: unchecked key ${JSON.stringify(key)}`);
    map[key] = value;
  }
  return map;
}
