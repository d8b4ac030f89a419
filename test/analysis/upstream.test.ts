// The upstream Travels manifests (kiali/demos, read-only reference copies), applied with `oc apply -n <ns>`.
import * as path from 'node:path';
import { analyze, loadManifests } from '../../lib/analysis';
import { describeWithShared, sharedPath } from '../support/shared';

const DEMOS = sharedPath('reference', 'kiali-demos');
const FILES: ReadonlyArray<[string, string]> = [
  ['travel_agency.yaml', 'travel-agency'],
  ['travels-v2.yaml', 'travel-agency'],
  ['travels-v3.yaml', 'travel-agency'],
  ['travel_portal.yaml', 'travel-portal'],
  ['travel_loadtester.yaml', 'travel-portal'],
  ['travel_control.yaml', 'travel-control'],
];

describeWithShared('upstream Travels manifests', [DEMOS], () => {
  const load = (): ReturnType<typeof loadManifests> => FILES.flatMap(([file, ns]) => loadManifests([path.join(DEMOS, file)], { namespace: ns }));

  test('load with their namespaces, including mysqldb\'s emptyDir: null', () => {
    const objects = load();
    expect(objects).toHaveLength(27);
    expect(new Set(objects.map((o) => o.metadata?.namespace))).toEqual(new Set(['travel-agency', 'travel-portal', 'travel-control']));
    const mysql = objects.find((o) => o.metadata?.name === 'mysqldb-v1');
    expect(mysql?.spec.template.spec.volumes[0].emptyDir).toBeNull();
  });

  // On OSSM 2.6 (the workshop's original platform) a pod is injected only with the sidecar.istio.io/inject pod label,
  // which the upstream manifests (written for namespace-label injection) do not carry.
  const OSSM_2_6 = { assumeIstio: '1.20' };

  test('on OSSM 2.6: no error; the only findings are the missing injection labels of the 13 Deployments', () => {
    const result = analyze(load(), OSSM_2_6);
    expect(result.errors).toBe(0);
    expect(result.suppressed).toBe(0);
    expect([...new Set(result.findings.map((f) => f.code))]).toEqual(['OSSM501']);
    expect(result.findings.map((f) => `${f.namespace}/${f.name}`)).toEqual([
      'travel-agency/cars-v1', 'travel-agency/discounts-v1', 'travel-agency/flights-v1', 'travel-agency/hotels-v1',
      'travel-agency/insurances-v1', 'travel-agency/mysqldb-v1', 'travel-agency/travels-v1', 'travel-agency/travels-v2',
      'travel-agency/travels-v3', 'travel-control/control', 'travel-portal/loadtester', 'travel-portal/travels',
      'travel-portal/viaggi', 'travel-portal/voyages',
    ]);
  });

  test('on OSSM 3, the default platform, no finding at all: injection is decided by namespace labels, and no Namespace is in the set', () => {
    expect(analyze(load()).findings).toEqual([]);
    // the same pods in a namespace that the set shows without an injection label get OSSM 3's OSSM501
    const unlabeled = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'travel-portal' } };
    expect(analyze([...load(), unlabeled]).findings.map((f) => `${f.code} ${f.namespace}/${f.name}`))
      .toEqual(['OSSM501 travel-portal/loadtester', 'OSSM501 travel-portal/travels', 'OSSM501 travel-portal/viaggi', 'OSSM501 travel-portal/voyages']);
  });

  test('on OSSM 2.6, each file analyzed alone has no error either', () => {
    for (const [file, ns] of FILES) {
      const result = analyze(loadManifests([path.join(DEMOS, file)], { namespace: ns }), { defaultNamespace: ns, ...OSSM_2_6 });
      expect({ file, errors: result.errors, codes: [...new Set(result.findings.map((f) => f.code))] }).toEqual({ file, errors: 0, codes: ['OSSM501'] });
    }
  });

  test('a short host "travels" is Istio\'s convention in travel-agency (its own Service), and ambiguous only where no travels Service lives', () => {
    const vs = (namespace: string) => ({ apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'travels', namespace },
      spec: { hosts: ['travels'], http: [{ route: [{ destination: { host: 'travels' } }] }] } });
    const codes = (namespace: string) => analyze([...load(), vs(namespace)]).findings.filter((f) => f.kind === 'VirtualService' && f.code === 'OSSM602').map((f) => f.namespace);
    expect(codes('travel-agency')).toEqual([]);
    expect(codes('travel-control')).toEqual(['travel-control']);
  });
});
