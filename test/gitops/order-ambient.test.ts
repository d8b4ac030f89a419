/**
 * Proof of order for the OSSM 3 workshop in ambient mode: the ZTunnel with the Istio and IstioCNI in the control-plane
 * stage, the agency's waypoint and the Gateway API control ingress with the apps (after an Istio with profile
 * ambient), the steps' HTTPRoutes; played onto a fresh cluster as in order.test.ts. The model's waypoint check is
 * proven to fire on a waypoint without an ambient control plane.
 */
import { parseAllDocuments } from 'yaml';
import { DataPlaneMode, renderTravelsDelivery, TravelsDeliveryOptions, TravelsWorkshopOptions, WORKSHOP_STEPS } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { playFreshClusters, PlayResult } from '../support/fresh-cluster';

const REPO = 'https://git.example.com/platform/mesh.git';
const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
const workshop: TravelsWorkshopOptions = { clusterBaseDomain: 'apps-test.example.com', ossm3: { dataPlane: DataPlaneMode.AMBIENT } };

function repoOf(options: Omit<TravelsDeliveryOptions, 'gitOps'>): Map<string, string> {
  const { files } = renderTravelsDelivery({ ...options, gitOps: { source: { repoUrl: REPO, path: 'dist' } } });
  return new Map([...files].map(([f, text]) => [`dist/${f}`, text]));
}

function play(repo: ReadonlyMap<string, string>): PlayResult {
  return playFreshClusters(repo, [...objectsOf(repo.get('dist/argocd/health-checks/openshift-gitops.yaml')!), ...objectsOf(repo.get('dist/argocd/app-of-apps.yaml')!)], REPO);
}

describe('proof of order: the OSSM 3 workshop in ambient mode on a fresh cluster', () => {
  test.each(WORKSHOP_STEPS.filter((s) => s !== 'fault-injection'))('with step %s: nothing too early; ZTunnel, waypoint and HTTPRoute are created', (step) => {
    const result = play(repoOf({ workshop, step }));
    expect(result.violations).toEqual([]);
    const created = [...result.clusters.get('in-cluster')!.objects.keys()];
    expect(created).toEqual(expect.arrayContaining(['ZTunnel//default', 'Gateway/travel-agency/waypoint', 'HTTPRoute/travel-agency/travels']));
  });

  test('the model refuses a waypoint when the Istio has no ambient profile', () => {
    const repo = repoOf({ workshop, step: 'header-routing' });
    const sidecarIstio = new Map([...repo].map(([f, text]) => [f, text.replace(/^  profile: ambient\n/m, '')]));
    expect(play(sidecarIstio).violations).toContainEqual(expect.stringMatching(/Gateway\/travel-agency\/waypoint .*a waypoint, applied while no Istio with profile ambient/));
  });
});
