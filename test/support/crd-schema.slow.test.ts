// The slow part of crd-schema.test.ts (`npm run test:slow`): every schema of both CRD sets compiled, and
// `scripts/import-crds.mjs --check`, which runs `cdk8s import` on every CRD folder.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { servedKinds, validateCustomResource } from './crd-schema';
import { describeWithShared, sharedPath } from './shared';

describe('test/support/crd-schema', () => {
  test('every served CRD version compiles; an empty spec is checked only against required fields', () => {
    const kinds = servedKinds();
    expect(kinds.length).toBeGreaterThan(35);
    const failures = kinds.flatMap(({ apiVersion, kind }) =>
      validateCustomResource({ apiVersion, kind, metadata: { name: 'x' }, spec: {} }).filter((e) => !/required property/.test(e)));
    expect(failures).toEqual([]);
  });

  test('every served kind of the OSSM 3 set compiles', () => {
    const kinds = servedKinds('3');
    expect(kinds.map((k) => `${k.apiVersion} ${k.kind}`)).toEqual(expect.arrayContaining(['sailoperator.io/v1 Istio', 'sailoperator.io/v1 IstioCNI', 'kiali.io/v1alpha1 Kiali']));
    expect(kinds.filter((k) => k.apiVersion.startsWith('maistra.io/'))).toEqual([]);
    const failures = kinds.flatMap(({ apiVersion, kind }) =>
      validateCustomResource({ apiVersion, kind, metadata: { name: 'x' }, spec: {} }, '3').filter((e) => !/required property/.test(e)));
    expect(failures).toEqual([]);
  });
});

describeWithShared('crd-schemas/ and imports/', [sharedPath('crds'), sharedPath('crds-ossm3'), sharedPath('crds-platform')], () => {
  test('are what `npm run import` generates from ../shared/crds, ../shared/crds-ossm3 and ../shared/crds-platform today', () => {
    const env = { ...process.env, OSSM_CRDS_DIR: sharedPath('crds'), OSSM3_CRDS_DIR: sharedPath('crds-ossm3'), PLATFORM_CRDS_DIR: sharedPath('crds-platform') };
    const run = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'import-crds.mjs'), '--check'], { encoding: 'utf8', env });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^crd-schemas and imports are current$/m);
  });
});
