import { IConstruct } from 'constructs';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const HTTP_HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
/** semver.org's own pattern for a version (2.0.0), without a leading `v`. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Values longer than this are shortened in messages. */
const MAX_SHOWN_CHARACTERS = 100;
/**
 * Keys whose values are never shown in messages: object keys (`rootPassword`, `clientSecret`, `apiToken`, ...),
 * environment variables (`DB_PASSWORD`) and HTTP headers that carry credentials (`authorization`, `cookie`,
 * `proxy-authorization`, `set-cookie`, `x-api-key`, `x-auth-token`, ...).
 */
const SECRET_KEY = /(passw(or)?d|passwd|secret|token|credentials?|private.?key|api.?key|authorization|cookie|auth)$/i;
/**
 * The user information of a URL (`scheme://user:password@host`): everything between `//` and the last `@` on the
 * line — greedy on purpose: a password may hold unencoded `/`, `@` or spaces, and hiding too much is the safe side.
 */
const URL_USERINFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\n]*)@/;
/** `user:password@host` without a scheme. */
const BARE_USERINFO = /^[^\s/@:]+:[^\s/@]+@\S+$/;
/** What replaces a secret in every message. */
export const REDACTED = '***';

/**
 * The error every validation of this library throws: which construct (`path`), which input (`what`), the value
 * as shown (`value`, formatted so that NaN, Infinity, -0, undefined and bigint read as such, long values shortened
 * and secrets shown as `***`), and what is allowed (`allowed`). The message reads
 * `<path>: <what> <value> is not valid. <allowed>`.
 */
export class ValidationError extends Error {
  /** The construct path of the construct that refused the input (or the API entry point, e.g. `MeshService.fromServiceName`). */
  public readonly path: string;
  /** Which input, e.g. `port.number` or `rules[0] header name`. */
  public readonly what: string;
  /** The value as shown in the message; `***` for secrets. */
  public readonly value: string;
  /** What would have been accepted, as a sentence. */
  public readonly allowed: string;

  public constructor(path: string, what: string, value: string, allowed: string) {
    super(`${path}: ${what} ${value} is not valid. ${allowed}`);
    this.name = 'ValidationError';
    this.path = path;
    this.what = what;
    this.value = value;
    this.allowed = allowed;
  }
}

/** Options of {@link invalidInput}. @internal */
export interface InvalidInputOptions {
  /**
   * The value is a secret (a password, a token): the message shows `***` instead.
   * @default false
   */
  readonly secret?: boolean;
}

/** Where a validation error happened: a construct, or the name of an API entry point that has no construct. @internal */
export type ValidationScope = IConstruct | string;

/** The path shown in messages for a scope. @internal */
export function scopePath(scope: ValidationScope): string {
  if (typeof scope === 'string') return scope;
  return scope.node.path === '' ? '(app root)' : scope.node.path;
}

/**
 * Builds the error of a bad input: which construct, which value, and what is allowed.
 * Every validation error of this library reads the same way, so a user can act on it without the source.
 * @internal
 */
export function invalidInput(scope: ValidationScope, what: string, value: unknown, allowed: string, options: InvalidInputOptions = {}): ValidationError {
  return new ValidationError(scopePath(scope), what, redactedValue(what, value, options), allowed);
}

/**
 * The one redaction path of the library: how a value is shown in any message, error or report. `***` when the
 * caller says it is a secret or when the input it came from is named like one (the last word of `what`, e.g.
 * `mysql.rootPassword` or `header authorization`); otherwise {@link formatValue}, which hides values of keys named
 * like secrets and the user information of URLs.
 * @internal
 */
export function redactedValue(what: string, value: unknown, options: InvalidInputOptions = {}): string {
  return options.secret || isSecretInput(what) ? REDACTED : formatValue(value);
}

/**
 * Whether an input, by the name a message gives it (`mysql.rootPassword`, `header authorization`,
 * `headers cookie`), holds a secret: its last word is named like one. @internal
 */
