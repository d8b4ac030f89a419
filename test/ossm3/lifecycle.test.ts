// OSSM 3 lifecycle: InPlace or RevisionBased updates (with the IstioRevisionTag default), the operator pin, the warning.
import { App, Testing } from 'cdk8s';
import { InstallPlanApproval, MeshBaseChart, MeshBaseChartProps, OssmVersion, SailControlPlane, synthWarningsOf, UpdateStrategy } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';
import { find } from '../support/objects';

const chartOf = (props: MeshBaseChartProps = {}) => new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: OssmVersion.V3, ...props });
const synth = (props: MeshBaseChartProps = {}): KubeObject[] => Testing.synth(chartOf(props));
const upgradeWarnings = (chart: MeshBaseChart) => synthWarningsOf(chart).map((w) => w.message).filter((m) => m.startsWith('upgrades are not under your control'));

describe('update strategy', () => {
  test('InPlace by default: no revision tag', () => {
    const objects = synth();
    expect(find(objects, 'Istio', 'default').spec.updateStrategy).toEqual({ type: 'InPlace' });
    expect(objects.filter((o) => o.kind === 'IstioRevisionTag')).toEqual([]);
  });

  test('RevisionBased: the IstioRevisionTag default points to the Istio, so istio-injection=enabled namespaces keep injecting', () => {
    const objects = synth({ ossm3: { updateStrategy: UpdateStrategy.REVISION_BASED } });
    expect(find(objects, 'Istio', 'default').spec.updateStrategy).toEqual({ type: 'RevisionBased' });
    const tag = find(objects, 'IstioRevisionTag', 'default');
    expect(tag).toEqual({ apiVersion: 'sailoperator.io/v1', kind: 'IstioRevisionTag', metadata: { name: 'default' }, spec: { targetRef: { kind: 'Istio', name: 'default' } } });
    expect(find(objects, 'Namespace', 'istio-ingress').metadata.labels).toEqual({ 'istio-discovery': 'enabled', 'istio-injection': 'enabled' });
    expect(validateAll(objects, '3')).toEqual([]);
  });

  test('RevisionBased with another name: the tag still serves istio-injection (a revision is <name>-<version>, never <name>)', () => {
    const cp = new SailControlPlane(Testing.chart(), 'cp', { name: 'tenant-a', updateStrategy: UpdateStrategy.REVISION_BASED });
    expect(cp.membership.namespaceLabels).toEqual({ 'istio-discovery': 'enabled', 'istio-injection': 'enabled' });
    expect(Testing.synth(cp.node.scope as never).find((o: KubeObject) => o.kind === 'IstioRevisionTag').spec.targetRef).toEqual({ kind: 'Istio', name: 'tenant-a' });
    // InPlace keeps the revision label of the name
    expect(new SailControlPlane(Testing.chart(), 'cp', { name: 'tenant-a' }).membership.namespaceLabels).toEqual({ 'istio-discovery': 'enabled', 'istio.io/rev': 'tenant-a' });
    expect(() => new SailControlPlane(Testing.chart(), 'cp', { updateStrategy: 'Canary' as UpdateStrategy })).toThrow(/cp: updateStrategy "Canary" is not valid\. Allowed: .*InPlace.*RevisionBased/);
  });
});

describe('the Service Mesh operator\'s version', () => {
  const serviceMesh = (objects: KubeObject[]) => find(objects, 'Subscription', 'servicemeshoperator3').spec;

  test('a pin is a startingCSV with Manual approval; Manual alone holds upgrades; Automatic with a pin is refused', () => {
    expect(serviceMesh(synth())).toMatchObject({ installPlanApproval: 'Automatic' });
    expect(serviceMesh(synth()).startingCSV).toBeUndefined();
    expect(serviceMesh(synth({ operators: { serviceMeshVersion: 'v3.4.0' } }))).toMatchObject({ installPlanApproval: 'Manual', startingCSV: 'servicemeshoperator3.v3.4.0' });
    expect(serviceMesh(synth({ operators: { serviceMeshInstallPlanApproval: InstallPlanApproval.MANUAL } }))).toMatchObject({ installPlanApproval: 'Manual' });
    expect(() => synth({ operators: { serviceMeshVersion: '3.4.0', serviceMeshInstallPlanApproval: InstallPlanApproval.AUTOMATIC } }))
      .toThrow(/mesh-base: operators\.serviceMeshInstallPlanApproval "Automatic" is not valid\. Allowed with serviceMeshVersion "3\.4\.0": Manual/);
    expect(() => synth({ operators: { serviceMeshVersion: 'latest' } })).toThrow(/mesh-base: operators\.serviceMeshVersion "latest" is not valid/);
    // on 2.6 the same props pin servicemeshoperator
    const v26 = Testing.synth(new MeshBaseChart(new App(), 'mesh-base', { ossmVersion: OssmVersion.V2_6, operators: { serviceMeshVersion: '2.6.9' } }));
    expect(find(v26, 'Subscription', 'servicemeshoperator').spec).toMatchObject({ installPlanApproval: 'Manual', startingCSV: 'servicemeshoperator.v2.6.9' });
  });

  test('one warning while versions float or OLM approves on its own, naming what floats; none once everything is pinned', () => {
    const floating = upgradeWarnings(chartOf());
    expect(floating).toHaveLength(1);
    expect(floating[0]).toMatch(/v1\.30-latest follows the operator's newest patch, and OLM installs every new version of servicemeshoperator3 and kiali-ossm on its own/);
    expect(upgradeWarnings(chartOf({ ossm3: { version: 'v1.30.3' } }))[0]).not.toMatch(/follows the operator's newest patch/);
    expect(upgradeWarnings(chartOf({ ossm3: { version: 'v1.30.3' }, operators: { serviceMeshVersion: '3.4.0' } }))[0]).toMatch(/of kiali-ossm on its own/);
    expect(upgradeWarnings(chartOf({ ossm3: { version: 'v1.30.3' }, operators: { serviceMeshVersion: '3.4.0', kialiVersion: '2.17.1' } }))).toEqual([]);
  });
});
