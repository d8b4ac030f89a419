// migrate --to gateway-api on every Istio Bookinfo traffic file: the output validates against the platform's Gateway API
// v1.2.1 and OSSM 3 CRDs (unknown fields are errors), the report is honest (exactly the fault, TLS and other files
// are incomplete), and explain proves the same requests reach the same workloads with the same weights before and after.
import { readdirSync, readFileSync } from 'node:fs';
import { ConversionOutcome, explain } from '../../lib';
import { loadManifests } from '../../lib/analysis/load';
import { KubeObject } from '../../lib/analysis/types';
import { formatGatewayApiMigrationReport, migrateToGatewayApi } from '../../lib/migrate-gateway-api';
import { validateAll } from '../support/crd-schema';
import { describeWithShared, sharedPath } from '../support/shared';

const NETWORKING = sharedPath('reference', 'istio-bookinfo', 'networking');
const PLATFORM = sharedPath('reference', 'istio-bookinfo', 'platform', 'bookinfo.yaml');

/** Requests on each mesh host of Bookinfo that tell its routes apart. */
const REQUESTS: Array<{ headers?: Record<string, string>; path?: string }> = [
  {}, { headers: { 'end-user': 'jason' } }, { headers: { 'end-user': 'someone' } }, { path: '/ratings/0' }, { path: '/reviews/0', headers: { 'end-user': 'jason' } },
];

/** What must not be convertible, file by file (any other file converts completely). */
const NOT_CONVERTIBLE: Record<string, RegExp> = {
  'fault-injection-details-v1.yaml': /^http\[0\]\.fault$/,
  'virtual-service-ratings-test-abort.yaml': /^http\[0\]\.fault$/,
  'virtual-service-ratings-test-delay.yaml': /^http\[0\]\.fault$/,
  // an external host (no Service), a match on the port, TLS routes
  'egress-rule-google-apis.yaml': /^tls$|^hosts\[\d\]$|^http\[\d\](\.|$)/,
};

function reached(objects: readonly KubeObject[], host: string, request: { headers?: Record<string, string>; path?: string }) {
  const e = explain(objects, { host, fromNamespace: 'default', ...request });
  return {
    outcome: e.outcome === 'default-route' ? 'route' : e.outcome,
    destinations: e.destinations.map((d) => ({ workloads: d.workloads, weight: d.weight, problems: d.problems }))
      .sort((a, b) => (a.workloads.join() < b.workloads.join() ? -1 : 1)),
    mirrors: e.mirrors.map((m) => m.workloads),
    timeout: e.timeout,
  };
}

describeWithShared('migrate --to gateway-api on Istio\'s Bookinfo traffic files', [NETWORKING, PLATFORM], () => {
  const files = readdirSync(NETWORKING).filter((f) => /kind: VirtualService/.test(readFileSync(`${NETWORKING}/${f}`, 'utf8'))).sort();

  test('there are traffic files to convert', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  test.each(files)('%s', (file) => {
    const platform = loadManifests([PLATFORM]);
    const rules = loadManifests([`${NETWORKING}/destination-rule-all.yaml`]);
    const traffic = loadManifests([`${NETWORKING}/${file}`]);
    const before = [...platform, ...rules, ...traffic];
    const result = migrateToGatewayApi(before);
    const written = result.files.flatMap((f) => f.objects) as KubeObject[];

    // valid against the cluster's CRDs, unknown fields as errors
    expect(validateAll(written, '3')).toEqual([]);

    // the report: every NOT CONVERTIBLE field expected, and the expected ones present
    const refused = result.entries.flatMap((e) => e.notes.filter((n) => n.outcome === ConversionOutcome.NOT_CONVERTIBLE).map((n) => n.field));
    const expected = NOT_CONVERTIBLE[file];
    if (expected) {
      expect(refused.length).toBeGreaterThan(0);
      for (const f of refused) expect(f).toMatch(expected);
      expect(result.complete).toBe(false);
    } else {
      expect(refused).toEqual([]);
      expect(result.complete).toBe(true);
    }
    expect(formatGatewayApiMigrationReport(result)).toMatch(/Files, in apply order:/);

    // semantic equality, by explain on both sides, for every mesh host the file routes
    const after = [...platform, ...written];
    const meshHosts = traffic.filter((o) => o.kind === 'VirtualService' && (o.spec as any).gateways === undefined)
      .flatMap((o) => ((o.spec as any).hosts as string[])).filter((h) => !h.includes('.'));
    for (const host of meshHosts) {
      for (const request of REQUESTS) {
        const a = reached(before, host, request);
        const b = reached(after, host, request);
        expect({ file, host, request, ...b }).toEqual({ file, host, request, ...a });
      }
      // the HTTPRoute is what routes after the migration
      expect(explain(after, { host, fromNamespace: 'default' }).virtualService).toMatch(/^HTTPRoute default\//);
    }
  });
});