export function isSecretInput(what: string): boolean {
  return isSecretName(/([A-Za-z0-9_-]+)["']?\s*$/.exec(what)?.[1] ?? '');
}

/** `key: value` on a YAML line (a list item's `- ` allowed before the key, the key quoted or not). */
const YAML_KEY_LINE = /^(\s*(?:-\s+)*)(["']?)([^"'#:\s][^"'#:]*?)\2(\s*:)(?:\s|$)(.*)$/;

/** Keys of a Secret whose values are not secret: where a line is, not what the Secret holds. */
const SECRET_STRUCTURE_KEYS = new Set(['apiVersion', 'kind', 'name', 'namespace', 'type', 'immutable']);

/**
 * A line of YAML source as it may be shown in a message (an error's code frame): unchanged, unless it carries a
 * secret — a value under a key named like one (`password: …`, `authorization: …`), any value inside a Secret
 * (`inSecret`), or a URL with credentials — then its location and key stay, and the value is `***`.
 * @internal
 */
export function redactSourceLine(line: string, inSecret = false): string {
  if (line.endsWith('\r')) return `${redactSourceLine(line.slice(0, -1), inSecret)}\r`;
  const m = YAML_KEY_LINE.exec(line);
  if (m) {
    const [, indent, quote, key, colon, value] = m;
    const hide = value.trim() !== '' && ((inSecret && !SECRET_STRUCTURE_KEYS.has(key.trim())) || isSecretName(key.trim()) || hasUrlCredentials(value.trim()));
    return hide ? `${indent}${quote}${key}${quote}${colon} ${REDACTED}` : line;
  }
  if (/^[\s^]*$/.test(line)) return line; // blank, or the caret under the error's column
  if (inSecret || hasUrlCredentials(line.trim())) {
    return `${/^\s*(?:-\s+)?/.exec(line)?.[0] ?? ''}${REDACTED}`;
  }
  return line;
}

/**
 * Whether a key names a secret (`rootPassword`, `clientSecret`, `API_TOKEN`, the headers `authorization` and
 * `cookie`, ...): messages never show its value. @internal
 */
export function isSecretName(key: string): boolean {
  return typeof key === 'string' && SECRET_KEY.test(key);
}

/** Whether a string holds a URL with user information (`https://user:token@host/...`), which may be a credential. @internal */
export function hasUrlCredentials(text: string): boolean {
  if (typeof text !== 'string') return false;
  return URL_USERINFO.test(text) || BARE_USERINFO.test(text);
}

/**
 * `text` with the user information of every URL in it shown as `***` (`https://***@host/...`); a bare
 * `user:password@host` is `***` as a whole. @internal
 */
export function redactUrlCredentials(text: string): string {
  if (BARE_USERINFO.test(text)) return REDACTED;
  return text.replace(new RegExp(URL_USERINFO, 'g'), (_, scheme: string) => `${scheme}${REDACTED}@`);
}

/**
 * Formats a value for a message: strings quoted, numbers as JavaScript writes them (`NaN`, `Infinity`, `-0`),
 * `undefined`, `12n`, arrays and plain objects in JSON form (properties that hold secrets, by their name, as
 * `"***"`, and so the `value` of a `{name, value}` pair whose name is a secret's), other objects by their class, and
 * anything longer than 100 characters shortened.
 * @internal
 */
export function formatValue(value: unknown): string {
  const text = format(value, new Set(), 0);
  return text.length > MAX_SHOWN_CHARACTERS ? `${text.slice(0, 80)}… (${text.length} characters)` : text;
}

function format(value: unknown, seen: Set<unknown>, depth: number): string {
  switch (typeof value) {
    case 'string': return JSON.stringify(redactUrlCredentials(value));
    case 'number': return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint': return `${value}n`;
    case 'undefined': return 'undefined';
    case 'boolean': return String(value);
    case 'symbol': return value.toString();
    case 'function': return `[function ${value.name || 'anonymous'}]`;
    default: break;
  }
  if (value === null) return 'null';
  if (seen.has(value)) return '[circular]';
  if (depth > 3) return Array.isArray(value) ? '[…]' : '{…}';
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((v) => format(v, seen, depth + 1)).join(',')}]`;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return describeInstance(value as object);
    const entries = Object.entries(value as object).filter(([, v]) => v !== undefined);
    // a name/value pair such as a container's env entry `{name: API_TOKEN, value: ...}` holds a secret by its name
    const { name } = value as { name?: unknown };
    const secretPair = typeof name === 'string' && isSecretName(name);
    const hidden = (k: string) => isSecretName(k) || (secretPair && k === 'value');
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${hidden(k) ? '"***"' : format(v, seen, depth + 1)}`).join(',')}}`;
  } finally {
    seen.delete(value);
  }
}

/** Class instances: a Duration by its amount, anything else by its class name. */
function describeInstance(value: object): string {
  const human = (value as { toHumanString?: unknown }).toHumanString;
  if (typeof human === 'function') {
    try {
      return `${value.constructor?.name ?? 'object'}(${String(human.call(value))})`;
    } catch {
      // a Duration with an amount that has no human form: fall through
    }
  }
  return `a ${value.constructor?.name ?? 'object'}`;
}

/**
 * Runs `fn` and turns any error it throws (from cdk8s, constructs or other code the input reaches) into a
 * {@link ValidationError} for `scope`, with the original message appended to `allowed`.
 * @internal
 */
export function rethrowAsInvalidInput<T>(scope: ValidationScope, what: string, value: unknown, allowed: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw invalidInput(scope, what, value, `${allowed} (${(error as Error)?.message ?? String(error)})`);
  }
}

/** Whether `value` is a DNS-1123 label (namespaces, most names: lowercase, digits, '-', at most 63). @internal */
export function isDnsLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** Whether `value` is a DNS-1035 label (Service names: a DNS-1123 label that starts with a letter). @internal */
export function isDns1035Label(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 63 && DNS1035_LABEL.test(value);
}

/** Whether `value` is a DNS-1123 subdomain (most object names, host names: labels joined by '.', at most 253). @internal */
export function isDnsSubdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value)
    && value.split('.').every((label) => label.length <= 63);
}

/**
 * Whether `value` is a Kubernetes qualified name, the form of label and annotation keys: an optional prefix
 * (a DNS-1123 subdomain of at most 253 characters) and '/', then a name of 1 to 63 letters, digits, '-', '_'
 * and '.', starting and ending with a letter or digit.
 * @internal
 */
export function isQualifiedName(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const slash = value.indexOf('/');
  const name = slash < 0 ? value : value.slice(slash + 1);
  if (slash >= 0 && !isDnsSubdomain(value.slice(0, slash))) return false;
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

/** Whether `value` is a Kubernetes label value: empty, or at most 63 letters, digits, '-', '_', '.', alphanumeric at both ends. @internal */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);
}

/** Whether `value` is a valid environment variable name for Kubernetes (letters, digits, '_', '-', '.', not starting with a digit). @internal */
export function isEnvVarName(value: unknown): value is string {
  return typeof value === 'string' && ENV_VAR_NAME.test(value);
}

/** Whether `value` is an HTTP header name (an RFC 7230 token) in lower case, as Istio matches them. @internal */
export function isHttpHeaderName(value: unknown): value is string {
  return typeof value === 'string' && HTTP_HEADER_NAME.test(value);
}

/** Throws unless `value` is a DNS-1123 label (namespaces, container names: lowercase, digits, '-', at most 63). @internal */
export function requireDnsLabel(scope: ValidationScope, what: string, value: string): string {
  if (!isDnsLabel(value)) {
    throw invalidInput(scope, what, value,
      'Allowed: a DNS-1123 label — 1 to 63 lowercase letters, digits or \'-\', starting and ending with a letter or digit.');
  }
  return value;
}

/** Throws unless `value` is a DNS-1035 label, the rule for Service names: a DNS-1123 label that starts with a letter. @internal */
export function requireDns1035Label(scope: ValidationScope, what: string, value: string): string {
  if (!isDns1035Label(value)) {
    throw invalidInput(scope, what, value,
      'Allowed: a DNS-1035 label — 1 to 63 lowercase letters, digits or \'-\', starting with a letter and ending with a letter or digit.');
  }
  return value;
}

/** Throws unless `value` is a DNS-1123 subdomain (most object names, DNS host names: labels joined by '.', at most 253). @internal */
export function requireDnsSubdomain(scope: ValidationScope, what: string, value: string): string {
  if (!isDnsSubdomain(value)) {
    throw invalidInput(scope, what, value,
      'Allowed: a DNS-1123 subdomain — lowercase letters, digits, \'-\' and \'.\', at most 253 characters, each dot-separated part 1 to 63 characters starting and ending with a letter or digit.');
  }
  return value;
}

/** Throws unless `value` is a whole number within `[min, max]`. @internal */
export function requireInteger(scope: ValidationScope, what: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(scope, what, value, `Allowed: a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** Throws unless `value` is a port number, 1 to 65535. @internal */
export function requirePort(scope: ValidationScope, what: string, value: number): number {
  return requireInteger(scope, what, value, 1, 65535);
}

