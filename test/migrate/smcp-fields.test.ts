import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildTravelsWorkshop, migrateOssm2, MigrationStatus, OssmVersion, renderDist, SMCP_FIELD_RULES } from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { KubeObject } from '../../lib/analysis/types';
import { CRD_SCHEMAS_DIR, validateAll } from '../support/crd-schema';

const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

/** The workshop's OSSM 2.6 control plane, member roll and apps, as npm run synth writes them (no steps). */
function workshop26(): KubeObject[] {
  const { files } = renderDist(buildTravelsWorkshop({ clusterBaseDomain: 'apps.example.com', ossmVersion: OssmVersion.V2_6 }), { analyze: false });
  return [...files].filter(([f]) => f.startsWith('01-') || f.startsWith('02-')).flatMap(([, text]) => objectsOf(text));
}

const output = (result: ReturnType<typeof migrateOssm2>) => result.files.flatMap((f) => f.objects) as KubeObject[];

describe('the field table', () => {
  const schemas = JSON.parse(readFileSync(join(CRD_SCHEMAS_DIR, 'crds-ossm3.json'), 'utf8')).kinds;
  const smcpSchemas = JSON.parse(readFileSync(join(CRD_SCHEMAS_DIR, 'crds.json'), 'utf8')).kinds;
  const istioSchema = schemas.find((k: any) => k.apiVersion === 'sailoperator.io/v1' && k.kind === 'Istio').schema;
  const smcpSchema = smcpSchemas.find((k: any) => k.apiVersion === 'maistra.io/v2' && k.kind === 'ServiceMeshControlPlane').schema;
  const walk = (schema: any, path: string[]) => path.reduce((s, key) => s?.properties?.[key] ?? (key === '*' || s?.additionalProperties ? s?.additionalProperties : undefined), schema);

  test('every target is a field of the OSSM 3.4 Istio CRD under spec.values', () => {
    const missing = SMCP_FIELD_RULES.filter((r) => r.to !== undefined && walk(istioSchema, ['spec', 'values', ...r.to.split('.')]) === undefined).map((r) => r.to);
    expect(missing).toEqual([]);
  });

  /** Values of the SMCP's free-form strings that name the same things as the Istio's enums. */
  const REALISTIC: Record<string, unknown> = {
    'proxy.accessLogging.file.encoding': 'JSON',
    'proxy.networking.trafficControl.inbound.interceptionMode': 'REDIRECT',
    'proxy.networking.trafficControl.outbound.policy': 'REGISTRY_ONLY',
    'security.controlPlane.tls.minProtocolVersion': 'TLSv1_2',
  };
  /** A value of an SMCP schema node: its first enum value, or a minimal value of its type with its required properties. */
  function sample(schema: any, path: string): unknown {
    if (path in REALISTIC) return REALISTIC[path];
    if (path.endsWith('imagePullPolicy')) return 'IfNotPresent';
    if (!schema) return 'x';
    if (schema.enum) return schema.enum[0];
    if (schema['x-kubernetes-int-or-string']) return '1';
    switch (schema.type) {
      case 'integer': case 'number': return 1;
      case 'boolean': return true;
      case 'array': return [sample(schema.items, `${path}[]`)];
      case 'object': {
        if (schema.properties) {
          const keys = [...new Set([Object.keys(schema.properties)[0], ...(schema.required ?? [])])];
          return Object.fromEntries(keys.map((k) => [k, sample(schema.properties[k], `${path}.${k}`)]));
        }
        return schema.additionalProperties ? { key: sample(schema.additionalProperties, `${path}.*`) } : {};
      }
      default: return path.endsWith('operator') ? 'Exists' : 'x';
    }
  }

  test.each(SMCP_FIELD_RULES.filter((r) => r.to !== undefined).map((r) => [r.path, r.to] as const))(
    'a value %s accepts becomes one %s accepts', (path) => {
      // a MultiTenant control plane ignores meshConfig.discoverySelectors
      const spec: Record<string, any> = path.startsWith('meshConfig.') ? { mode: 'ClusterWide' } : {};
      const keys = path.replace('*', 'pilot').split('.');
      let parent = spec;
      for (const key of keys.slice(0, -1)) parent = (parent[key] = {});
      parent[keys[keys.length - 1]] = sample(walk(smcpSchema, ['spec', ...path.split('.')]), path);
      const smcp: KubeObject = { apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'x', namespace: 'cp' }, spec };
      expect(validateAll([smcp], '2.6')).toEqual([]);
      const result = migrateOssm2([smcp]);
      expect(result.controlPlanes[0].fields.find((f) => f.field === path.replace('*', 'pilot'))).toMatchObject({ status: MigrationStatus.MAPPED });
      expect(validateAll(output(result), '3')).toEqual([]);
    });

  test('every rule names a field of the maistra.io/v2 SMCP (the OSSM 2.5.1 CRD), and exactly one way', () => {
    const missing = SMCP_FIELD_RULES.filter((r) => walk(smcpSchema, ['spec', ...r.path.split('.')]) === undefined).map((r) => r.path);
    expect(missing).toEqual([]);
    for (const r of SMCP_FIELD_RULES) expect([r.path, [r.to, r.handledBy, r.nothing ?? r.lost].filter((x) => x !== undefined).length]).toEqual([r.path, 1]);
  });
});
