// The OSSM 3 workshop in ambient mode (MESH_DATAPLANE=ambient): ZTunnel and the ambient profile, member namespaces
// labelled for ambient with no injection labels, the agency's waypoint, the control ingress by Gateway API, the steps
// (but fault injection) as HTTPRoutes; CRD-valid with unknown fields as errors, analyzer clean on base and each step,
// and each step routing like its sidecar rendering.
import { parseAllDocuments } from 'yaml';
import { App } from 'cdk8s';
import {
  buildTravelsWorkshop, DataPlaneMode, explain, ExplainRequest, MeshBaseChart, renderDist, TravelsAppsChart, WORKSHOP_STEPS,
} from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { KubeObject } from '../../lib/analysis/types';
import { travelsWorkshopOptionsFromEnv } from '../../lib/travels/workshop-environment';
import { validateAll } from '../support/crd-schema';

const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
const render = (env: Record<string, string>) => renderDist(buildTravelsWorkshop(travelsWorkshopOptionsFromEnv({ CLUSTER_BASE_DOMAIN: 'apps-test.example.com', ...env })));

describe('the OSSM 3 workshop in ambient mode', () => {
  const ambient = render({ MESH_DATAPLANE: 'ambient' });
  const sidecar = render({ MESH_ROUTING_API: 'istio' });
  const inFolder = (files: Map<string, string>, prefix: string) => [...files].filter(([f]) => f.startsWith(prefix)).flatMap(([, text]) => objectsOf(text));
  const base = (files: Map<string, string>) => inFolder(files, '0');
  const all = [...ambient.files.values()].flatMap(objectsOf);

  test('the control plane: profile ambient, trusted ztunnel namespace, ZTunnel and its namespace in the control-plane stage', () => {
    const stage1 = inFolder(ambient.files, '01-');
    const istio = stage1.find((o) => o.kind === 'Istio') as any;
    expect([istio.spec.profile, istio.spec.values.pilot.trustedZtunnelNamespace]).toEqual(['ambient', 'ztunnel']);
    expect((stage1.find((o) => o.kind === 'IstioCNI') as any).spec.profile).toBe('ambient');
    expect(stage1.filter((o) => o.kind === 'ZTunnel').map((o) => (o.spec as any).namespace)).toEqual(['ztunnel']);
    expect(stage1.some((o) => o.kind === 'Namespace' && o.metadata?.name === 'ztunnel')).toBe(true);
    expect(ambient.report.warnings.map((w) => w.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/routingViaHost: true.*FIPS/),
      expect.stringMatching(/no IOR, so Routes are explicit: GatewayApiIngress \(the control ingress of the apps chart in ambient mode\) emits one per host/),
    ]));
  });

  test('member namespaces labelled istio.io/dataplane-mode: ambient, no injection label anywhere, no sidecar.istio.io/inject on a pod', () => {
    const members = all.filter((o) => o.kind === 'Namespace' && o.metadata?.name?.startsWith('travel-'));
    expect(members.map((n) => [n.metadata!.name, n.metadata!.labels])).toEqual([
      ['travel-agency', { 'istio-discovery': 'enabled', 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }],
      ['travel-portal', { 'istio-discovery': 'enabled', 'istio.io/dataplane-mode': 'ambient' }],
      ['travel-control', { 'istio-discovery': 'enabled', 'istio.io/dataplane-mode': 'ambient' }],
    ].sort((a, b) => members.findIndex((m) => m.metadata!.name === a[0]) - members.findIndex((m) => m.metadata!.name === b[0])));
    const text = [...ambient.files.values()].join('\n');
    expect(text).not.toMatch(/istio-injection|istio\.io\/rev:|sidecar\.istio\.io\/inject/);
  });

  test('the agency\'s waypoint and the control ingress by Gateway API (no gateway-injected Deployment, no Istio Gateway or VirtualService)', () => {
    expect(all.filter((o) => o.kind === 'Gateway').map((o) => `${o.apiVersion} ${o.metadata!.namespace}/${o.metadata!.name} ${(o.spec as any).gatewayClassName}`).sort())
      .toEqual(['gateway.networking.k8s.io/v1 travel-agency/waypoint istio-waypoint', 'gateway.networking.k8s.io/v1 travel-control/control-gateway istio']);
    expect(all.filter((o) => o.kind === 'VirtualService' || o.apiVersion.startsWith('networking.istio.io') && o.kind === 'Gateway')).toEqual([]);
    expect(all.filter((o) => o.kind === 'Deployment' && o.metadata?.name === 'istio-ingressgateway')).toEqual([]);
    expect(all.filter((o) => o.kind === 'Route').map((o) => (o.spec as any).host)).toEqual(['control.travel-control.apps.apps-test.example.com']);
  });

  test('the steps are HTTPRoutes; fault injection not written', () => {
    expect([...ambient.files.keys()].filter((f) => f.startsWith('steps/fault-injection/'))).toEqual([]);
    expect(inFolder(ambient.files, 'steps/header-routing/').map((o) => `${o.kind} ${o.metadata?.name}`))
      .toEqual(['HTTPRoute travels', 'Service travels-v1', 'Service travels-v2', 'Service travels-v3']);
  });

  test('snapshot of the base', () => {
    expect([...ambient.files].filter(([f]) => !f.startsWith('steps/'))).toMatchSnapshot();
  });

  test.each(WORKSHOP_STEPS.filter((s) => s !== 'fault-injection'))('snapshot of step %s', (step) => {
    expect([...ambient.files].filter(([f]) => f.startsWith(`steps/${step}/`))).toMatchSnapshot();
  });

  test('every object validates against the OSSM 3 CRDs and Gateway API v1.2.1, unknown fields as errors', () => {
    expect(validateAll(all, '3')).toEqual([]);
  });

  test('the analyzer finds nothing on the base, nor on the base with each step', () => {
    expect(analyze(base(ambient.files)).findings).toEqual([]);
    for (const step of WORKSHOP_STEPS) {
      expect({ step, findings: analyze([...base(ambient.files), ...inFolder(ambient.files, `steps/${step}/`)]).findings }).toEqual({ step, findings: [] });
    }
  });

  test.each(WORKSHOP_STEPS.filter((s) => s !== 'fault-injection'))('step %s routes like its sidecar (VirtualService) rendering', (step) => {
    const requests: ExplainRequest[] = [
      {}, { headers: { portal: 'travels.uk' } }, { headers: { portal: 'viaggi.it' } }, { headers: { portal: 'voyages.fr' } }, { headers: { portal: 'other' } },
    ].map((r) => ({ host: 'travels.travel-agency', fromNamespace: 'travel-portal', ...r }));
    const reached = (files: Map<string, string>, request: ExplainRequest) => {
      const e = explain([...base(files), ...inFolder(files, `steps/${step}/`)], request);
      return { routed: e.routed, destinations: e.destinations.map((d) => [d.workloads, d.weight]), timeout: e.timeout };
    };
    for (const request of requests) {
      expect({ request, ...reached(ambient.files, request) }).toEqual({ request, ...reached(sidecar.files, request) });
    }
  });
});

test('the apps chart in ambient mode refuses the control ingress settings of a VirtualService ingress, naming them', () => {
  const app = new App();
  new MeshBaseChart(app, 'mesh-base', { ossm3: { dataPlane: DataPlaneMode.AMBIENT } });
  expect(() => new TravelsAppsChart(app, 'travels-apps', { controlIngress: { clusterBaseDomain: 'example.com', virtualServiceName: 'control' } }))
    .toThrow(/travels-apps: controlIngress\.virtualServiceName "control" is not valid\. Allowed in ambient mode: undefined/);
});
