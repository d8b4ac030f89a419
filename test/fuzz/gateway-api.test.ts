/**
 * Property-based tests of `migrateToGatewayApi` (cdk8s-ossm migrate --to gateway-api), which reads users' YAML: for
 * arbitrary objects it answers and never fails from inside; what it writes validates against the OSSM 3 and Gateway
 * API v1.2.1 CRDs; and when it reports everything converted, explain finds the same destinations and weights before
 * and after for requests of the scenario's host.
 *
 * Same conventions as fuzz.test.ts: FUZZ_RUNS (default 300) inputs per property, scaled by its weight, seed FUZZ_SEED.
 */
import fc from 'fast-check';
import { explain, KubeObject } from '../../lib';
import { ConversionOutcome } from '../../lib/traffic/render-gateway-api/convert-http';
import { migrateToGatewayApi } from '../../lib/migrate-gateway-api';
import { validateAll } from '../support/crd-schema';
import { kubeObjects, scenario, SCENARIO_NAMESPACE } from './manifests';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20260401);
const runs = (weight = 1): fc.Parameters<unknown> => ({ numRuns: Math.max(20, Math.round(RUNS * weight)), seed: SEED });

/** The scenario's Service, pods and DestinationRule with a VirtualService of HTTP rules whose matches and splits vary. */
const routedScenario = (): fc.Arbitrary<KubeObject[]> => {
  const match = fc.record({
    headers: fc.option(fc.constantFrom({ portal: { exact: 'viaggi.it' } }, { portal: { regex: 'travels\\..*' } }, { portal: { prefix: 'via' } }), { nil: undefined }),
    uri: fc.option(fc.constantFrom({ exact: '/x' }, { prefix: '/api' }, { prefix: '/' }, { regex: '/a.*' }), { nil: undefined }),
    method: fc.option(fc.constantFrom({ exact: 'POST' }, { exact: 'GET' }), { nil: undefined }),
  }, { requiredKeys: [] }).filter((m) => Object.values(m).some((v) => v !== undefined));
  const destination = fc.record({ host: fc.constantFrom('travels', `travels.${SCENARIO_NAMESPACE}.svc.cluster.local`), subset: fc.constantFrom('v1', 'v2') });
  const rule = fc.record({
    match: fc.option(fc.array(match, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    route: fc.oneof(
      destination.map((d) => [{ destination: d }]),
      fc.tuple(fc.integer({ min: 0, max: 100 })).map(([w]) => [{ destination: { host: 'travels', subset: 'v1' }, weight: w }, { destination: { host: 'travels', subset: 'v2' }, weight: 100 - w }]),
    ),
    timeout: fc.option(fc.constantFrom('1s', '1.5s', '250ms'), { nil: undefined }),
  }, { requiredKeys: ['route'] });
  return fc.array(rule, { minLength: 1, maxLength: 4 }).map((http) => [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'travels', namespace: SCENARIO_NAMESPACE }, spec: { selector: { app: 'travels' }, ports: [{ name: 'http', port: 8000 }] } },
    ...['v1', 'v2'].map((version) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `travels-${version}`, namespace: SCENARIO_NAMESPACE },
      spec: { template: { metadata: { labels: { app: 'travels', version } } } } })),
    { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'travels', namespace: SCENARIO_NAMESPACE },
      spec: { host: 'travels', subsets: ['v1', 'v2'].map((version) => ({ name: version, labels: { version } })) } },
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'travels', namespace: SCENARIO_NAMESPACE },
      spec: { hosts: ['travels'], http: JSON.parse(JSON.stringify(http)) } },
  ] as KubeObject[]);
};

const written = (objects: KubeObject[]) => migrateToGatewayApi(objects).files.flatMap((f) => f.objects) as KubeObject[];

describe(`migrateToGatewayApi, ${RUNS} inputs per property, seed ${SEED}`, () => {
  test('answers for any objects, and reports on every VirtualService, DestinationRule and Istio Gateway', () => {
    fc.assert(fc.property(fc.oneof(kubeObjects(), scenario()), (objects) => {
      const result = migrateToGatewayApi(objects);
      const istio = objects.filter((o) => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('networking.istio.io/')
        && ['VirtualService', 'DestinationRule', 'Gateway'].includes(String(o.kind)));
      expect(result.entries).toHaveLength(istio.length);
      expect(result.complete).toBe(result.entries.every((e) => e.notes.every((n) => n.outcome !== ConversionOutcome.NOT_CONVERTIBLE)));
    }), runs(0.5));
  });

  test('what it writes for input the CRDs accept validates against the OSSM 3 and Gateway API v1.2.1 CRDs', () => {
    fc.assert(fc.property(fc.oneof(scenario(), routedScenario()), (objects) => {
      fc.pre(validateAll(objects.filter((o) => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('networking.istio.io/')), '3').length === 0);
      expect(validateAll(written(objects), '3')).toEqual([]);
    }), runs(0.5));
  });

  test('when everything converted, the scenario\'s host routes to the same workloads with the same weights', () => {
    const requests = fc.constantFrom({}, { headers: { portal: 'viaggi.it' } }, { headers: { portal: 'travels.uk' } }, { path: '/x' }, { path: '/api/1', method: 'POST' });
    fc.assert(fc.property(routedScenario(), requests, (objects, request) => {
      const result = migrateToGatewayApi(objects);
      fc.pre(result.complete && result.files.some((f) => f.objects.some((o) => o.kind === 'HTTPRoute')));
      const base = objects.filter((o) => !(typeof o.apiVersion === 'string' && o.apiVersion.startsWith('networking.istio.io/')));
      const after = [...base, ...(result.files.flatMap((f) => f.objects) as KubeObject[])];
      const reached = (set: KubeObject[]) => {
        const e = explain(set, { host: `travels.${SCENARIO_NAMESPACE}`, fromNamespace: SCENARIO_NAMESPACE, ...request });
        return { outcome: e.outcome === 'default-route' ? 'route' : e.outcome, to: e.destinations.map((d) => [d.workloads, d.weight]), timeout: e.timeout && e.timeout.replace(/^1\.5s$/, '1s500ms').replace(/^250ms$/, '250ms') };
      };
      expect(reached(after)).toEqual(reached(objects));
    }), runs(0.5));
  });
});
