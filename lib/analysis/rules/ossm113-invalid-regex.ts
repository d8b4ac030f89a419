import type * as re2js from 're2js';
import { lazyModule } from '../../core/lazy-module';
import { arr, rec, str } from '../kube';
import { Rule } from '../rule';

/** The string-match fields of an `HTTPMatchRequest` whose value is one StringMatch. */
const SINGLE_MATCHES = ['uri', 'scheme', 'method', 'authority'] as const;
/** The fields whose value is a map of names to StringMatches. */
const MAP_MATCHES = ['headers', 'queryParams', 'withoutHeaders'] as const;

/** The RE2 implementation, loaded when a VirtualService has a regex (the workshop's synth loads none). */
const re2 = lazyModule(() => require('re2js') as typeof re2js);

/** Why `regex` is not RE2 (Envoy's syntax), or undefined when it compiles. */
export function re2Error(regex: string): string | undefined {
  try {
    re2().RE2JS.compile(regex);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * OSSM113 (error): a `regex` string match of a VirtualService (`http[].match[]` uri, scheme, method, authority,
 * headers, queryParams, withoutHeaders; `corsPolicy.allowOrigins[]`) is not a valid RE2 expression. Envoy matches
 * with RE2 (no look-around, no back-references), and Istio's validating webhook rejects the VirtualService.
 */
export const invalidRegex: Rule = {
  code: 'OSSM113',
  severity: 'error',
  title: 'Regular expression of a match that is not valid RE2 (Envoy\'s syntax): Istio rejects the VirtualService',
  reference: 'IST0122',
  fix: 'Rewrite the expression in RE2 syntax (no look-ahead/look-behind, no back-references), or use exact/prefix.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      const check = (where: string, m: unknown): void => {
        const regex = str(rec(m)?.regex);
        if (regex === undefined) return;
        const error = re2Error(regex);
        if (error) report(vs, `${where}.regex ${JSON.stringify(regex)} is not valid RE2 (${error}): Istio's webhook rejects the VirtualService`);
      };
      arr(vs.spec.http).forEach((r, i) => {
        const rule = rec(r);
        arr(rule?.match).forEach((raw, j) => {
          const m = rec(raw);
          if (!m) return;
          for (const field of SINGLE_MATCHES) check(`http[${i}].match[${j}].${field}`, m[field]);
          for (const field of MAP_MATCHES) {
            for (const [name, value] of Object.entries(rec(m[field]) ?? {})) check(`http[${i}].match[${j}].${field}.${name}`, value);
          }
        });
        arr(rec(rule?.corsPolicy)?.allowOrigins).forEach((o, k) => check(`http[${i}].corsPolicy.allowOrigins[${k}]`, o));
      });
    }
  },
};
