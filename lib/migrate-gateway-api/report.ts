import { ConversionOutcome } from '../traffic/render-gateway-api/convert-http';
import { GatewayApiMigrationResult } from './migrate-gateway-api';

const LABEL: Readonly<Record<ConversionOutcome, string>> = {
  [ConversionOutcome.CONVERTED]: 'converted',
  [ConversionOutcome.KEPT]: 'kept',
  [ConversionOutcome.NOT_CONVERTIBLE]: 'NOT CONVERTIBLE',
};

/**
 * The report of `migrate --to gateway-api` as text: per input object, one line per field (`converted`, `kept`,
 * `NOT CONVERTIBLE`) with what it became or why not, the files in apply order and a summary.
 */
export function formatGatewayApiMigrationReport(result: GatewayApiMigrationResult): string {
  const lines: string[] = [];
  for (const entry of result.entries) {
    lines.push(entry.source);
    for (const n of entry.notes) lines.push(`  ${LABEL[n.outcome].padEnd(15)}  ${n.field}: ${n.detail}`);
  }
  lines.push('Files, in apply order:');
  for (const file of result.files) lines.push(`  ${file.name} (${file.objects.length} object${file.objects.length === 1 ? '' : 's'}): ${file.description}`);
  const notes = result.entries.flatMap((e) => e.notes);
  const counts = Object.values(ConversionOutcome).map((o) => `${notes.filter((n) => n.outcome === o).length} ${o}`).join(', ');
  lines.push(`${notes.length} field${notes.length === 1 ? '' : 's'}: ${counts}. ${result.complete
    ? 'Everything was converted or kept.'
    : 'The fields marked NOT CONVERTIBLE are not in the output (see each reason); everything else was written.'}`);
  return `${lines.join('\n')}\n`;
}
