import { Rule, RULE_CODE_PATTERN, SUPPRESS_ANNOTATION_PREFIX } from '../rule';

/**
 * OSSM001 (warning): a suppression annotation that suppresses nothing, because it names no known rule code or
 * gives no reason. A typo in a suppression would otherwise silently keep the finding — or hide the mistake.
 * @param knownCodes the codes of all rules, read when the rule runs
 */
export function suppressionRule(knownCodes: () => ReadonlySet<string>): Rule {
  return {
    code: 'OSSM001',
    severity: 'warning',
    title: 'Suppression annotation with an unknown code or an empty reason',
    reference: '—',
    fix: `Use ${SUPPRESS_ANNOTATION_PREFIX}<CODE>: "<reason>" with a code from docs/ANALYZER.md and a non-empty reason, or use suppressFinding().`,
    check(ctx, report) {
      const codes = knownCodes();
      for (const ref of ctx.objects) {
        for (const [key, reason] of Object.entries(ref.annotations)) {
          if (!key.startsWith(SUPPRESS_ANNOTATION_PREFIX)) continue;
          const code = key.slice(SUPPRESS_ANNOTATION_PREFIX.length);
          if (!RULE_CODE_PATTERN.test(code) || !codes.has(code)) {
            report(ref, `annotation ${key} names no known rule code, so it suppresses nothing`);
          } else if (reason.trim() === '') {
            report(ref, `annotation ${key} has an empty reason, so it does not suppress ${code}`);
          }
        }
      }
    },
  };
}
