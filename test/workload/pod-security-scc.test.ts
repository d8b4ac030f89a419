import { Chart, Testing } from 'cdk8s';
import { MeshDeployment, MeshDeploymentProps, synthWarningsOf, TravelsAppsChart, ValidationError } from '../../lib';
import { sccRangeProblems } from '../../lib/core/pod-security';
import { errorOf } from '../support/errors';
import { meshApp } from '../support/control-planes';

const build = (props: Partial<MeshDeploymentProps> = {}) => {
  const chart = new Chart(meshApp(), 'c');
  new MeshDeployment(chart, 'd', { namespace: 'shop', app: 'cart', version: 'v1', image: 'img', ...props });
  return { chart, warnings: synthWarningsOf(chart.node.root as never).map((w) => w.message) };
};
const RANGE = { start: 1000680000, size: 10000 };

describe('OpenShift restricted-v2: fixed UIDs and fsGroups', () => {
  test('none fixed: no warning, nothing refused (OpenShift assigns them)', () => {
    expect(build().warnings).toEqual([]);
    expect(build({ namespaceUidRange: RANGE }).warnings).toEqual([]);
  });

  test('a fixed runAsUser or fsGroup without the namespace\'s range is synthesized with a warning that says why', () => {
    const { chart, warnings } = build({ podSecurityContext: { runAsUser: 1000, fsGroup: 2000 } });
    expect(Testing.synth(chart)[0].spec.template.spec.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 2000 });
    expect(warnings).toEqual([expect.stringContaining('the pod sets runAsUser: 1000, outside the namespace\'s range (unknown here); the pod sets fsGroup: 2000, outside the namespace\'s range (unknown here): '
      + 'OpenShift\'s restricted-v2 SCC admits only UIDs and fsGroups from the namespace\'s range (annotation openshift.io/sa.scc.uid-range), so it will refuse these pods.')]);
    expect(build({ containerSecurityContext: { runAsUser: 1001 } }).warnings).toEqual([expect.stringContaining('container "cart" sets runAsUser: 1001')]);
  });

  test('with the range: values outside it are refused with the reason, values inside it pass without warning', () => {
    const e = errorOf(() => build({ podSecurityContext: { runAsUser: 1000 }, namespaceUidRange: RANGE }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/^c\/d: security context .* is not valid\. Allowed: on OpenShift, user and group IDs that the restricted-v2 SCC admits — within the namespace's range \(MustRunAsRange\); here the pod sets runAsUser: 1000, outside the namespace's range 1000680000\/10000\./);
    expect(() => build({ podSecurityContext: { fsGroup: RANGE.start + RANGE.size }, namespaceUidRange: RANGE })).toThrow(/fsGroup: 1000690000, outside/);
    expect(build({ podSecurityContext: { runAsUser: RANGE.start, fsGroup: RANGE.start + RANGE.size - 1 }, namespaceUidRange: RANGE }).warnings).toEqual([]);
  });

  test('a bad range is refused', () => {
    expect(() => build({ namespaceUidRange: { start: -1, size: 10 } })).toThrow(/c\/d: namespaceUidRange\.start -1 is not valid/);
    expect(() => build({ namespaceUidRange: { start: 1, size: 0 } })).toThrow(/c\/d: namespaceUidRange\.size 0 is not valid/);
    expect(() => build({ namespaceUidRange: '1000680000/10000' as never })).toThrow(/c\/d: namespaceUidRange "1000680000\/10000" is not valid\. Allowed: an object/);
  });

  test('the Travels apps with runAsUser (for clusters without the SCC) warn once per workload', () => {
    const chart = new TravelsAppsChart(meshApp(), 'apps', { runAsUser: 1000 });
    const warnings = synthWarningsOf(chart.node.root as never).filter((w) => w.message.includes('restricted-v2'));
    expect(warnings.length).toBeGreaterThan(5);
  });

  test('sccRangeProblems reads any pod spec (root is Pod Security\'s business, not repeated here)', () => {
    expect(sccRangeProblems({ securityContext: { runAsUser: 0 } })).toEqual([]);
    expect(sccRangeProblems(null)).toEqual([]);
    expect(sccRangeProblems({ initContainers: [{ name: 'i', securityContext: { runAsUser: 5 } }] }, RANGE)).toEqual(['container "i" sets runAsUser: 5, outside the namespace\'s range 1000680000/10000']);
  });
});
