/**
 * VirtualService match conditions (HTTP, TCP and TLS routes): when a match entry matches every request, and when an
 * earlier entry already matches everything a later one does (so the later one is never used).
 */

import { hostMatches } from './hosts';
import { arr, Json, rec, scalarText, str } from './kube';

/** Route sections of a VirtualService, in the order Istio reads them. */
export const ROUTE_SECTIONS = ['http', 'tcp', 'tls'] as const;

/** One of {@link ROUTE_SECTIONS}. */
export type RouteSection = (typeof ROUTE_SECTIONS)[number];

/** Keys of a match entry that name or describe it but do not restrict what it matches. */
const NON_CONDITIONS = new Set(['name', 'statPrefix']);

function conditionKeys(m: Json): string[] {
  return Object.keys(m).filter((k) => !NON_CONDITIONS.has(k) && m[k] !== undefined && m[k] !== null && k !== 'ignoreUriCase');
}

/** Whether a string matcher (`exact`/`prefix`/`regex`) matches every value: `prefix: ""`, `regex: ".*"` or empty. */
function stringMatchesAll(x: unknown): boolean {
  const s = rec(x);
  if (!s) return false;
  const keys = Object.keys(s).filter((k) => s[k] !== undefined && s[k] !== null);
  return keys.length === 0 || (keys.length === 1 && (s.prefix === '' || s.regex === '.*'));
}

/**
 * Whether an HTTP match entry matches every request: no condition, or only `uri` with `prefix: /` (or a matcher that
 * matches everything).
 */
function httpEntryMatchesAll(m: Json): boolean {
  const keys = conditionKeys(m);
  if (keys.length === 0) return true;
  if (keys.length !== 1 || keys[0] !== 'uri') return false;
  const uri = rec(m.uri);
  return stringMatchesAll(uri) || (uri?.prefix === '/' && Object.keys(uri).length === 1);
}

/** Whether a route rule of `section` catches every request: no `match`, or a match entry that matches everything. */
export function catchesAll(rule: unknown, section: RouteSection = 'http'): boolean {
  const r = rec(rule);
  if (!r) return false;
  const match = arr(r.match);
  if (match.length === 0) return true;
  return match.some((e) => {
    const m = rec(e);
    if (!m) return false;
    return section === 'http' ? httpEntryMatchesAll(m) : conditionKeys(m).length === 0;
  });
}

/** Whether string matcher `a` matches every value string matcher `b` matches (`ci`: compare case-insensitively). */
function stringCovers(a: unknown, b: unknown, ci = false): boolean {
  if (stringMatchesAll(a)) return true;
  const x = rec(a);
  const y = rec(b);
  if (!x || !y) return false;
  const norm = (v: unknown): string | undefined => {
    const s = typeof v === 'string' ? v : undefined;
    return s !== undefined && ci ? s.toLowerCase() : s;
  };
  const [ax, ap, ar] = [norm(x.exact), norm(x.prefix), str(x.regex)];
  const [bx, bp, br] = [norm(y.exact), norm(y.prefix), str(y.regex)];
  if (ax !== undefined) return bx === ax;
  if (ap !== undefined) return (bx !== undefined && bx.startsWith(ap)) || (bp !== undefined && bp.startsWith(ap));
  if (ar !== undefined) return br === ar;
  return false;
}

/** Whether every entry of map `a` (name → string matcher) is in `b` with a matcher it covers. */
function mapCovers(a: unknown, b: unknown): boolean {
  const x = rec(a) ?? {};
  const y = rec(b) ?? {};
  return Object.entries(x).every(([k, v]) => k in y && stringCovers(v, y[k]));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether list `a` (empty: unrestricted) admits every value list `b` admits, comparing with `admits`. An entry that
 * is no scalar (which Istio's validation refuses) admits nothing and is admitted by nothing.
 */
function listCovers(a: unknown, b: unknown, admits: (x: string, y: string) => boolean = (x, y) => x === y): boolean {
  const x = arr(a).map(scalarText);
  const y = arr(b).map(scalarText);
  if (x.length === 0) return true;
  return y.length > 0 && y.every((v) => v !== undefined && x.some((u) => u !== undefined && admits(u, v)));
}

/**
 * Whether match entry `a` matches every request (or connection) that match entry `b` matches, in `section`. Only
 * conditions the analyzer understands are compared; an unknown condition in `a` makes the answer `false`.
 */
export function matchCovers(a: unknown, b: unknown, section: RouteSection): boolean {
  const x = rec(a);
  const y = rec(b);
  if (!x || !y) return false;
  const ci = x.ignoreUriCase === true;
  if (!ci && y.ignoreUriCase === true && x.uri !== undefined) return false;
  for (const key of conditionKeys(x)) {
    const av = x[key];
    const bv = y[key];
    let ok: boolean;
    switch (key) {
      case 'uri':
        ok = stringCovers(av, bv, ci);
        break;
      case 'scheme':
      case 'method':
      case 'authority':
        ok = stringCovers(av, bv);
        break;
      case 'headers':
      case 'queryParams':
        ok = mapCovers(av, bv);
        break;
      case 'sourceLabels':
        ok = Object.entries(rec(av) ?? {}).every(([k, v]) => rec(bv)?.[k] === v);
        break;
      case 'gateways':
      case 'destinationSubnets':
        ok = listCovers(av, bv);
        break;
      case 'sniHosts':
        ok = section === 'tls' && listCovers(av, bv, (u, v) => hostMatches(u.toLowerCase(), v.toLowerCase()));
        break;
      case 'port':
      case 'sourceNamespace':
      case 'sourceSubnet':
      case 'withoutHeaders':
        ok = same(av, bv);
        break;
      default:
        ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

/** A rule of a VirtualService section that no request reaches, and why. */
export interface UnreachableRule {
  readonly rule: number;
  /** The earlier rule that catches every request, when that is the reason. */
  readonly afterCatchAll?: number;
}

/** A match entry that an earlier entry (of the same rule or an earlier one) already covers. */
export interface IneffectiveMatch {
  readonly rule: number;
  readonly match: number;
  readonly coveredBy: { readonly rule: number; readonly match: number };
}

/**
 * Reads the rules of one VirtualService section in order: the rules no request reaches (after a catch-all rule, or
 * every match entry covered by earlier entries) and the match entries an earlier entry covers.
 */
export function analyzeRules(rules: readonly unknown[], section: RouteSection): { unreachable: UnreachableRule[]; ineffective: IneffectiveMatch[] } {
  const unreachable: UnreachableRule[] = [];
  const ineffective: IneffectiveMatch[] = [];
  const earlier: Array<{ rule: number; match: number; entry: unknown }> = [];
  let catchAll: number | undefined;
  rules.forEach((r, i) => {
    if (catchAll !== undefined) {
      unreachable.push({ rule: i, afterCatchAll: catchAll });
      return;
    }
    const entries = arr(rec(r)?.match);
    let covered = 0;
    entries.forEach((entry, j) => {
      const by = earlier.find((e) => matchCovers(e.entry, entry, section));
      if (by) {
        covered++;
        ineffective.push({ rule: i, match: j, coveredBy: { rule: by.rule, match: by.match } });
      } else {
        earlier.push({ rule: i, match: j, entry });
      }
    });
    if (entries.length > 0 && covered === entries.length) unreachable.push({ rule: i });
    if (catchesAll(r, section)) catchAll = i;
  });
  return { unreachable, ineffective };
}
