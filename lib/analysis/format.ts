import { AnalysisResult } from './analyze';
import { Finding } from './types';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function findingObject(f: Finding): string {
  return f.namespace ? `${f.kind}/${f.namespace}/${f.name}` : `${f.kind}/${f.name}`;
}

/**
 * One line for a finding: `ERROR OSSM101 Kind/ns/name: message (fix: ...)`, or `SUPPRESSED ... (reason: ...)`;
 * preceded by `file:line: ` when the finding names its file (as compilers do, so that editors can jump there).
 */
export function formatFinding(f: Finding): string {
  const head = `${findingObject(f)}: ${f.message}`;
  const place = f.file !== undefined ? `${f.file}:${f.line ?? 1}: ` : '';
  return f.suppressedBecause !== undefined
    ? `${place}SUPPRESSED ${f.code} ${head} (reason: ${f.suppressedBecause})`
    : `${place}${f.severity.toUpperCase()} ${f.code} ${head} (fix: ${f.fix})`;
}

/**
 * The result as text: one line per finding in the result's order, then a summary line such as
 * `2 errors, 1 warning, 0 suppressed in 57 objects`. Ends with a newline.
 */
export function formatText(result: AnalysisResult): string {
  const lines = result.findings.map(formatFinding);
  lines.push(`${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${result.suppressed} suppressed in ${plural(result.objects, 'object')}`);
  return lines.join('\n') + '\n';
}
