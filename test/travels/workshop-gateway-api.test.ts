// The workshop on OSSM 3 with routingApi gateway-api (MESH_ROUTING_API=gateway-api): the steps as HTTPRoutes with
// per-version Services, valid against the OSSM 3 and Gateway API v1.2.1 CRDs with unknown fields as errors, analyzer
// clean on the base and on the base with each step, the fault-injection step not written with a warning naming it,
// and each step routing the same requests to the same workloads with the same weights as its Istio rendering.
import { parseAllDocuments } from 'yaml';
import {
  buildTravelsWorkshop, explain, ExplainRequest, OssmVersion, renderDist, RoutingApi, WORKSHOP_STEPS,
} from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { KubeObject } from '../../lib/analysis/types';
import { travelsWorkshopOptionsFromEnv } from '../../lib/travels/workshop-environment';
import { validateAll } from '../support/crd-schema';

const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

function render(routingApi: RoutingApi) {
  return renderDist(buildTravelsWorkshop({ clusterBaseDomain: 'apps-test.example.com', ossmVersion: OssmVersion.V3, ossm3: { routingApi } }));
}

describe('the OSSM 3 workshop routed by Gateway API', () => {
  const gatewayApi = render(RoutingApi.GATEWAY_API);
  const istio = render(RoutingApi.ISTIO);
  const inFolder = (files: Map<string, string>, prefix: string) => [...files].filter(([f]) => f.startsWith(prefix)).flatMap(([, text]) => objectsOf(text));
  const base = (files: Map<string, string>) => inFolder(files, '0');

  test('the steps are HTTPRoutes with per-version Services; no VirtualService or DestinationRule subset; fault injection not written', () => {
    const steps = inFolder(gatewayApi.files, 'steps/');
    expect(steps.filter((o) => o.kind === 'VirtualService')).toEqual([]);
    expect([...gatewayApi.files.keys()].filter((f) => f.startsWith('steps/fault-injection/'))).toEqual([]);
    expect(inFolder(gatewayApi.files, 'steps/header-routing/').map((o) => `${o.kind} ${o.metadata?.name}`))
      .toEqual(['HTTPRoute travels', 'Service travels-v1', 'Service travels-v2', 'Service travels-v3']);
    const breaker = inFolder(gatewayApi.files, 'steps/circuit-breaker/');
    expect(breaker.filter((o) => o.kind === 'DestinationRule').map((o) => (o.spec as any).host)).toEqual([
      'travels.travel-agency.svc.cluster.local', 'travels-v1.travel-agency.svc.cluster.local',
      'travels-v2.travel-agency.svc.cluster.local', 'travels-v3.travel-agency.svc.cluster.local',
    ]);
    expect(gatewayApi.report.warnings.map((w) => w.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^step fault-injection \(5-1\) is not written: the mesh routes by Gateway API/),
    ]));
  });

  test.each(WORKSHOP_STEPS.filter((s) => s !== 'fault-injection'))('snapshot of step %s', (step) => {
    expect([...gatewayApi.files].filter(([f]) => f.startsWith(`steps/${step}/`))).toMatchSnapshot();
  });

  test('every object validates against the OSSM 3 CRDs and Gateway API v1.2.1, unknown fields as errors', () => {
    expect(validateAll([...gatewayApi.files.values()].flatMap(objectsOf), '3')).toEqual([]);
  });

  test('the analyzer finds nothing on the base, nor on the base with each step', () => {
    expect(analyze(base(gatewayApi.files)).findings).toEqual([]);
    for (const step of WORKSHOP_STEPS) {
      expect({ step, findings: analyze([...base(gatewayApi.files), ...inFolder(gatewayApi.files, `steps/${step}/`)]).findings }).toEqual({ step, findings: [] });
    }
  });

  test.each(WORKSHOP_STEPS.filter((s) => s !== 'fault-injection'))('step %s routes like its Istio rendering', (step) => {
    const requests: ExplainRequest[] = [
      {}, { headers: { portal: 'travels.uk' } }, { headers: { portal: 'viaggi.it' } }, { headers: { portal: 'voyages.fr' } }, { headers: { portal: 'other' } },
    ].map((r) => ({ host: 'travels.travel-agency', fromNamespace: 'travel-portal', ...r }));
    const reached = (files: Map<string, string>, request: ExplainRequest) => {
      const e = explain([...base(files), ...inFolder(files, `steps/${step}/`)], request);
      return { routed: e.routed, destinations: e.destinations.map((d) => [d.workloads, d.weight]), timeout: e.timeout };
    };
    for (const request of requests) {
      const a = reached(istio.files, request);
      expect({ request, ...reached(gatewayApi.files, request) }).toEqual({ request, ...a });
      if (a.routed) expect(a.destinations.every(([w]) => (w as string[]).length > 0)).toBe(true);
    }
  });

  test('MESH_ROUTING_API=gateway-api sets it on OSSM 3 (the default); OSSM_VERSION=2.6 refuses it; a bad value is named', () => {
    expect(travelsWorkshopOptionsFromEnv({ CLUSTER_BASE_DOMAIN: 'x.example.com', OSSM_VERSION: '3', MESH_ROUTING_API: 'gateway-api' }).ossm3)
      .toEqual({ routingApi: RoutingApi.GATEWAY_API });
    expect(travelsWorkshopOptionsFromEnv({ CLUSTER_BASE_DOMAIN: 'x.example.com', MESH_ROUTING_API: 'gateway-api' }).ossm3)
      .toEqual({ routingApi: RoutingApi.GATEWAY_API });
    expect(travelsWorkshopOptionsFromEnv({ CLUSTER_BASE_DOMAIN: 'x.example.com', OSSM_VERSION: '3' }).ossm3).toBeUndefined();
    expect(() => travelsWorkshopOptionsFromEnv({ CLUSTER_BASE_DOMAIN: 'x.example.com', OSSM_VERSION: '2.6', MESH_ROUTING_API: 'gateway-api' }))
      .toThrow(/MESH_ROUTING_API="gateway-api" is not valid\. Allowed: gateway-api only with OSSM 3/);
    expect(() => travelsWorkshopOptionsFromEnv({ CLUSTER_BASE_DOMAIN: 'x.example.com', OSSM_VERSION: '3', MESH_ROUTING_API: 'gamma' })).toThrow(/MESH_ROUTING_API/);
  });
});
