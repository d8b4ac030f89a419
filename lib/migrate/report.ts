import { formatValue, isSecretName } from '../core/validation';
import { MigrationResult } from './migrate';
import { MigrationStatus } from './smcp-fields';

const LABEL: Readonly<Record<MigrationStatus, string>> = {
  [MigrationStatus.MAPPED]: 'mapped',
  [MigrationStatus.HANDLED]: 'handled',
  [MigrationStatus.NOTHING_TO_DO]: 'nothing to do',
  [MigrationStatus.NOT_MIGRATABLE]: 'NOT MIGRATABLE',
};

/**
 * The report of a migration as text, one line per field of each ServiceMeshControlPlane (`mapped`, `handled`,
 * `nothing to do`, `NOT MIGRATABLE`) with where it went or why, the notes, the files in apply order and a summary.
 */
export function formatMigrationReport(result: MigrationResult): string {
  const lines: string[] = [];
  for (const cp of result.controlPlanes) {
    lines.push(`ServiceMeshControlPlane ${cp.source} (${cp.mode || 'not v2'}; members: ${cp.members.join(', ') || 'none listed'}) → Istio ${cp.istio}`);
    for (const f of cp.fields) {
      const where = f.to !== undefined ? ` → ${f.to}` : `: ${f.reason}`;
      const shown = isSecretName(f.field.split('.').pop() ?? '') ? '***' : formatValue(f.value);
      lines.push(`  ${LABEL[f.status].padEnd(14)}  ${f.field} ${shown}${where}`);
    }
    for (const note of cp.notes) lines.push(`  note: ${note}`);
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
  lines.push('Files, in apply order:');
  for (const file of result.files) lines.push(`  ${file.name} (${file.objects.length} object${file.objects.length === 1 ? '' : 's'}): ${file.description}`);
  const fields = result.controlPlanes.flatMap((cp) => cp.fields);
  const counts = Object.values(MigrationStatus).map((s) => `${fields.filter((f) => f.status === s).length} ${s}`).join(', ');
  lines.push(`${fields.length} field${fields.length === 1 ? '' : 's'}: ${counts}. ${result.complete
    ? 'Every field in use was migrated.'
    : 'The fields marked NOT MIGRATABLE need a step of their own (see each reason); everything else was written.'}`);
  return `${lines.join('\n')}\n`;
}
