/**
 * The platform MeshBaseChart emits when none is asked for (OSSM 3), the end-of-life warning of OSSM 2.6, and the
 * 2.6 operator's rules that OSSM 3 does not have.
 */
import { App, Testing } from 'cdk8s';
import { MeshBaseChart, OssmVersion, synthWarningsOf } from '../../lib';

const EOL = /^OpenShift Service Mesh 2\.6 reached end of life on 2026-06-30 .*OSSM_VERSION=3 .*ossmVersion: OssmVersion\.V3.*`cdk8s-ossm migrate`/;

test('OSSM 3 is the default: an Istio and IstioCNI, no ServiceMeshControlPlane, and no end-of-life warning', () => {
  const chart = new MeshBaseChart(new App(), 'mesh-base');
  expect(chart.ossmVersion).toBe(OssmVersion.V3);
  const kinds = Testing.synth(chart).map((o) => o.kind);
  expect(kinds).toEqual(expect.arrayContaining(['Istio', 'IstioCNI']));
  expect(kinds).not.toContain('ServiceMeshControlPlane');
  expect(synthWarningsOf(chart).filter((w) => EOL.test(w.message))).toEqual([]);
});

test('OSSM 2.6, asked for, still writes the ServiceMeshControlPlane, with one warning that it reached end of life, pointing to OSSM 3 and migrate', () => {
  const chart = new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: OssmVersion.V2_6 });
  expect(Testing.synth(chart).map((o) => o.kind)).toContain('ServiceMeshControlPlane');
  expect(synthWarningsOf(chart).filter((w) => EOL.test(w.message)).map((w) => w.path)).toEqual(['mesh-base']);
});

test('prometheus: false with Kiali on is refused on OSSM 2.6 (its operator refuses it) and accepted on OSSM 3, which has no Prometheus addon', () => {
  const build = (ossmVersion: OssmVersion) => () => new MeshBaseChart(new App(), 'mesh-base', { ossmVersion, controlPlane: { prometheus: false } });
  expect(build(OssmVersion.V2_6)).toThrow(/mesh-base\/ControlPlane: prometheus false is not valid\. Allowed: true while kiali is on/);
  const ossm3 = build(OssmVersion.V3)();
  expect(ossm3.kiali).toBeDefined(); // Kiali stays on, reading OpenShift monitoring
  expect(synthWarningsOf(ossm3).map((w) => w.message).filter((m) => m.startsWith('controlPlane.prometheus'))).toEqual([]);
});
