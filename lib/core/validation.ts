import { IConstruct } from 'constructs';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Builds the message of a bad-input error: which construct, which value, and what is allowed.
 * Every validation error of this library reads the same way, so a user can act on it without the source.
 * @internal
 */
export function invalidInput(scope: IConstruct, what: string, value: unknown, allowed: string): Error {
  return new Error(`${scope.node.path}: ${what} ${JSON.stringify(value)} is not valid. ${allowed}`);
}

/** Whether `value` is a DNS-1123 label (namespaces, Service names: lowercase, digits, '-', at most 63). @internal */
export function isDnsLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** Throws unless `value` is a DNS-1123 label (namespaces, Service names: lowercase, digits, '-', at most 63). @internal */
export function requireDnsLabel(scope: IConstruct, what: string, value: string): string {
  if (!isDnsLabel(value)) {
    throw invalidInput(scope, what, value,
      'Allowed: a DNS-1123 label — 1 to 63 lowercase letters, digits or \'-\', starting and ending with a letter or digit.');
  }
  return value;
}

/** Throws unless `value` is a DNS-1123 subdomain (most object names, DNS host names: labels joined by '.', at most 253). @internal */
export function requireDnsSubdomain(scope: IConstruct, what: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)
    || value.split('.').some((label) => label.length > 63)) {
    throw invalidInput(scope, what, value,
      'Allowed: a DNS-1123 subdomain — lowercase letters, digits, \'-\' and \'.\', at most 253 characters, each dot-separated part 1 to 63 characters starting and ending with a letter or digit.');
  }
  return value;
}

/** Throws unless `value` is a whole number within `[min, max]`. @internal */
export function requireInteger(scope: IConstruct, what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(scope, what, value, `Allowed: a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** Throws unless `value` is a finite number within `[min, max]`. @internal */
export function requireNumber(scope: IConstruct, what: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalidInput(scope, what, value, `Allowed: a number from ${min} to ${max}.`);
  }
  return value;
}

/** Throws unless `value` is a non-empty string without surrounding white space. @internal */
export function requireNonEmpty(scope: IConstruct, what: string, value: string): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.trim() !== value) {
    throw invalidInput(scope, what, value, 'Allowed: a non-empty string without leading or trailing white space.');
  }
  return value;
}

/** Kubernetes label values: at most 63 characters of alphanumerics, '-', '_' and '.', starting and ending alphanumeric. @internal */
export function requireLabelValue(scope: IConstruct, what: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) {
    throw invalidInput(scope, what, value,
      'Allowed: a Kubernetes label value — at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit.');
  }
  return value;
}
