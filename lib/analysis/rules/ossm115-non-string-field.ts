import { formatValue, redactedValue } from '../../core/validation';
import { arr, rec } from '../kube';
import { ROUTE_SECTIONS } from '../matches';
import { Report, Rule } from '../rule';
import { ObjectRef } from '../context';

const typeOf = (v: unknown): string => (Array.isArray(v) ? 'a list' : typeof v);

/** The fields of an HTTP match entry that are one `StringMatch` each. */
const STRING_MATCH_FIELDS = ['uri', 'scheme', 'method', 'authority'] as const;
/** The fields of an HTTP match entry that map a name to a `StringMatch`. */
const STRING_MATCH_MAPS = [['headers', 'header'], ['queryParams', 'query parameter'], ['withoutHeaders', 'header']] as const;
const MATCH_KINDS = ['exact', 'prefix', 'regex'] as const;

/** Why a `StringMatch` is not one the CRD accepts, or undefined when it is (`what` names it, for redaction). */
function badStringMatch(x: unknown, what: string): string | undefined {
  if (x === undefined || x === null) return undefined;
  const m = rec(x);
  if (!m) return ` is ${redactedValue(what, x)}, not an object with exact, prefix or regex`;
  for (const kind of MATCH_KINDS) {
    if (m[kind] !== undefined && m[kind] !== null && typeof m[kind] !== 'string') {
      return `.${kind} is ${redactedValue(what, m[kind])} (${Array.isArray(m[kind]) ? 'a list' : typeof m[kind]}), not a string`;
    }
  }
  return undefined;
}

function checkSubset(vs: ObjectRef, at: string, destination: unknown, report: Report): void {
  const subset = rec(destination)?.subset;
  if (subset !== undefined && subset !== null && typeof subset !== 'string') {
    report(vs, `${at}.subset is ${redactedValue('subset', subset)} (${Array.isArray(subset) ? 'a list' : typeof subset}), not a string: the CRD refuses the object (a subset named "on", "yes" or "1" must be quoted)`);
  }
}

/**
 * OSSM115 (error): a field the Istio CRD types as a string holds a boolean, a number or a list — in a match
 * (`exact: yes` is read as YAML 1.1 `true`, `exact: 123` as a number), as a destination's subset (`subset: on`), or
 * as a DestinationRule subset's name or label value (`name: on`, `version: 1`).
 * The API server refuses the object; other tools would read the match as "any value" or drop the subset.
 */
export const nonStringField: Rule = {
  code: 'OSSM115',
  severity: 'error',
  title: 'A string match or subset that is not a string',
  reference: '— (Istio CRD schema)',
  fix: 'Quote the value (exact: "yes", subset: "on", exact: "123"): YAML reads yes, no, on, off, true, false and numbers as other types.',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      for (const section of ROUTE_SECTIONS) {
        arr(vs.spec[section]).forEach((r, i) => {
          const rule = rec(r);
          if (section === 'http') {
            arr(rule?.match).forEach((e, j) => {
              const m = rec(e);
              if (!m) return;
              for (const field of STRING_MATCH_FIELDS) {
                const bad = badStringMatch(m[field], field);
                if (bad) report(vs, `${section}[${i}].match[${j}].${field}${bad}`);
              }
              for (const [field, noun] of STRING_MATCH_MAPS) {
                for (const [name, spec] of Object.entries(rec(m[field]) ?? {})) {
                  const bad = badStringMatch(spec, `${noun} ${name}`);
                  if (bad) report(vs, `${section}[${i}].match[${j}].${field}[${JSON.stringify(name)}]${bad}`);
                }
              }
            });
            checkSubset(vs, `${section}[${i}].mirror`, rule?.mirror, report);
            arr(rule?.mirrors).forEach((mirror, j) => checkSubset(vs, `${section}[${i}].mirrors[${j}].destination`, rec(mirror)?.destination, report));
          }
          arr(rule?.route).forEach((d, j) => checkSubset(vs, `${section}[${i}].route[${j}].destination`, rec(d)?.destination, report));
        });
      }
    }
    for (const dr of ctx.destinationRules) {
      arr(dr.spec.subsets).forEach((x, i) => {
        const subset = rec(x);
        if (subset?.name !== undefined && subset.name !== null && typeof subset.name !== 'string') {
          report(dr, `subsets[${i}].name is ${formatValue(subset.name)} (${typeOf(subset.name)}), not a string: the CRD refuses the object (quote it, e.g. name: "on")`);
        }
        for (const [key, value] of Object.entries(rec(subset?.labels) ?? {})) {
          if (value !== null && typeof value !== 'string') {
            report(dr, `subsets[${i}].labels[${JSON.stringify(key)}] is ${formatValue(value)} (${typeOf(value)}), not a string: the CRD refuses the object (quote it)`);
          }
        }
      });
    }
  },
};
