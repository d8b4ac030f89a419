// The httpbin + sleep example (examples/httpbin), built from the package root only, as a user's first app: on OSSM 3
// (what npm run synth:httpbin writes) and on OSSM 2.6, its facts checked one by one, the analyzer clean, every custom
// resource valid against the platform's CRDs, and a snapshot of the OSSM 3 output.
import { App } from 'cdk8s';
import { MeshBaseChart, OssmVersion, parseManifests, renderDist } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { buildHttpbin, HTTPBIN_IMAGE, SLEEP_IMAGE } from '../../examples/httpbin/httpbin';
import { validateAll } from '../support/crd-schema';
import { describeWithShared, sharedPath } from '../support/shared';

const ossm3 = new MeshBaseChart(new App(), 'mesh', { ossmVersion: OssmVersion.V3 }).meshControlPlane;
const v3 = renderDist(buildHttpbin({ controlPlane: ossm3 }), { assumeIstio: '1.30' });
const objects3 = [...v3.files].flatMap(([f, text]) => parseManifests(text, f));
const ossm26 = new MeshBaseChart(new App(), 'mesh', { ossmVersion: OssmVersion.V2_6 }).meshControlPlane;
const v26 = renderDist(buildHttpbin({ controlPlane: ossm26 }));
const objects26 = [...v26.files].flatMap(([f, text]) => parseManifests(text, f));
const find = (objects: KubeObject[], kind: string, name: string) => {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

test('the layout: the namespace in 01-control-plane, everything else in 02-apps, no steps', () => {
  expect(v3.report.files).toEqual(['01-control-plane/httpbin.yaml', '02-apps/httpbin.yaml']);
  expect(objects3.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name)).toEqual(['httpbin']);
});

test('httpbin: Service port 8000 to pods on 8080, two versions under ServiceAccount httpbin; sleep runs "sleep infinity" as sleep', () => {
  expect(find(objects3, 'Service', 'httpbin').spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 8080 }]);
  for (const version of ['v1', 'v2']) {
    const pod = find(objects3, 'Deployment', `httpbin-${version}`).spec.template.spec;
    expect([pod.serviceAccountName, pod.containers[0].image, pod.containers[0].ports]).toEqual(['httpbin', HTTPBIN_IMAGE, [{ containerPort: 8080 }]]);
  }
  const sleep = find(objects3, 'Deployment', 'sleep-v1').spec.template.spec;
  expect([sleep.serviceAccountName, sleep.containers[0].image, sleep.containers[0].command]).toEqual(['sleep', SLEEP_IMAGE, ['/bin/sleep', 'infinity']]);
  expect(objects3.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata?.name).sort()).toEqual(['httpbin', 'sleep']);
});

test('mTLS STRICT for the namespace; httpbin allows sleep\'s identity (any request) and the ingress gateway\'s namespace (GET)', () => {
  expect(find(objects3, 'PeerAuthentication', 'default')).toMatchObject({ metadata: { namespace: 'httpbin' }, spec: { mtls: { mode: 'STRICT' } } });
  expect(find(objects3, 'AuthorizationPolicy', 'httpbin').spec).toEqual({
    action: 'ALLOW',
    selector: { matchLabels: { app: 'httpbin' } },
    rules: [
      { from: [{ source: { principals: ['cluster.local/ns/httpbin/sa/sleep'] } }] },
      { from: [{ source: { namespaces: [ossm3.ingressGateway.namespace] } }], to: [{ operation: { methods: ['GET'] } }] },
    ],
  });
});

test('routing: 90/10 with every request mirrored to v2, retries on 5xx and connect failures; a circuit breaker on the DestinationRule', () => {
  const vs = find(objects3, 'VirtualService', 'httpbin');
  expect(vs.spec.http).toHaveLength(1);
  const route = vs.spec.http[0];
  expect(route.route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v1', 90], ['v2', 10]]);
  expect(route.mirror).toMatchObject({ host: 'httpbin.httpbin.svc.cluster.local', subset: 'v2' });
  expect(route.mirrorPercentage).toEqual({ value: 100 });
  expect(route.retries).toEqual({ attempts: 3, perTryTimeout: '2s', retryOn: '5xx,connect-failure' });
  expect(route.timeout).toBe('10s');
  const dr = find(objects3, 'DestinationRule', 'httpbin').spec;
  expect(dr.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
  expect(dr.trafficPolicy.connectionPool).toEqual({ tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } });
  expect(dr.trafficPolicy.outlierDetection).toMatchObject({ consecutive5xxErrors: 1, maxEjectionPercent: 100 });
});

test('HTTPS ingress: 443 with the credential, HTTP redirected; on OSSM 3 a Route to the gateway for the host (no IOR)', () => {
  const servers = find(objects3, 'Gateway', 'httpbin-gateway').spec.servers;
  expect(servers).toContainEqual(expect.objectContaining({ port: expect.objectContaining({ number: 443, protocol: 'HTTPS' }), tls: { mode: 'SIMPLE', credentialName: 'httpbin-credential' }, hosts: ['httpbin.apps.example.com'] }));
  expect(servers).toContainEqual(expect.objectContaining({ port: expect.objectContaining({ number: 80 }), tls: { httpsRedirect: true } }));
  const routes = objects3.filter((o) => o.kind === 'Route');
  expect(routes.map((r) => [r.metadata?.namespace, r.spec.host])).toEqual([[ossm3.ingressGateway.namespace, 'httpbin.apps.example.com']]);
});

test('on OSSM 3: namespace labels of the mesh, no ServiceMeshMember, Istio v1; the analyzer finds nothing but the suppressed gateway selector', () => {
  expect(find(objects3, 'Namespace', 'httpbin').metadata?.labels).toEqual(ossm3.membership.namespaceLabels);
  expect(objects3.filter((o) => o.kind === 'ServiceMeshMember')).toEqual([]);
  expect([...new Set(objects3.filter((o) => /istio\.io/.test(o.apiVersion)).map((o) => o.apiVersion))].sort()).toEqual(['networking.istio.io/v1', 'security.istio.io/v1']);
  expect(v3.report.findings.map((f) => [f.code, f.suppressedBecause !== undefined])).toEqual([['OSSM301', true]]);
});

test('on OSSM 2.6: a ServiceMeshMember joins the namespace, Istio v1beta1, the same routing', () => {
  expect(find(objects26, 'ServiceMeshMember', 'default').metadata?.namespace).toBe('httpbin');
  expect([...new Set(objects26.filter((o) => /istio\.io/.test(o.apiVersion)).map((o) => o.apiVersion))].sort()).toEqual(['networking.istio.io/v1beta1', 'security.istio.io/v1beta1']);
  expect(find(objects26, 'VirtualService', 'httpbin').spec.http[0].retries.retryOn).toBe('5xx,connect-failure');
  expect(v26.report.findings.filter((f) => f.suppressedBecause === undefined)).toEqual([]);
});

describeWithShared('httpbin against the CRDs', [sharedPath('crds'), sharedPath('crds-ossm3')], () => {
  test('every custom resource is valid: OSSM 3 output against the OSSM 3 CRDs, 2.6 output against 2.6\'s', () => {
    expect(validateAll(objects3, '3')).toEqual([]);
    expect(validateAll(objects26, '2.6')).toEqual([]);
  });
});

test('the OSSM 3 output, as npm run synth:httpbin writes it', () => {
  expect(Object.fromEntries(v3.files)).toMatchSnapshot();
});
