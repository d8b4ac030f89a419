// The analyzer as a whole: a clean mesh gives no finding, and malformed objects never crash it.
import { analyze, KubeObject } from '../../lib/analysis';
import { NET, cleanMesh } from './fixtures';

test('the clean fixture has no finding at all', () => {
  const result = analyze(cleanMesh());
  expect(result.findings).toEqual([]);
  expect(result).toMatchObject({ errors: 0, warnings: 0, suppressed: 0, objects: cleanMesh().length });
});

test('malformed objects (nulls, wrong types) do not crash the analyzer', () => {
  const junk: KubeObject[] = [
    { apiVersion: NET, kind: 'VirtualService', metadata: { name: 'a' }, spec: null },
    { apiVersion: NET, kind: 'VirtualService', metadata: { name: 'b' }, spec: { hosts: [null, 3], http: [null, { route: 'x', match: [null] }], gateways: 'g' } },
    { apiVersion: NET, kind: 'DestinationRule', metadata: { name: 'c' }, spec: { host: 5, subsets: [null, { labels: 'x' }], trafficPolicy: { outlierDetection: null } } },
    { apiVersion: NET, kind: 'Gateway', metadata: null as any, spec: { servers: [{ hosts: null }], selector: [] } },
    { apiVersion: 'v1', kind: 'Service', spec: { ports: [null, { name: 7 }], selector: null } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { metadata: { labels: null } } } },
    { apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'cp' }, spec: { gateways: null, tracing: 'x' } },
    { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default' }, spec: { members: [null, 'x'] } },
  ] as KubeObject[];
  const result = analyze(junk);
  expect(result.objects).toBe(junk.length);
  expect(result.findings.every((f) => /^OSSM\d{3}$/.test(f.code))).toBe(true);
});