/** Throws unless `value` is a finite number within `[min, max]`. @internal */
export function requireNumber(scope: ValidationScope, what: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalidInput(scope, what, value, `Allowed: a number from ${min} to ${max}.`);
  }
  return value;
}

/** Throws unless `value` is `true` or `false` (or `undefined`, when optional). @internal */
export function requireBoolean(scope: ValidationScope, what: string, value: boolean | undefined, optional = true): boolean | undefined {
  if (typeof value !== 'boolean' && !(optional && value === undefined)) {
    throw invalidInput(scope, what, value, 'Allowed: true or false.');
  }
  return value;
}

/** Throws unless `value` is a non-empty string without surrounding white space. @internal */
export function requireNonEmpty(scope: ValidationScope, what: string, value: string, options: InvalidInputOptions = {}): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.trim() !== value) {
    throw invalidInput(scope, what, value, 'Allowed: a non-empty string without leading or trailing white space.', options);
  }
  return value;
}

/** Throws unless `value` is a Kubernetes label value: at most 63 letters, digits, '-', '_' and '.', alphanumeric at both ends. @internal */
export function requireLabelValue(scope: ValidationScope, what: string, value: string): string {
  if (!isLabelValue(value)) {
    throw invalidInput(scope, what, value,
      'Allowed: a Kubernetes label value — at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit.');
  }
  return value;
}

