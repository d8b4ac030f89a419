// Bookinfo in an ambient mesh (OSSM 3, MESH_DATAPLANE=ambient): the namespace labelled for ambient with no injection
// labels, its waypoint, the ingress by Gateway API, the steps Gateway API can express as HTTPRoutes; CRD-valid, the
// analyzer clean on the base with each step, and each written step routing like its sidecar (Istio) rendering.
import { App } from 'cdk8s';
import { DataPlaneMode, explain, ExplainRequest, MeshBaseChart, parseManifests, renderDist, RoutingApi } from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { BOOKINFO_STEPS, buildBookinfo } from '../../examples/bookinfo/bookinfo';
import { validateAll } from '../support/crd-schema';

const render = (ossm3: { dataPlane?: DataPlaneMode; routingApi?: RoutingApi }) => renderDist(buildBookinfo({
  ingressHost: 'bookinfo.apps.example.com',
  controlPlane: new MeshBaseChart(new App(), 'mesh', { ossm3 }).meshControlPlane,
}), { assumeIstio: '1.30' });
const ambient = render({ dataPlane: DataPlaneMode.AMBIENT });
const sidecar = render({ routingApi: RoutingApi.ISTIO });
const under = (files: Map<string, string>, prefix: string) => [...files].filter(([f]) => f.startsWith(prefix)).flatMap(([f, text]) => parseManifests(text, f));
const base = (files: Map<string, string>) => [...under(files, '01-'), ...under(files, '02-')];
const NOT_WRITTEN = ['virtual-service-ratings-test-delay', 'virtual-service-ratings-test-abort', 'fault-injection-details-v1', 'request-timeouts', 'retries'];

test('the base: the namespace in ambient mode bound to its waypoint, no injection labels, no VirtualService; files', () => {
  const objects = base(ambient.files);
  expect([...ambient.files.keys()].filter((f) => !f.startsWith('steps/'))).toEqual(['01-control-plane/bookinfo.yaml', '02-apps/bookinfo.yaml']);
  expect(objects.filter((o) => o.kind === 'Gateway').map((o) => [o.metadata?.name, (o.spec as any).gatewayClassName])).toEqual([['waypoint', 'istio-waypoint'], ['bookinfo-gateway', 'istio']]);
  expect(objects.filter((o) => o.kind === 'Route').map((o) => (o.spec as any).host)).toEqual(['bookinfo.apps.example.com']);
  const text = [...ambient.files.values()].join('\n');
  expect(text).not.toMatch(/istio-injection|istio\.io\/rev:|sidecar\.istio\.io\/inject/);
  expect(objects.filter((o) => o.kind === 'Namespace').map((n) => n.metadata?.labels)).toContainEqual(expect.objectContaining({ 'istio.io/dataplane-mode': 'ambient' }));
  expect(under(ambient.files, '').filter((o) => o.kind === 'VirtualService')).toEqual([]);
});

test('the steps Gateway API cannot express are not written; every object is CRD-valid; the analyzer finds nothing unsuppressed on the base with any step', () => {
  expect(BOOKINFO_STEPS.filter((s) => under(ambient.files, `steps/${s}/`).length === 0)).toEqual(NOT_WRITTEN);
  expect(validateAll([...ambient.files.values()].flatMap((t) => parseManifests(t, 'x')), '3')).toEqual([]);
  for (const step of BOOKINFO_STEPS) {
    const findings = analyze([...base(ambient.files), ...under(ambient.files, `steps/${step}/`)], { assumeIstio: '1.30' }).findings.filter((f) => f.suppressedBecause === undefined);
    expect({ step, findings }).toEqual({ step, findings: [] });
  }
});

test('the L7 policies of authorization-http name the waypoint\'s Services by targetRefs; the allow-nothing policy stays namespace-wide (L4)', () => {
  const policies = under(ambient.files, 'steps/authorization-http/').filter((o) => o.kind === 'AuthorizationPolicy') as any[];
  expect(policies.map((p) => [p.metadata.name, p.spec.selector ?? null, p.spec.targetRefs ?? null])).toEqual(policies.map((p) => [
    p.metadata.name, null, p.spec.rules === undefined ? null : [{ group: '', kind: 'Service', name: expect.any(String) }],
  ]));
  expect(policies.some((p) => p.spec.targetRefs !== undefined)).toBe(true);
});

test('refused in ambient mode without an ingress host', () => {
  expect(() => buildBookinfo({ controlPlane: new MeshBaseChart(new App(), 'mesh', { ossm3: { dataPlane: DataPlaneMode.AMBIENT } }).meshControlPlane }))
    .toThrow('bookinfo: ingressHost undefined is not valid. Allowed in ambient mode: the host of the Gateway API ingress');
});

test('snapshot of the base and the steps', () => {
  expect([...ambient.files]).toMatchSnapshot();
});

const REQUESTS: ExplainRequest[] = ['reviews', 'ratings', 'details', 'productpage'].flatMap((host) => [
  { host }, { host, headers: { 'end-user': 'jason' } }, { host, path: '/reviews/0' },
]).map((r) => ({ ...r, fromNamespace: 'bookinfo' }));

test.each(BOOKINFO_STEPS.filter((s) => !NOT_WRITTEN.includes(s)))('step %s routes like its sidecar rendering', (step) => {
  const reached = (files: Map<string, string>, request: ExplainRequest) => {
    const e = explain([...base(files), ...under(files, `steps/${step}/`)], request);
    return { outcome: e.outcome === 'default-route' ? 'route' : e.outcome, to: e.destinations.map((d) => [d.workloads, d.weight]), timeout: e.timeout };
  };
  for (const request of REQUESTS) {
    expect({ request, ...reached(ambient.files, request) }).toEqual({ request, ...reached(sidecar.files, request) });
  }
});
