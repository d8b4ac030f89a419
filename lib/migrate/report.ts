import { formatValue, isSecretName } from '../core/validation';
import { MigrationResult } from './migrate';
import { MigrationStatus } from './smcp-fields';

const LABEL: Readonly<Record<MigrationStatus, string>> = {
  [MigrationStatus.MAPPED]: 'mapped',
  [MigrationStatus.HANDLED]: 'handled',
  [MigrationStatus.NOTHING_TO_DO]: 'nothing to do',
  [MigrationStatus.NOT_MIGRATABLE]: 'NOT MIGRATABLE',
  [MigrationStatus.KEPT_FOR_HUMAN]: 'KEPT FOR HUMAN',
};

/** Where the objects of a migration went, for the report's wording. */
export interface MigrationReportOptions {
  /** The folder the files were written to; undefined when the objects went to standard output (or nowhere yet). */
  readonly out?: string;
}

/**
 * The report of a migration as text, one line per field of each ServiceMeshControlPlane (`mapped`, `handled`,
 * `nothing to do`, `KEPT FOR HUMAN`, `NOT MIGRATABLE`) with where it went or why and, when not the SMCP's own
 * `spec`, where the value came from (`[profile default]`, `[status.appliedSpec]`); the notes; the objects of the input
 * that are not migratable; the files written to `options.out` in apply order, or, without it, the parts of the output
 * (on standard output, in apply order); and a summary.
 */
export function formatMigrationReport(result: MigrationResult, options: MigrationReportOptions = {}): string {
  const lines: string[] = [];
  for (const cp of result.controlPlanes) {
    lines.push(`ServiceMeshControlPlane ${cp.source} (${cp.mode || 'not v2'}; members: ${cp.members.join(', ') || 'none listed'}) → Istio ${cp.istio}`);
    for (const f of cp.fields) {
      const where = f.to !== undefined ? ` → ${f.to}` : `: ${f.reason}`;
      const shown = isSecretName(f.field.split('.').pop() ?? '') ? '***' : formatValue(f.value);
      const from = f.source === undefined || f.source === 'spec' ? '' : ` [${f.source}]`;
      lines.push(`  ${LABEL[f.status].padEnd(14)}  ${f.field} ${shown}${from}${where}`);
    }
    for (const note of cp.notes) lines.push(`  note: ${note}`);
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
  for (const lost of result.notMigratable ?? []) lines.push(`NOT MIGRATABLE  ${lost}`);
  const count = (n: number) => `${n} object${n === 1 ? '' : 's'}`;
  if (options.out !== undefined) {
    lines.push(`Files written to ${options.out}, in apply order:`);
    for (const file of result.files) lines.push(`  ${file.name} (${count(file.objects.length)}): ${file.description}`);
  } else {
    lines.push('Objects on standard output, in apply order (with --out DIR, one file for each part):');
    for (const file of result.files) lines.push(`  ${count(file.objects.length)}, ${file.name.replace(/^\d+-|\.yaml$/g, '')}: ${file.description}`);
  }
  const fields = result.controlPlanes.flatMap((cp) => cp.fields);
  const counts = Object.values(MigrationStatus).map((s) => `${fields.filter((f) => f.status === s).length} ${s}`).join(', ');
  lines.push(`${fields.length} field${fields.length === 1 ? '' : 's'}: ${counts}. ${result.complete
    ? 'Every field in use was migrated.'
    : 'What is marked NOT MIGRATABLE or KEPT FOR HUMAN needs a step of its own (see each reason); everything else was written.'}`);
  return `${lines.join('\n')}\n`;
}