/** Throws unless `value` is one of `allowed`. @internal */
export function requireOneOf<T extends string>(scope: ValidationScope, what: string, value: T, allowed: readonly T[], why = ''): T {
  if (!allowed.includes(value)) {
    throw invalidInput(scope, what, value, `Allowed: ${allowed.map((a) => JSON.stringify(a)).join(', ')}.${why ? ` ${why}` : ''}`);
  }
  return value;
}

/**
 * Throws unless `value` is a semantic version (semver.org 2.0.0), with or without a leading `v`; returns it
 * without the `v`, so a caller writes the `v` once.
 * @internal
 */
export function requireSemver(scope: ValidationScope, what: string, value: string): string {
  const bare = typeof value === 'string' && value.startsWith('v') ? value.slice(1) : value;
  if (typeof bare !== 'string' || !SEMVER.test(bare)) {
    throw invalidInput(scope, what, value, 'Allowed: a semantic version such as "1.89.8" or "v1.89.8".');
  }
  return bare;
}

/** Throws unless `value` is an array (of anything; the caller checks the items). @internal */
export function requireArray<T>(scope: ValidationScope, what: string, value: readonly T[]): readonly T[] {
  if (!Array.isArray(value)) throw invalidInput(scope, what, value, 'Allowed: an array.');
  return value;
}

/**
 * Throws unless `value` is a plain object (not null, not an array): a props object or a map. Give `{ secret: true }`
 * for an object of credentials, whose wrong-typed stand-in (a string in its place) is likely the secret itself.
 * @internal
 */
export function requireObject<T extends object>(scope: ValidationScope, what: string, value: T, options: InvalidInputOptions = {}): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidInput(scope, what, value, 'Allowed: an object.', options);
  }
  return value;
}

/**
 * Throws unless `value` is plain data as JSON has it — strings, finite numbers, booleans, arrays and plain objects,
 * without the keys `__proto__`, `constructor` and `prototype` — so it can be passed to cdk8s as given (settings the
 * library does not model field by field, such as security contexts).
 * @internal
 */
export function requirePlainData<T>(scope: ValidationScope, what: string, value: T): T {
  const check = (v: unknown, at: string, depth: number): void => {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return;
    const plain = typeof v === 'object' && v !== null && (Array.isArray(v) || [Object.prototype, null].includes(Object.getPrototypeOf(v)));
    if (!plain || depth > 10) throw invalidInput(scope, at, v, 'Allowed: plain data — strings, finite numbers, booleans, arrays and plain objects.');
    for (const [key, item] of Object.entries(v as object)) {
      if (['__proto__', 'constructor', 'prototype'].includes(key)) {
        throw invalidInput(scope, `${at} key`, key, 'Allowed: a field name other than "__proto__", "constructor" and "prototype".');
      }
      if (item !== undefined) check(item, Array.isArray(v) ? `${at}[${key}]` : `${at}.${key}`, depth + 1);
    }
  };
  check(value, what, 0);
  return value;
}
