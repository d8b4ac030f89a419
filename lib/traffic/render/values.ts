// Checks and Istio forms of the values routing intent is made of: durations, string matches, percentages.
import { Duration } from 'cdk8s';
import type * as re2js from 're2js';
import { lazyModule } from '../../core/lazy-module';
import { invalidInput, isDnsLabel, requireArray, requireNumber, rethrowAsInvalidInput, ValidationScope } from '../../core/validation';
import { MAX_ISTIO_DURATION_MS } from '../intent/routing';
import { StringMatch, StringMatchType } from '../intent/string-match';

/** Istio's duration form: whole seconds as `10s`, otherwise milliseconds as `1500ms`. @internal */
export function istioDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A Duration in Istio's form; refused unless whole milliseconds from 1 ms to {@link MAX_ISTIO_DURATION_MS}. @internal */
export function requireIstioDuration(scope: ValidationScope, what: string, value: Duration): string {
  const allowed = `Allowed: a Duration of whole milliseconds from 1 ms to ${MAX_ISTIO_DURATION_MS} ms, e.g. Duration.seconds(5).`;
  if (!(value instanceof Duration)) throw invalidInput(scope, what, value, allowed);
  const ms = rethrowAsInvalidInput(scope, what, value, allowed, () => value.toMilliseconds());
  if (!Number.isSafeInteger(ms) || ms < 1 || ms > MAX_ISTIO_DURATION_MS) throw invalidInput(scope, what, value, allowed);
  return istioDuration(value);
}

/** `{ value }` for a percentage 0–100 (fractions allowed), as Istio's `Percent`. @internal */
export function requirePercent(scope: ValidationScope, what: string, value: number): { value: number } {
  return { value: requireNumber(scope, what, value, 0, 100) };
}

/** The RE2 implementation, loaded when a regular expression is checked. */
const re2 = lazyModule(() => require('re2js') as typeof re2js);

/** Throws unless `value` compiles as an RE2 regular expression, the syntax Envoy uses. @internal */
export function requireRe2(scope: ValidationScope, what: string, value: string): string {
  try {
    re2().RE2JS.compile(value);
  } catch (e) {
    throw invalidInput(scope, what, value, `Allowed: an RE2 regular expression, the syntax Envoy uses (${(e as Error).message}).`);
  }
  return value;
}

/** Where a string match is used, for the rules that depend on it. @internal */
export interface StringMatchUse {
  /** The types allowed here. @default every type */
  readonly types?: readonly StringMatchType[];
  /** `exact` and `prefix` values must start with `/` (a path). @default false */
  readonly path?: boolean;
  /** Values may be empty (an empty `prefix` matches any value, i.e. the header is present). @default false */
  readonly allowEmpty?: boolean;
}

/**
 * Checks a {@link StringMatch} (non-empty value without line breaks or NUL, a compiling RE2 expression, the types
 * and form the place allows) and returns Istio's form.
 * @internal
 */
export function requireStringMatch(scope: ValidationScope, what: string, match: StringMatch, use: StringMatchUse = {}): { exact?: string; prefix?: string; regex?: string } {
  if (!(match instanceof StringMatch)) {
    throw invalidInput(scope, what, match, 'Allowed: StringMatch.exact(), .prefix() or .regex() (or HeaderMatch\'s).');
  }
  const types = use.types ?? Object.values(StringMatchType);
  if (!types.includes(match.type)) {
    throw invalidInput(scope, `${what} type`, match.type, `Allowed: ${types.map((t) => `"${t}"`).join(', ')} here.`);
  }
  const value = match.value;
  if (typeof value !== 'string' || (value.length === 0 && !use.allowEmpty) || /[\0\r\n]/.test(value)) {
    throw invalidInput(scope, what, value, 'Allowed: a non-empty value without line breaks or NUL.');
  }
  if (match.type === StringMatchType.REGEX) requireRe2(scope, what, value);
  else if (use.path && !value.startsWith('/')) {
    throw invalidInput(scope, what, value, 'Allowed: a path starting with "/" (a request path always does, so this would never match).');
  }
  return match.toIstio();
}

/**
 * Checks an `exportTo` list (namespaces that see the object: `.` its own, `*` all, `~` none, or namespace names):
 * non-empty, no repeats, `~` and `*` only alone.
 * @internal
 */
export function requireExportTo(scope: ValidationScope, what: string, exportTo: readonly string[]): string[] {
  const list = requireArray(scope, what, exportTo);
  const allowed = 'Allowed: "." (this namespace), "*" (all), "~" (none) or namespace names, each once; "*" and "~" only alone.';
  if (list.length === 0) throw invalidInput(scope, what, list, allowed);
  list.forEach((ns, i) => {
    if (!(ns === '.' || ns === '*' || ns === '~' || isDnsLabel(ns)) || list.indexOf(ns) !== i) throw invalidInput(scope, `${what}[${i}]`, ns, allowed);
  });
  if (list.length > 1 && (list.includes('*') || list.includes('~'))) throw invalidInput(scope, what, list, allowed);
  return [...list];
}
