// OSSM801–OSSM803: Sidecar resources.
import { KubeObject } from '../../../lib/analysis';
import { AGENCY, CP, NET, cleanMesh, deployment, findings } from '../fixtures';

const sidecar = (ns: string, name: string, spec: object = {}): KubeObject => ({ apiVersion: NET, kind: 'Sidecar', metadata: { name, namespace: ns }, spec });
const egress = (...hosts: string[]) => ({ egress: [{ hosts }] });

describe('OSSM801 competing Sidecars', () => {
  test('two selector-less Sidecars in one namespace: both reported, each naming the other', () => {
    const f = findings([...cleanMesh(), sidecar(AGENCY, 'a', egress('./*')), sidecar(AGENCY, 'b', egress('./*'))], 'OSSM801');
    expect(f.map((x) => [x.severity, x.name])).toEqual([['error', 'a'], ['error', 'b']]);
    expect(f[0].message).toBe(`namespace ${AGENCY} has other Sidecars without workloadSelector (${AGENCY}/b): Istio applies one of them, unpredictably`);
  });

  test('two Sidecars whose selectors select the same workload', () => {
    const v1 = sidecar(AGENCY, 'travels', { workloadSelector: { labels: { app: 'travels' } } });
    const v1only = sidecar(AGENCY, 'travels-v1', { workloadSelector: { labels: { version: 'v1' } } });
    const f = findings([...cleanMesh(), v1, v1only], 'OSSM801');
    expect(f.map((x) => x.name)).toEqual(['travels', 'travels-v1']);
    expect(f[0].message).toMatch(/^workloadSelector app=travels selects Deployment\/travels-v1, as travel-agency\/travels-v1 does/);
  });

  test('does not fire for one selector-less Sidecar plus workload Sidecars selecting different workloads, or Sidecars of different namespaces', () => {
    const objects = [...cleanMesh(), sidecar(AGENCY, 'default', egress('./*')), sidecar('other', 'default', egress('./*')),
      sidecar(AGENCY, 'v1', { workloadSelector: { labels: { version: 'v1' } } }), sidecar(AGENCY, 'v2', { workloadSelector: { labels: { version: 'v2' } } })];
    expect(findings(objects, 'OSSM801')).toEqual([]);
  });
});

describe('OSSM802 Sidecar egress host nothing provides', () => {
  test('fires for a host no Service provides and for a namespace the set holds nothing of', () => {
    const f = findings([...cleanMesh(), sidecar(AGENCY, 'default', egress(`./travel.${AGENCY}.svc.cluster.local`, 'travel-portl/*'))], 'OSSM802');
    expect(f.map((x) => [x.severity, x.message])).toEqual([
      ['warning', `egress[0].hosts[0] "./travel.${AGENCY}.svc.cluster.local": no Service or ServiceEntry of namespace ${AGENCY} visible to ${AGENCY} provides travel.${AGENCY}.svc.cluster.local, so the sidecar knows no such host`],
      ['warning', 'egress[0].hosts[1] "travel-portl/*" names namespace travel-portl, which the set holds nothing of: the sidecar imports no host from it'],
    ]);
  });

  test('istio-system/* is fine even in a set without the control plane', () => {
    const app = [deployment('shop', 'web', { app: 'web' }), sidecar('shop', 'default', egress('./*', 'istio-system/*'))];
    expect(findings(app, 'OSSM802')).toEqual([]);
  });

  test('does not fire for provided hosts, wildcards, the root namespace, `*/*` and `~/*`', () => {
    const s = sidecar(AGENCY, 'default', egress(`./travels.${AGENCY}.svc.cluster.local`, `*/*.${AGENCY}.svc.cluster.local`, `${CP}/*`, '*/*', '~/*', './*'));
    expect(findings([...cleanMesh(), s], 'OSSM802')).toEqual([]);
  });
});

describe('OSSM803 root-namespace Sidecar with a selector', () => {
  test('fires in the root namespace only', () => {
    const root = sidecar(CP, 'default', { workloadSelector: { labels: { app: 'travels' } }, ...egress('./*') });
    expect(findings([...cleanMesh(), root], 'OSSM803').map((x) => [x.severity, x.message])).toEqual([
      ['warning', `a Sidecar of the root namespace ${CP} with workloadSelector app=travels is no mesh-wide default: it applies only to matching pods of ${CP}`]]);
  });

  test('does not fire for the mesh-wide default (no selector) or a workload Sidecar elsewhere', () => {
    const objects = [...cleanMesh(), sidecar(CP, 'default', egress('./*')), sidecar(AGENCY, 'v1', { workloadSelector: { labels: { version: 'v1' } } }), deployment(CP, 'tool', { app: 'tool' })];
    expect(findings(objects, 'OSSM803')).toEqual([]);
  });
});
