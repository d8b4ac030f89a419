// cdk8s-ossm migrate --to gateway-api: YAML out, report on stderr, exit 1 when something is not convertible (the rest
// still written), --out files in apply order, and usage errors.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../../lib/analysis/types';
import { runCli, tempFolderPerTest } from '../support/cli';

const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  trafficPolicy: {connectionPool: {tcp: {maxConnections: 10}}}
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}, trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}}]
`;
const ROUTES = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route: [{destination: {host: reviews, subset: v1}, weight: 90}, {destination: {host: reviews, subset: v2}, weight: 10}]
`;
const FAULT = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - fault: {abort: {httpStatus: 500, percentage: {value: 100}}}
    route: [{destination: {host: reviews, subset: v1}}]
`;

describe('cdk8s-ossm migrate --to gateway-api', () => {
  const dir = tempFolderPerTest('cdk8s-ossm-migrate-gwapi-');

  test('YAML on standard output, the report on standard error, exit 0 when everything converted', () => {
    const result = runCli('migrate', '--to', 'gateway-api', dir.write('svc.yaml', SERVICE), dir.write('vs.yaml', ROUTES));
    expect(result.code).toBe(0);
    const objects = objectsOf(result.stdout);
    expect(objects.map((o) => `${o.kind} ${o.metadata?.name}`)).toEqual([
      'Service reviews-v1', 'Service reviews-v2', 'HTTPRoute reviews', 'DestinationRule reviews', 'DestinationRule reviews-v1', 'DestinationRule reviews-v2',
    ]);
    expect((objects[2].spec as any).rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['reviews-v1', 90], ['reviews-v2', 10]]);
    expect(objects[3].spec).toEqual({ host: 'reviews', trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } } });
    // the subset's policy over the rule's
    expect(objects[5].spec).toEqual({
      host: 'reviews-v2.shop.svc.cluster.local',
      trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } }, loadBalancer: { simple: 'ROUND_ROBIN' } },
    });
    expect(result.stderr).toMatch(/^VirtualService shop\/reviews$/m);
    expect(result.stderr).toMatch(/^ {2}kept {13}trafficPolicy: DestinationRule kept without subsets/m);
    expect(result.stderr).toMatch(/Everything was converted or kept\.\n$/);
  });

  test('exit 1 when a field cannot be converted; the rest is still written; --out writes the files in apply order', () => {
    const out = join(dir.path, 'out');
    const result = runCli('migrate', '--to', 'gateway-api', dir.write('svc.yaml', SERVICE), dir.write('vs.yaml', FAULT), '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ {2}NOT CONVERTIBLE {2}http\[0\]\.fault: Gateway API has no fault injection/m);
    expect(readdirSync(out).filter((f) => f.endsWith('.yaml')).sort()).toEqual(['02-version-services.yaml', '03-routes.yaml', '04-destination-rules.yaml']);
    expect(objectsOf(readFileSync(join(out, '03-routes.yaml'), 'utf8')).map((o) => o.kind)).toEqual(['HTTPRoute']);
  });

  test('usage and input errors', () => {
    expect(runCli('migrate', '--to', 'linkerd', dir.write('vs.yaml', ROUTES))).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringMatching(/--to "linkerd" is not valid\. Allowed: ossm3 or gateway-api\./) }));
    expect(runCli('migrate', '--to', 'gateway-api', dir.write('svc.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n')).code).toBe(2);
    expect(runCli('migrate', '--to', 'gateway-api', '--istio-version', 'v1.30-latest', dir.write('vs2.yaml', ROUTES)).code).toBe(2);
  });
});
