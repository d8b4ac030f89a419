import { RE2JS } from 're2js';
import { rec } from '../analysis/kube';

/**
 * An Istio `StringMatch` (`exact`, `prefix`, `regex`) as Envoy applies it. An empty match (`{}`) and `regex: "*"`
 * mean "present" (Istio turns them into Envoy's `present_match`). Regexes are RE2 and must match the whole value,
 * as Envoy's `safe_regex`.
 */
export type StringMatcher =
  | { readonly kind: 'exact' | 'prefix'; readonly value: string }
  | { readonly kind: 'regex'; readonly value: string; readonly re: RE2JS | undefined; readonly error?: string }
  | { readonly kind: 'present' };

/** Reads a `StringMatch` as written. */
export function stringMatcher(x: unknown): StringMatcher {
  const m = rec(x) ?? {};
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
  if (actual === undefined) return false;
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

/** The matcher in words: `exactly "v1"`, `starting with "/api"`, `matching the regex "v[12]"`, `present`. */
export function describeMatcher(m: StringMatcher): string {
  switch (m.kind) {
    case 'present':
      return 'present';
    case 'exact':
      return `exactly ${JSON.stringify(m.value)}`;
    case 'prefix':
      return `starting with ${JSON.stringify(m.value)}`;
    case 'regex':
      return `matching the regex ${JSON.stringify(m.value)}`;
  }
}

/**
 * Why `actual` fails the matcher, naming the thing matched (`header portal`, `path`): `header portal is absent
 * (the rule needs it exactly "travels.uk")`, `path is "/a", not starting with "/b"`.
 */
export function mismatch(what: string, m: StringMatcher, actual: string | undefined): string {
  if (m.kind === 'regex' && m.re === undefined) {
    return `the rule's regex ${JSON.stringify(m.value)} for ${what} is not valid RE2 (${m.error ?? 'unknown error'}); Istio rejects it`;
  }
  if (actual === undefined) {
    return m.kind === 'present' ? `${what} is absent` : `${what} is absent (the rule needs it ${describeMatcher(m)})`;
  }
  return `${what} is ${JSON.stringify(actual)}, not ${describeMatcher(m)}`;
}
