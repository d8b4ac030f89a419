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

test('an upgrade still under way (spec at v2.6, status.appliedSpec at v2.5) is refused: what ran must be 2.6', () => {
  const input = { ...smcp({ version: 'v2.6' }), status: { appliedSpec: { version: 'v2.5' } } } as KubeObject;
  expect(() => migrateOssm2([input])).toThrow(/has version "v2\.5": Red Hat migrates to OSSM 3 only from 2\.6\. Upgrade it first: set spec\.version to v2\.6/);
});

test('a profile 2.6 does not ship is not migratable without status.appliedSpec, and handled with it', () => {
  const custom = { apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'basic', namespace: 'istio-system' }, spec: { version: 'v2.6', profiles: ['acme', 'small'] } } as KubeObject;
  expect(migrateOssm2([custom]).controlPlanes[0].fields.find((f) => f.field === 'profiles'))
    .toMatchObject({ status: MigrationStatus.NOT_MIGRATABLE, reason: expect.stringMatching(/^"acme" is no built-in 2\.6 profile/) });
  expect(migrateOssm2([{ ...custom, status: { appliedSpec: custom.spec } } as KubeObject]).controlPlanes[0].fields.find((f) => f.field === 'profiles'))
    .toMatchObject({ status: MigrationStatus.HANDLED });
});

test('a Kiali named with dots gets a DNS label as its new name (the Kiali operator names its Deployment after it)', () => {
  const result = migrateOssm2([smcp({ addons: { kiali: { enabled: true, name: 'kiali.mesh' } } })]);
  expect(result.files.flatMap((f) => f.objects).filter((o) => o.kind === 'Kiali').map((o) => o.metadata!.name)).toEqual(['kiali-mesh-ossm3']);
});
