import { RE2JS } from 're2js';
import { rec } from '../analysis/kube';
import { formatValue, isSecretInput, REDACTED } from '../core/validation';

/**
 * An Istio `StringMatch` (`exact`, `prefix`, `regex`) as Envoy applies it. An empty match (`{}`) and `regex: "*"`
 * mean "present" (Istio turns them into Envoy's `present_match`). Regexes are RE2 and must match the whole value,
 * as Envoy's `safe_regex`.
 */
export type StringMatcher =
  | { readonly kind: 'exact' | 'prefix'; readonly value: string }
  | { readonly kind: 'regex'; readonly value: string; readonly re: RE2JS | undefined; readonly error?: string }
  | { readonly kind: 'present' }
  /** A match the Istio CRD refuses (`exact: true`, `prefix: 123`, a list): it matches nothing, never any value. */
  | { readonly kind: 'invalid'; readonly field: string; readonly value: unknown };

const STRING_MATCH_FIELDS = ['exact', 'prefix', 'regex'] as const;

/**
 * Reads a `StringMatch` as written. A field of it that is not a string (YAML 1.1 reads `exact: yes` as `true`,
 * `exact: 123` as a number) is `invalid`: the CRD types each as a string, so the cluster refuses the object.
 */
export function stringMatcher(x: unknown): StringMatcher {
  const m = rec(x);
  if (m === undefined) return x === null || x === undefined ? { kind: 'present' } : { kind: 'invalid', field: '', value: x };
  const wrong = STRING_MATCH_FIELDS.find((f) => m[f] !== undefined && typeof m[f] !== 'string');
  if (wrong !== undefined) return { kind: 'invalid', field: wrong, value: m[wrong] };
  if (typeof m.exact === 'string') return { kind: 'exact', value: m.exact };
  if (typeof m.prefix === 'string') return { kind: 'prefix', value: m.prefix };
  if (typeof m.regex === 'string') {
    if (m.regex === '*') return { kind: 'present' };
    try {
      return { kind: 'regex', value: m.regex, re: RE2JS.compile(m.regex) };
    } catch (e) {
      return { kind: 'regex', value: m.regex, re: undefined, error: (e as Error).message };
    }
  }
  return { kind: 'present' };
}

/**
 * Whether `actual` (undefined: absent) satisfies the matcher. `ignoreCase` compares exact and prefix matches
 * case-insensitively (Istio's `ignoreUriCase`; Envoy ignores it for regexes).
 */
export function stringMatches(m: StringMatcher, actual: string | undefined, ignoreCase = false): boolean {
  if (actual === undefined || m.kind === 'invalid') return false;
  switch (m.kind) {
    case 'present':
      return true;
    case 'exact':
      return ignoreCase ? actual.toLowerCase() === m.value.toLowerCase() : actual === m.value;
    case 'prefix':
      return ignoreCase ? actual.toLowerCase().startsWith(m.value.toLowerCase()) : actual.startsWith(m.value);
    case 'regex':
      return m.re !== undefined && m.re.matches(actual);
  }
}

/**
 * The matcher in words: `exactly "v1"`, `starting with "/api"`, `matching the regex "v[12]"`, `present`; with
 * `secret` (the header is named like a credential, e.g. `authorization`) the value is `***`.
 */
export function describeMatcher(m: StringMatcher, secret = false): string {
  const shown = (v: unknown) => (secret ? REDACTED : JSON.stringify(v));
  switch (m.kind) {
    case 'present':
      return 'present';
    case 'exact':
      return `exactly ${shown(m.value)}`;
    case 'prefix':
      return `starting with ${shown(m.value)}`;
    case 'regex':
      return `matching the regex ${shown(m.value)}`;
    case 'invalid':
      return `${m.field ? `${m.field}: ` : ''}${secret ? REDACTED : formatValue(m.value)}, which is not a string match (Istio's CRD refuses it; it matches nothing)`;
  }
}

/**
 * Why `actual` fails the matcher, naming the thing matched (`header portal`, `path`): `header portal is absent
 * (the rule needs it exactly "travels.uk")`, `path is "/a", not starting with "/b"`.
 */
export function mismatch(what: string, m: StringMatcher, actual: string | undefined): string {
  const secret = isSecretInput(what);
  if (m.kind === 'regex' && m.re === undefined) {
    return `the rule's regex ${secret ? REDACTED : JSON.stringify(m.value)} for ${what} is not valid RE2 (${m.error ?? 'unknown error'}); Istio rejects it`;
  }
  if (m.kind === 'invalid') {
    return `the rule's match for ${what} is ${describeMatcher(m, secret)}: ${m.field ? `${m.field} must be a string (quote it: YAML reads yes, on, true and numbers as other types)` : 'it must be an object with exact, prefix or regex'}`;
  }
  if (actual === undefined) {
    return m.kind === 'present' ? `${what} is absent` : `${what} is absent (the rule needs it ${describeMatcher(m, secret)})`;
  }
  return `${what} is ${secret ? REDACTED : JSON.stringify(actual)}, not ${describeMatcher(m, secret)}`;
}
