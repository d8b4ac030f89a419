// Bookinfo in a mesh that routes by Gateway API (OSSM 3): every step Gateway API can express is HTTPRoutes with
// per-version Services, valid against the CRDs and analyzer-clean on the base; the others (faults, retries) are not
// written, with a warning; and each routing step sends the same requests to the same workloads with the same weights
// as its Istio rendering.
import { App } from 'cdk8s';
import { explain, ExplainRequest, MeshBaseChart, OssmVersion, parseManifests, renderDist, RoutingApi } from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { BOOKINFO_STEPS, buildBookinfo } from '../../examples/bookinfo/bookinfo';
import { validateAll } from '../support/crd-schema';

/** Bookinfo joining an OSSM 3 mesh made elsewhere (as `npm run synth:bookinfo` with OSSM_VERSION=3), analyzed as Istio 1.30. */
const render = (routingApi: RoutingApi) => renderDist(buildBookinfo({
  controlPlane: new MeshBaseChart(new App(), 'mesh', { ossmVersion: OssmVersion.V3, ossm3: { routingApi } }).meshControlPlane,
}), { assumeIstio: '1.30' });
const gatewayApi = render(RoutingApi.GATEWAY_API);
const istio = render(RoutingApi.ISTIO);
const under = (files: Map<string, string>, prefix: string) => [...files].filter(([f]) => f.startsWith(prefix)).flatMap(([f, text]) => parseManifests(text, f));
const base = (files: Map<string, string>) => [...under(files, '01-'), ...under(files, '02-')];
const NOT_WRITTEN = ['virtual-service-ratings-test-delay', 'virtual-service-ratings-test-abort', 'fault-injection-details-v1', 'request-timeouts', 'retries'];

test('the steps Gateway API cannot express are not written, each with a warning; the others hold no VirtualService', () => {
  const written = BOOKINFO_STEPS.filter((s) => under(gatewayApi.files, `steps/${s}/`).length > 0);
  expect(BOOKINFO_STEPS.filter((s) => !written.includes(s))).toEqual(NOT_WRITTEN);
  expect(gatewayApi.report.warnings.filter((w) => /is not written: the mesh routes by Gateway API/.test(w.message))).toHaveLength(NOT_WRITTEN.length);
  expect(under(gatewayApi.files, 'steps/').filter((o) => o.kind === 'VirtualService')).toEqual([]);
  expect(under(gatewayApi.files, 'steps/virtual-service-reviews-50-v3/').map((o) => `${o.kind} ${o.metadata?.name}`))
    .toEqual(['HTTPRoute reviews', 'Service reviews-v1', 'Service reviews-v3']);
});

test('every object validates against the OSSM 3 CRDs and Gateway API v1.2.1; the analyzer finds nothing unsuppressed on the base with any step', () => {
  expect(validateAll([...gatewayApi.files.values()].flatMap((t) => parseManifests(t, 'x')), '3')).toEqual([]);
  for (const step of BOOKINFO_STEPS) {
    const findings = analyze([...base(gatewayApi.files), ...under(gatewayApi.files, `steps/${step}/`)], { assumeIstio: '1.30' }).findings.filter((f) => f.suppressedBecause === undefined);
    expect({ step, findings }).toEqual({ step, findings: [] });
  }
});

const REQUESTS: ExplainRequest[] = ['reviews', 'ratings', 'details', 'productpage'].flatMap((host) => [
  { host }, { host, headers: { 'end-user': 'jason' } }, { host, path: '/reviews/0' },
]).map((r) => ({ ...r, fromNamespace: 'bookinfo' }));

test.each(BOOKINFO_STEPS.filter((s) => !NOT_WRITTEN.includes(s)))('step %s routes like its Istio rendering', (step) => {
  const reached = (files: Map<string, string>, request: ExplainRequest) => {
    const e = explain([...base(files), ...under(files, `steps/${step}/`)], request);
    return {
      outcome: e.outcome === 'default-route' ? 'route' : e.outcome,
      to: e.destinations.map((d) => [d.workloads, d.weight, d.trafficPolicy?.tls ?? null, d.trafficPolicy?.connectionPool ?? null]),
      mirrors: e.mirrors.map((m) => m.workloads),
      timeout: e.timeout,
    };
  };
  for (const request of REQUESTS) {
    expect({ request, ...reached(gatewayApi.files, request) }).toEqual({ request, ...reached(istio.files, request) });
  }
});

test.each(['virtual-service-reviews-jason-v2-v3', 'virtual-service-reviews-80-20', 'mirroring', 'circuit-breaking'])('snapshot of step %s', (step) => {
  expect([...gatewayApi.files].filter(([f]) => f.startsWith(`steps/${step}/`))).toMatchSnapshot();
});
