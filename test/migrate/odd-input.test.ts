// Regression tests for what the property-based tests (test/fuzz/readers.test.ts) found the migration mishandling.
import { KubeObject, MigrationInputError, MigrationStatus, migrateOssm2 } from '../../lib';
import { validateAll } from '../support/crd-schema';

// exported with status.appliedSpec equal to its spec: what ran is exactly the spec
const smcp = (spec: object, metadata: object = { name: 'basic', namespace: 'istio-system' }): KubeObject =>
  ({ apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata, spec, status: { appliedSpec: spec } } as KubeObject);
const field = (spec: object, name: string) => migrateOssm2([smcp(spec)]).controlPlanes[0].fields.find((f) => f.field === name);

test.each([
  [{ name: Object.fromEntries([['toString', 'x']]), namespace: 'istio-system' }],
  [{ name: 'basic', namespace: 'Bad_NS' }],
  [{ name: 'basic', namespace: 42 }],
])('an SMCP whose name or namespace is not valid is refused with MigrationInputError (%j)', (metadata) => {
  expect(() => migrateOssm2([smcp({}, metadata)])).toThrow(MigrationInputError);
});

test('an empty section is reported as nothing to do', () => {
  expect(field({ addons: {} }, 'addons')).toMatchObject({ status: MigrationStatus.NOTHING_TO_DO, reason: 'empty: it sets nothing.' });
});

test.each([
  ['proxy.accessLogging.file.encoding', { proxy: { accessLogging: { file: { encoding: 'XML' } } } }],
  ['security.controlPlane.tls.minProtocolVersion', { security: { controlPlane: { tls: { minProtocolVersion: 'TLSv1_0' } } } }],
  ['runtime.defaults.container.imagePullPolicy', { runtime: { defaults: { container: { imagePullPolicy: 'sometimes' } } } }],
  ['proxy.runtime.container.imagePullSecrets', { proxy: { runtime: { container: { imagePullSecrets: [{}] } } } }],
])('%s with a value the Istio resource does not accept is not migratable, and not written', (name, spec) => {
  expect(field(spec, name)).toMatchObject({ status: MigrationStatus.NOT_MIGRATABLE });
  expect(validateAll(migrateOssm2([smcp(spec)]).files.flatMap((f) => f.objects), '3')).toEqual([]);
});

test('values of the wrong type and objects of unknown kinds do not fail the migration', () => {
  const spec = { cluster: { multiCluster: { meshNetworks: { n: { endpoints: 'x', gateways: [1] } } } }, general: { logging: { componentLevels: { a: Object.create(null) } } } };
  const objects = [smcp(spec), { apiVersion: 'v1', kind: Object.fromEntries([['toString', 'x']]) } as unknown as KubeObject,
    { apiVersion: 'networking.istio.io/v1beta1', kind: 'Gateway', metadata: { name: {} }, spec: {} } as unknown as KubeObject];
  expect(() => migrateOssm2(objects)).not.toThrow();
});
