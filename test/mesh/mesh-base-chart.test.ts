import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { InstallPlanApproval, MeshBaseChart, OperatorSubscription, OssmVersion, TracingType } from '../../lib';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { find } from '../support/objects';

/** The ServiceMeshControlPlane of workshop 1-2, as written there except `type: Jaeger`, which the workshop
 * indents at spec level by mistake (no such field: the API server would prune it); it belongs to `tracing`. */
const WORKSHOP_SMCP = parse(`
apiVersion: maistra.io/v2
kind: ServiceMeshControlPlane
metadata:
  name: basic
  namespace: istio-system
spec:
  addons:
    grafana:
      enabled: true
    jaeger:
      install:
        storage:
          type: Memory
    kiali:
      enabled: true
    prometheus:
      enabled: true
  gateways:
    openshiftRoute:
      enabled: true
  policy:
    type: Istiod
  profiles:
    - default
  proxy:
    accessLogging:
      file:
        name: /dev/stdout
  telemetry:
    type: Istiod
  tracing:
    sampling: 10000
    type: Jaeger
  version: v2.6
`);

const members = (...namespaces: string[]) => ({ memberNamespaces: namespaces });

function meshBase(props: ConstructorParameters<typeof MeshBaseChart>[2] = {}) {
  const app = Testing.app();
  const chart = new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V2_6, ...props });
  return { app, chart };
}

describe('MeshBaseChart', () => {
  test('snapshot', () => {
    const { chart } = meshBase({ members: [members('bookinfo')] });
    chart.memberRoll.addExistingNamespace('bookinfo');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('the ServiceMeshControlPlane equals the workshop\'s', () => {
    const objects = Testing.synth(meshBase().chart);
    expect(find(objects, 'ServiceMeshControlPlane', 'basic', 'istio-system')).toEqual(WORKSHOP_SMCP);
  });

  test('the control-plane namespace comes before the control plane', () => {
    const kinds = Testing.synth(meshBase().chart).map((o) => o.kind);
    expect(kinds.indexOf('Namespace')).toBeLessThan(kinds.indexOf('ServiceMeshControlPlane'));
  });

  test('operators: Jaeger, Kiali pinned to 1.89.8 with manual approval, Service Mesh; no Elasticsearch by default', () => {
    const subs = Testing.synth(meshBase().chart).filter((o) => o.kind === 'Subscription');
    expect(subs.map((s) => s.spec.name)).toEqual(['jaeger-product', 'kiali-ossm', 'servicemeshoperator']);
    for (const s of subs) {
      expect(s.metadata.namespace).toBe('openshift-operators');
      expect(s.spec).toMatchObject({ channel: 'stable', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace' });
    }
    expect(subs[1].spec).toMatchObject({ startingCSV: 'kiali-operator.v1.89.8', installPlanApproval: 'Manual' });
    expect(subs[0].spec.installPlanApproval).toBe('Automatic');
    expect(subs[0].spec.startingCSV).toBeUndefined();
  });

  test('Elasticsearch when asked, first, as the workshop installs it', () => {
    const subs = Testing.synth(meshBase({ operators: { elasticsearch: true } }).chart).filter((o) => o.kind === 'Subscription');
    expect(subs.map((s) => s.spec.name)).toEqual(['elasticsearch-operator', 'jaeger-product', 'kiali-ossm', 'servicemeshoperator']);
  });

  test('tracing None: no Jaeger operator, no Jaeger addon', () => {
    const objects = Testing.synth(meshBase({ controlPlane: { tracing: TracingType.NONE } }).chart);
    expect(objects.filter((o) => o.kind === 'Subscription').map((s) => s.spec.name)).not.toContain('jaeger-product');
    const smcp = find(objects, 'ServiceMeshControlPlane', 'basic');
    expect(smcp.spec.tracing).toEqual({ sampling: 10000, type: 'None' });
    expect(smcp.spec.addons.jaeger).toBeUndefined();
  });

  test('Kiali unpinned: channel head with automatic upgrades', () => {
    const subs = Testing.synth(meshBase({ operators: { kialiVersion: undefined } }).chart).filter((o) => o.kind === 'Subscription');
    const kiali = subs.find((s) => s.spec.name === 'kiali-ossm')!;
    expect(kiali.spec.startingCSV).toBeUndefined();
    expect(kiali.spec.installPlanApproval).toBe('Automatic');
  });

  test('a pin with automatic approval is refused', () => {
    const chart = Testing.chart();
    expect(() => new OperatorSubscription(chart, 'Kiali', {
      packageName: 'kiali-ossm', startingCsv: 'kiali-operator.v1.89.8', installPlanApproval: InstallPlanApproval.AUTOMATIC,
    })).toThrow(/test\/Kiali: installPlanApproval "Automatic" is not valid\. Allowed with startingCsv "kiali-operator\.v1\.89\.8": "Manual"/);
  });

  test('members are the namespaces of the member sources, once each, in order', () => {
    const { app, chart } = meshBase({ members: [members('a', 'b')] });
    chart.addMembers(members('b', 'c'));
    chart.memberRoll.addExistingNamespace('a');
    chart.memberRoll.addExistingNamespace('b');
    chart.memberRoll.addExistingNamespace('c');
    const roll = synthesizeApp(app)[0].objects.find((o) => o.kind === 'ServiceMeshMemberRoll')!;
    expect(roll.metadata).toEqual({ name: 'default', namespace: 'istio-system' });
    expect(roll.spec.members).toEqual(['a', 'b', 'c']);
  });

  describe('bad input', () => {
    test.each([
      [{ tracingSampling: 10001 }, /mesh-base\/ControlPlane: tracingSampling 10001 is not valid\. Allowed: a whole number from 0 to 10000\./],
      [{ tracingSampling: -1 }, /tracingSampling -1 is not valid/],
      [{ namespace: 'Istio_System' }, /mesh-base\/ControlPlane: namespace "Istio_System" is not valid\. Allowed: a DNS-1123 label/],
      [{ name: '' }, /mesh-base\/ControlPlane: name "" is not valid/],
      [{ version: '2.6' }, /version "2\.6" is not valid\. Allowed: "v2\.4", "v2\.5", "v2\.6"\. These are the maistra\.io\/v2 control-plane versions the OSSM 2\.6 operator runs\./],
    ])('control plane %j', (controlPlane, message) => {
      expect(() => meshBase({ controlPlane })).toThrow(message);
    });

    test('a member namespace no chart creates', () => {
      const { app } = meshBase({ members: [members('travel-agency')] });
      expect(() => synthesizeApp(app)).toThrow(
        /mesh-base\/MemberRoll: member namespace "travel-agency" is unknown: no chart of this app creates it\. Allowed: none; for a namespace that already exists on the cluster, call addExistingNamespace\("travel-agency"\)/);
    });

    test('the control plane\'s own namespace as a member', () => {
      const { app, chart } = meshBase();
      chart.memberRoll.addExistingNamespace('istio-system');
      expect(() => synthesizeApp(app)).toThrow(/member namespace "istio-system" is not valid\. Allowed: any namespace but the control plane's own/);
    });

    test('an invalid member name', () => {
      const { app } = meshBase({ members: [members('Travel Agency')] });
      expect(() => synthesizeApp(app)).toThrow(/member namespace "Travel Agency" is not valid\. Allowed: a DNS-1123 label/);
    });
  });
});
