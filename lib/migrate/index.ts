export { MIGRATION_DISCOVERY_LABEL, MigrationInputError, migrateOssm2, newestIstioVersion } from './migrate';
export type { MigratedControlPlane, MigrateOptions, MigrationField, MigrationFile, MigrationResult } from './migrate';
export { formatMigrationReport } from './report';
export type { MigrationReportOptions } from './report';
export { MigrationStatus, SMCP_FIELD_RULES } from './smcp-fields';
export type { SmcpFieldRule } from './smcp-fields';
