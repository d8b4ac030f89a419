/**
 * Proof of order for the OSSM 3 workshop routed by Gateway API: the Gateway API CRDs are the platform's (OpenShift
 * 4.19+ serves them before any operator), so HTTPRoutes and per-version Services apply with the steps; played onto a
 * fresh cluster as in order.test.ts.
 */
import { parseAllDocuments } from 'yaml';
import { OssmVersion, renderTravelsDelivery, RoutingApi, TravelsDeliveryOptions, TravelsWorkshopOptions, WORKSHOP_STEPS } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { playFreshClusters, PlayResult } from '../support/fresh-cluster';

const REPO = 'https://git.example.com/platform/mesh.git';
const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
const workshop: TravelsWorkshopOptions = {
  clusterBaseDomain: 'apps-test.example.com', ossmVersion: OssmVersion.V3, ossm3: { routingApi: RoutingApi.GATEWAY_API },
};

function repoOf(options: Omit<TravelsDeliveryOptions, 'gitOps'>): Map<string, string> {
  const { files } = renderTravelsDelivery({ ...options, gitOps: { source: { repoUrl: REPO, path: 'dist' } } });
  return new Map([...files].map(([f, text]) => [`dist/${f}`, text]));
}

function play(repo: ReadonlyMap<string, string>): PlayResult {
  return playFreshClusters(repo, [...objectsOf(repo.get('dist/argocd/health-checks/openshift-gitops.yaml')!), ...objectsOf(repo.get('dist/argocd/app-of-apps.yaml')!)], REPO);
}

describe('proof of order: the OSSM 3 workshop routed by Gateway API on a fresh cluster', () => {
  test.each(WORKSHOP_STEPS.filter((s) => s !== 'fault-injection'))('with step %s: nothing too early, and its HTTPRoute is created', (step) => {
    const result = play(repoOf({ workshop, step }));
    expect(result.violations).toEqual([]);
    expect([...result.clusters.get('in-cluster')!.objects.keys()]).toContainEqual('HTTPRoute/travel-agency/travels');
  });

  test('Argo CD cannot deliver step fault-injection, which is not written: refused at synth, naming the steps there are', () => {
    expect(() => repoOf({ workshop, step: 'fault-injection' }))
      .toThrow(/step "steps\/fault-injection" is not valid\. Allowed: "steps\/circuit-breaker", "steps\/header-routing", "steps\/weighted-routing"/);
  });
});
